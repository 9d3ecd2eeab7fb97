"""Real data read from a file: the 8 × 8 handwritten digits of Alpaydin and Kaynak (UCI, 1998).

scikit-learn ships them as `sklearn/datasets/data/digits.csv.gz`: 1,797 rows, each 64 pixel
intensities (integers 0..16, an 8 × 8 image read row by row) followed by the digit 0..9. This
module parses that file given its path, so the library needs no scikit-learn and no download.
"""

import gzip

import numpy as np

PIXELS = 64  # 8 × 8
MAX_INTENSITY = 16  # each pixel counts the set pixels of a 4 × 4 block of a 32 × 32 bitmap


def digits(path):
    """(X, labels) from the gzip CSV at `path`: X is (n, 64) float in [0, 1] (intensity / 16),
    labels is (n,) int."""
    with gzip.open(path, "rt") as f:
        table = np.loadtxt(f, delimiter=",")
    if table.shape[1] != PIXELS + 1:
        raise ValueError(f"expected {PIXELS + 1} columns, got {table.shape[1]}")
    return table[:, :PIXELS] / MAX_INTENSITY, table[:, PIXELS].astype(int)
