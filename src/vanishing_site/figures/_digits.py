"""The digits configurations' printed names and line styles, shared by the chapter's figures."""

from vanishing_site.style import activation_colour

LABELS = {
    "sigmoid": "sigmoid",
    "tanh": "tanh",
    "relu_he": "ReLU, He",
    "relu_he_batchnorm": "ReLU, He, BatchNorm",
    "relu_he_residual": "ReLU, He, residual",
}
STYLES = {
    "sigmoid": (activation_colour("sigmoid"), "--"),
    "tanh": (activation_colour("tanh"), ":"),
    "relu_he": (activation_colour("relu"), "-."),
    "relu_he_batchnorm": (activation_colour("relu"), "-"),
    "relu_he_residual": (activation_colour("relu"), (0, (6, 1.5, 1, 1.5, 1, 1.5))),
}
