"""One BLAS thread per test process: on two cores, OpenBLAS's threads only fight each other
(and the figure workers), which made experiment calls up to thirty times slower."""

import os

for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")
