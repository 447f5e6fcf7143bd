"""The geometry of the SVG charts and the flow map, as pure functions: exact numbers."""

from datetime import date

import pytest

from app.services.charts import (
    Frame, Label, Segment, arc_path, arc_width, graticule, line_chart, place_labels, progress_bar, project, stacked_bar,
    svg_number,
)
from app.services.progress import mean_progress


@pytest.mark.parametrize(("value", "text"), [(100.0, "100"), (12.345, "12.35"), (-0.5, "-0.5"), (75.004, "75")])
def test_svg_number_writes_numbers_briefly(value, text):
    assert svg_number(value) == text


@pytest.mark.parametrize(("progress", "fill", "percent", "reached"), [
    (None, 0.0, None, False),
    (0.0, 0.0, 0, False),
    (0.5, 100.0, 50, False),
    (0.3333, 66.66, 33, False),
    (1.0, 200.0, 100, True),
    (1.3, 200.0, 130, True),   # past the target: the bar stays full, the figure keeps the truth
    (-0.2, 0.0, -20, False),   # worse than the baseline: an empty bar
])
def test_progress_bar_fills_within_the_bar_and_keeps_the_true_percentage(progress, fill, percent, reached):
    bar = progress_bar(progress, width=200)
    assert (bar.fill, bar.percent, bar.reached, bar.known) == (fill, percent, reached, progress is not None)


def test_stacked_bar_lays_parts_end_to_end():
    assert stacked_bar([("evidence", 0.25), ("shared", 0.5), ("context", 0.0)], scale=1.0, width=160) == [
        Segment("evidence", 0.25, 0.0, 40.0), Segment("shared", 0.5, 40.0, 80.0), Segment("context", 0.0, 120.0, 0.0)]


def test_stacked_bar_never_runs_past_its_width_and_ignores_negative_parts():
    assert stacked_bar([("a", -0.1), ("b", 0.8), ("c", 0.6)], scale=1.0, width=100) == [
        Segment("a", -0.1, 0.0, 0.0), Segment("b", 0.8, 0.0, 80.0), Segment("c", 0.6, 80.0, 20.0)]


def test_stacked_bar_scales_to_the_highest_possible_score():
    assert [s.width for s in stacked_bar([("a", 0.5), ("b", 0.5)], scale=2.0, width=100)] == [25.0, 25.0]


def test_line_chart_fits_values_baseline_and_target():
    chart = line_chart([(date(2026, 1, 1), 10), (date(2026, 1, 11), 30)], baseline=0, target=40,
                       width=240, height=90, pad=8)
    assert [(p.x, p.y) for p in chart.points] == [(8.0, 63.5), (232.0, 26.5)]
    assert (chart.low, chart.high, chart.baseline_y, chart.target_y) == (0, 40, 82.0, 8.0)
    assert chart.polyline == "8,63.5 232,26.5"
    assert chart.target_label == Label(236.0, 20.0, "end")  # no room above the top line: written below it
    assert chart.last_label == Label(226.0, 40.5, "end")


def test_line_chart_spaces_points_by_date_not_by_order():
    chart = line_chart([(date(2026, 1, 1), 0), (date(2026, 1, 2), 1), (date(2026, 1, 5), 2)], baseline=0, target=2,
                       width=108, height=58, pad=4)
    assert [p.x for p in chart.points] == [4.0, 29.0, 104.0]
    assert [p.y for p in chart.points] == [54.0, 29.0, 4.0]


def test_line_chart_of_one_value_puts_it_in_the_middle():
    chart = line_chart([(date(2026, 3, 1), 5)], baseline=5, target=5, width=240, height=90, pad=8)
    assert [(p.x, p.y) for p in chart.points] == [(120.0, 82.0)]  # a flat range is widened by one
    assert (chart.low, chart.high) == (5, 6)
    assert chart.last_label == Label(126.0, 74.0, "start")


def test_line_chart_takes_values_beyond_the_target():
    chart = line_chart([(date(2026, 1, 1), 50), (date(2026, 2, 1), 150)], baseline=50, target=100, width=100, height=50, pad=0)
    assert (chart.high, chart.target_y, chart.points[1].y) == (150, 25.0, 0.0)


def test_frame_keeps_one_scale_both_ways():
    assert Frame(width=960, north=84, south=-60).height == 384.0
    assert Frame(width=360).height == 180.0


@pytest.mark.parametrize(("lat", "lon", "xy"), [
    (0, 0, (180.0, 90.0)), (90, -180, (0.0, 0.0)), (-90, 180, (360.0, 180.0)), (-1.2921, 36.8219, (216.82, 91.29)),
])
def test_equirectangular_projection_of_the_whole_world(lat, lon, xy):
    assert project(lat, lon, Frame(width=360)) == xy


@pytest.mark.parametrize(("lat", "lon", "xy"), [
    (84, -180, (0.0, 0.0)), (-60, 180, (960.0, 384.0)), (0, 0, (480.0, 224.0)), (23.685, 90.3563, (720.95, 160.84)),
])
def test_projection_into_a_cropped_frame(lat, lon, xy):
    assert project(lat, lon, Frame(width=960, north=84, south=-60)) == xy


def test_frame_contains_only_its_latitudes():
    frame = Frame(width=960, north=84, south=-60)
    assert (frame.contains(0, 0), frame.contains(-75, 0), frame.contains(84, 180)) == (True, False, True)


def test_graticule_lines_every_step_inside_the_frame():
    whole = graticule(Frame(width=360), step=90)
    assert (whole.meridians, whole.parallels) == ([0.0, 90.0, 180.0, 270.0, 360.0], [180.0, 90.0, 0.0])
    cropped = graticule(Frame(width=960, north=84, south=-60), step=30)
    assert cropped.parallels == [384.0, 304.0, 224.0, 144.0, 64.0]
    assert cropped.meridians[:3] == [0.0, 80.0, 160.0] and len(cropped.meridians) == 13


@pytest.mark.parametrize(("start", "end", "path"), [
    ((0, 100), (100, 100), "M0 100 Q50 75 100 100"),     # west to east: bulges up
    ((100, 100), (0, 100), "M100 100 Q50 75 0 100"),     # east to west: bulges up as well
    ((50, 0), (50, 100), "M50 0 Q25 50 50 100"),         # a vertical chord bulges to the left
    ((0, 0), (30, 40), "M0 0 Q25 12.5 30 40"),          # a 30-40-50 chord: off by 12.5 along (0.8, -0.6)
])
def test_arc_is_a_quadratic_curve_off_the_middle_of_the_chord(start, end, path):
    assert arc_path(start, end, bend=0.25) == path


def test_arc_between_neighbours_rises_at_least_min_rise():
    assert arc_path((0, 100), (10, 100), bend=0.25, min_rise=20) == "M0 100 Q5 80 10 100"
    assert arc_path((0, 100), (200, 100), bend=0.25, min_rise=20) == "M0 100 Q100 50 200 100"


def test_arc_of_a_point_to_itself_is_a_point():
    assert arc_path((3, 4), (3, 4)) == "M3 4"


@pytest.mark.parametrize(("count", "width"), [(1, 2.5), (2, 4.0), (3, 5.5), (5, 8.5), (40, 8.5)])
def test_arc_width_grows_with_the_count_up_to_a_limit(count, width):
    assert arc_width(count) == width


def test_labels_go_right_of_points_with_room():
    assert place_labels([("BBB", 300, 100), ("AAA", 100, 100)]) == {
        "AAA": Label(107.0, 104.0, "start"), "BBB": Label(307.0, 104.0, "start")}


def test_label_of_a_close_neighbour_moves_aside():
    labels = place_labels([("UGA", 100, 100), ("KEN", 110, 100)])
    assert labels == {"UGA": Label(93.0, 104.0, "end"), "KEN": Label(117.0, 104.0, "start")}


def test_labels_of_a_crowded_cluster_go_above_and_below():
    labels = place_labels([("AAA", 100, 100), ("BBB", 110, 100), ("CCC", 80, 100)])
    assert labels["CCC"].anchor == "end"  # westmost: to the left
    assert {labels["AAA"].anchor, labels["BBB"].anchor} <= {"middle", "start"}
    assert len({(label.x, label.y) for label in labels.values()}) == 3


@pytest.mark.parametrize(("progresses", "mean"), [
    ([], None), ([None], None), ([0.5, None, 1.0], 0.75), ([0.2, 0.3, 0.4], 0.3), ([1 / 3], 0.3333),
])
def test_mean_progress_counts_indicators_with_a_value(progresses, mean):
    assert mean_progress(progresses) == mean
