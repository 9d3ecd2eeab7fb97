"""The digits configurations' printed names and line styles, shared by the chapter's figures."""

from vanishing_site.style import COLORS

LABELS = {
    "sigmoid": "sigmoid",
    "tanh": "tanh",
    "relu_he": "ReLU, He",
    "relu_he_batchnorm": "ReLU, He, BatchNorm",
    "relu_he_residual": "ReLU, He, residual",
}
STYLES = {
    "sigmoid": (COLORS[5], "--"),
    "tanh": (COLORS[4], ":"),
    "relu_he": (COLORS[0], "-."),
    "relu_he_batchnorm": (COLORS[2], "-"),
    "relu_he_residual": (COLORS[1], "-"),
}
