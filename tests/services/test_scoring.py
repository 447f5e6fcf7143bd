"""Scoring examples worked out by hand."""

from math import isclose, sqrt

import pytest

from app.services.scoring import Summary, calibrate, calibrated_mean, flagged, mean, review_total, spread

WEIGHTS = {1: 3, 2: 2, 3: 2, 4: 1}


def test_review_total_is_the_weighted_mean():
    # (4*3 + 3*2 + 5*2 + 2*1) / (3+2+2+1) = 30 / 8
    assert review_total({1: 4, 2: 3, 3: 5, 4: 2}, WEIGHTS) == 3.75


@pytest.mark.parametrize("scores", [{1: 4, 2: 3, 3: 5}, {1: 4, 2: 3, 3: 5, 4: 2, 5: 1}, {1: 0, 2: 3, 3: 5, 4: 2}, {1: 6, 2: 3, 3: 5, 4: 2}])
def test_review_total_refuses_missing_extra_or_out_of_scale_scores(scores):
    with pytest.raises(ValueError):
        review_total(scores, WEIGHTS)


def test_mean_and_population_spread():
    assert mean([3.0, 4.0, 5.0]) == 4.0
    assert isclose(spread([3.0, 4.0, 5.0]), sqrt(2 / 3))
    assert spread([4.0]) == 0.0
    assert mean([]) is None and spread([]) is None


def test_flag_when_spread_exceeds_the_limit():
    assert flagged([1.0, 4.0], 1.25)  # spread 1.5
    assert not flagged([3.0, 4.0], 1.25)  # spread 0.5
    assert not flagged([], 1.25)


def test_harsh_and_lenient_reviewers_agree_once_calibrated():
    harsh = [1.5, 2.0, 2.5]
    lenient = [3.5, 4.0, 4.5]
    lab = Summary.of(harsh + lenient)  # mean 3.0, sd sqrt(61/6 - 9)
    assert isclose(lab.mean, 3.0) and isclose(lab.sd, sqrt(61 / 6 - 9))
    # Both give the idea their personal best (2.5 and 4.5): raw mean 3.5, far apart.
    expected = 3.0 + (0.5 / sqrt(1 / 6)) * sqrt(61 / 6 - 9)  # z = 1.2247 on both, mapped to the lab's scale
    assert isclose(calibrate(2.5, Summary.of(harsh), lab), expected)
    assert isclose(calibrate(4.5, Summary.of(lenient), lab), expected)
    assert isclose(calibrated_mean([(2.5, Summary.of(harsh)), (4.5, Summary.of(lenient))], lab), expected)
    assert isclose(expected, 4.3229, abs_tol=1e-4)


def test_reviewer_with_short_history_counts_raw():
    assert calibrate(2.0, Summary.of([2.0, 5.0]), Summary.of([1.0, 5.0])) == 2.0


def test_constant_reviewer_lands_on_the_lab_mean():
    assert calibrate(4.0, Summary.of([4.0, 4.0, 4.0]), Summary.of([2.0, 4.0])) == 3.0


def test_calibration_stays_on_the_scale():
    assert calibrate(5.0, Summary.of([1.0, 1.0, 1.1, 5.0]), Summary.of([1.0, 5.0, 3.0, 3.0])) == 5.0


def test_summary_from_sql_sums_equals_summary_of_values():
    values = [2.5, 3.75, 4.0, 1.25]
    direct = Summary.of(values)
    from_sums = Summary.from_sums(len(values), sum(values), sum(v * v for v in values))
    assert (from_sums.count, round(from_sums.mean, 9), round(from_sums.sd, 9)) == (direct.count, round(direct.mean, 9), round(direct.sd, 9))
