"""How a ratio quoted as a property of a configuration must read: a mean over at least MIN_SEEDS
seeds with its spread, as values.mean_spread prints a SeedSummary ('0.41 ± 0.01 over 8 seeds',
'10^(−0.07 ± 0.23) over 8 seeds', '27% ± 3% over 8 seeds')."""

import re

from vanishing.experiments.results import MIN_SEEDS

SEED_SPREAD = re.compile(r"(?P<mean>.+) ± (?P<spread>.+) over (?P<n>\d+) seeds")


def assert_seed_spread(text: str) -> None:
    """text is one 'mean ± spread over n seeds' with n >= MIN_SEEDS."""
    match = SEED_SPREAD.fullmatch(text)
    assert match, f"{text!r} is not 'mean ± spread over n seeds'"
    assert int(match["n"]) >= MIN_SEEDS, f"{text!r}: fewer than {MIN_SEEDS} seeds"
