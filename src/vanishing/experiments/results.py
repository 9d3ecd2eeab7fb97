"""Named experiment results: frozen dataclasses whose arrays carry labelled axes.

A result declares its coordinates with `coord(dim)` (the labels along one axis, e.g. the
activations) and its arrays with `data(*dims)` (the axes of the array, in order). `sel` picks
labels by dimension name, e.g. `profiles.sel(activation="relu", scheme="he_normal")`, the way
xarray's Dataset.sel does, without the dependency.
"""

import dataclasses
from typing import Any

import numpy as np


def coord(dim: str) -> Any:
    """A field holding the labels of dimension `dim`."""
    return dataclasses.field(metadata={"coord": dim})


def data(*dims: str) -> Any:
    """A field holding an array (or a nested result) whose leading axes are `dims`."""
    return dataclasses.field(metadata={"dims": dims})


def first_over_last(values) -> Any:
    """values at the first hidden layer over values at the last: the ratio that says how much
    of a per-layer quantity survives the way down (or up). The layer axis is the last one."""
    values = np.asarray(values)
    return values[..., 0] / values[..., -1]


MIN_SEEDS = 8  # a ratio quoted as a property of a configuration is a mean over at least this many


@dataclasses.dataclass(frozen=True)
class SeedSummary:
    """A quantity measured once per seed: its mean and its spread (the sample standard deviation,
    ddof = 1) over `n` seeds. Ratios that span orders of magnitude are summarised in log10
    (`of_log10`), where seeds scatter symmetrically; `mean` is then a mean log10."""

    mean: float
    spread: float
    n: int
    log10: bool = False

    @classmethod
    def of(cls, values) -> "SeedSummary":
        values = np.asarray(values, dtype=float).ravel()
        if values.size < 2:
            raise ValueError(f"a spread needs at least 2 seeds, got {values.size}")
        return cls(float(values.mean()), float(values.std(ddof=1)), values.size)

    @classmethod
    def of_log10(cls, values) -> "SeedSummary":
        values = np.asarray(values, dtype=float)
        if np.any(values <= 0):
            raise ValueError("log10 summary of non-positive values")
        return dataclasses.replace(cls.of(np.log10(values)), log10=True)

    @property
    def geometric_mean(self) -> float:
        """10 ** mean for a log10 summary: the typical ratio."""
        if not self.log10:
            raise ValueError("geometric_mean of a summary not taken in log10")
        return float(10.0**self.mean)


class Labelled:
    """Selection by label for a dataclass declared with `coord` and `data` fields."""

    def _coordinate(self, dim: str):
        """The labels of `dim`, the one label it is fixed at after `sel`, or None for a
        dimension without labels (such as the layers)."""
        for field in dataclasses.fields(self):
            if field.metadata.get("coord") == dim:
                return getattr(self, field.name)
        return None

    def _selected(self, dim: str) -> bool:
        value = self._coordinate(dim)
        return value is not None and not isinstance(value, tuple | list | np.ndarray)

    def labels(self, dim: str) -> tuple:
        """The labels of dimension `dim`, e.g. labels("activation") -> ("sigmoid", "tanh")."""
        value = self._coordinate(dim)
        if value is None:
            dims = [f.metadata["coord"] for f in dataclasses.fields(self) if "coord" in f.metadata]
            raise KeyError(f"{type(self).__name__} has no dimension {dim!r} (it has {dims})")
        if self._selected(dim):
            raise KeyError(f"{dim} is already selected ({value!r})")
        return tuple(value)

    def position(self, dim: str, label) -> int:
        """Where `label` sits along dimension `dim`."""
        positions = {value: i for i, value in enumerate(self.labels(dim))}
        if label not in positions:
            raise KeyError(
                f"no {dim} {label!r} in {type(self).__name__} (it has {tuple(positions)})"
            )
        return positions[label]

    def sel(self, **labels):
        """The result with each named dimension fixed at one label: a result of the same type
        whose arrays have lost those axes and whose coordinate for each is the label itself."""
        for dim in labels:
            self.labels(dim)  # an unknown or already selected dimension is an error
        changes = {}
        for field in dataclasses.fields(self):
            if field.metadata.get("coord") in labels:
                changes[field.name] = labels[field.metadata["coord"]]
            dims = field.metadata.get("dims")
            if dims is None:
                continue
            # An axis fixed by an earlier sel is gone from the array.
            index = tuple(
                self.position(d, labels[d]) if d in labels else slice(None)
                for d in dims
                if not self._selected(d)
            )
            value = getattr(self, field.name)
            if isinstance(value, Labelled):
                changes[field.name] = value.take(index)
            else:
                changes[field.name] = value[index]
        return dataclasses.replace(self, **changes)

    def take(self, index: tuple):
        """Every array field indexed by `index` (for a result nested in another's data field)."""
        return dataclasses.replace(
            self,
            **{
                f.name: getattr(self, f.name)[index]
                for f in dataclasses.fields(self)
                if "dims" in f.metadata
            },
        )
