"""Scoring, as pure functions over plain numbers.

- A review's total is the weighted mean of its criterion scores (1–5).
- An idea's mean is the plain mean of its review totals; its spread is their population
  standard deviation (how far the given totals lie from their mean).
- The calibrated mean evens out harsh and lenient reviewers: each total is turned into a
  z-score against that reviewer's own history of totals, then mapped back onto the 1–5
  scale with the mean and standard deviation of all totals in the lab. A reviewer's history
  is all their submitted totals; with fewer than MIN_HISTORY of them their totals count
  raw: too little history to calibrate against.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from math import sqrt
from statistics import fmean, pstdev

SCALE_MIN, SCALE_MAX = 1.0, 5.0
MIN_HISTORY = 3


def review_total(scores: Mapping[int, int], weights: Mapping[int, float]) -> float:
    """Weighted mean of the scores; every weighted criterion must be scored."""
    if set(scores) != set(weights):
        raise ValueError("every criterion needs exactly one score")
    if any(not SCALE_MIN <= s <= SCALE_MAX for s in scores.values()):
        raise ValueError("scores run from 1 to 5")
    total_weight = sum(weights.values())
    if total_weight <= 0:
        raise ValueError("the weights must add up to more than zero")
    return sum(scores[c] * weights[c] for c in scores) / total_weight


def mean(totals: Sequence[float]) -> float | None:
    return fmean(totals) if totals else None


def spread(totals: Sequence[float]) -> float | None:
    """Population standard deviation; one review has no spread (0.0), none has none (None)."""
    return pstdev(totals) if totals else None


@dataclass(frozen=True)
class Summary:
    """Count, mean and population standard deviation of a set of totals."""

    count: int
    mean: float
    sd: float

    @classmethod
    def of(cls, values: Sequence[float]) -> "Summary":
        if not values:
            return cls(0, 0.0, 0.0)
        return cls(len(values), fmean(values), pstdev(values))

    @classmethod
    def from_sums(cls, count: int, total: float, total_of_squares: float) -> "Summary":
        """From SQL aggregates (COUNT, SUM, SUM of squares): every database has those."""
        if count == 0:
            return cls(0, 0.0, 0.0)
        average = total / count
        return cls(count, average, sqrt(max(0.0, total_of_squares / count - average * average)))


def calibrate(total: float, reviewer: Summary, lab: Summary) -> float:
    """One total, standardised against its reviewer's history, back on the lab's 1–5 scale."""
    if reviewer.count < MIN_HISTORY:
        return total
    z = 0.0 if reviewer.sd < 1e-9 else (total - reviewer.mean) / reviewer.sd
    center = lab.mean if lab.count else 3.0
    width = lab.sd if lab.sd > 1e-9 else 1.0
    return min(SCALE_MAX, max(SCALE_MIN, center + z * width))


def calibrated_mean(reviews: Sequence[tuple[float, Summary]], lab: Summary) -> float | None:
    """Mean of calibrated totals; `reviews` holds (total, summary of that reviewer's totals)."""
    if not reviews:
        return None
    return fmean(calibrate(total, reviewer, lab) for total, reviewer in reviews)


def flagged(totals: Sequence[float], max_spread: float) -> bool:
    """Reviews disagree enough to discuss: the spread is above the gate's limit."""
    value = spread(totals)
    return value is not None and value > max_spread
