"""Geometry of the server-drawn SVG charts and the flow map, as pure functions over plain values.

The templates only place what these functions compute: bar lengths, chart points, projected
positions and arc paths. Numbers are rounded to 0.01 px so pages stay small and tests exact.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date


def _r(value: float) -> float:
    return round(value, 2)


def svg_number(value: float) -> str:
    """100.0 as "100", 12.345 as "12.35": how numbers are written in SVG paths."""
    return f"{_r(value):g}"


@dataclass(frozen=True)
class Label:
    x: float
    y: float  # the text's baseline
    anchor: str  # SVG text-anchor: "start", "end" or "middle"


# ---- bars ----

@dataclass(frozen=True)
class ProgressBar:
    width: float
    fill: float  # the filled length, within the bar
    percent: int | None  # the true share of the way to the target (may pass 100 or fall below 0)

    @property
    def known(self) -> bool:
        return self.percent is not None

    @property
    def reached(self) -> bool:
        return self.percent is not None and self.percent >= 100


def progress_bar(progress: float | None, *, width: float = 200) -> ProgressBar:
    """A bar for a share of the way from baseline to target: the fill stays inside the bar,
    the percentage keeps the true figure (130 % when the target is passed)."""
    if progress is None:
        return ProgressBar(width=width, fill=0.0, percent=None)
    share = min(max(progress, 0.0), 1.0)
    return ProgressBar(width=width, fill=_r(share * width), percent=round(progress * 100))


@dataclass(frozen=True)
class Segment:
    name: str  # the part's key (a CSS class)
    value: float
    x: float
    width: float
    label: str = field(default="", compare=False)  # what people read for the part, in their language


def stacked_bar(parts: Sequence[tuple[str, float]], *, scale: float, width: float,
                labels: Mapping[str, str] | None = None) -> list[Segment]:
    """One horizontal bar made of parts laid end to end; a total of `scale` fills `width`.
    Negative parts count as nothing; the bar never runs past its width. `labels` names the
    parts for readers (a part without one is labelled by its name)."""
    segments, x = [], 0.0
    for name, value in parts:
        length = min(max(value, 0.0) / scale * width if scale > 0 else 0.0, width - x)
        segments.append(Segment(name=name, value=value, x=_r(x), width=_r(length), label=(labels or {}).get(name, name)))
        x += length
    return segments


# ---- a line chart of values over time ----

@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    day: date
    value: float


@dataclass(frozen=True)
class LineChart:
    width: float
    height: float
    points: list[ChartPoint]
    baseline_y: float
    target_y: float
    target_value: float
    low: float  # the value at the bottom of the plot area
    high: float  # the value at its top
    target_label: Label  # where "target …" is written: at the right end, above its line if there is room
    last_label: Label  # where the latest value is written: beside its point, towards the middle

    @property
    def polyline(self) -> str:
        return " ".join(f"{svg_number(p.x)},{svg_number(p.y)}" for p in self.points)


def line_chart(series: Sequence[tuple[date, float]], *, baseline: float, target: float,
               width: float = 240, height: float = 90, pad: float = 8) -> LineChart:
    """Values over time, scaled so that the values, the baseline and the target all fit.
    Time runs left to right from the first to the last date; a single value sits in the middle."""
    values = [value for _, value in series]
    low, high = min([*values, baseline, target]), max([*values, baseline, target])
    if high == low:
        high = low + 1

    def y_of(value: float) -> float:
        return _r(pad + (high - value) / (high - low) * (height - 2 * pad))

    days = [day for day, _ in series]
    span = (max(days) - min(days)).days if days else 0

    def x_of(day: date) -> float:
        if span == 0:
            return _r(width / 2)
        return _r(pad + (day - min(days)).days / span * (width - 2 * pad))

    points = [ChartPoint(x=x_of(day), y=y_of(value), day=day, value=value) for day, value in series]
    target_y = y_of(target)
    target_label = Label(_r(width - 4), _r(target_y - 4 if target_y > 14 else target_y + 12), "end")
    last = points[-1] if points else ChartPoint(x=_r(width / 2), y=_r(height / 2), day=date.min, value=0)
    right_half = last.x > width / 2
    last_label = Label(_r(last.x - 6 if right_half else last.x + 6), _r(last.y + 14 if last.y < height - 18 else last.y - 8),
                       "end" if right_half else "start")
    return LineChart(width=width, height=height, points=points, baseline_y=y_of(baseline), target_y=target_y,
                     target_value=target, low=low, high=high, target_label=target_label, last_label=last_label)


# ---- the world map: an equirectangular projection ----

@dataclass(frozen=True)
class Frame:
    """The part of the world a map shows: every longitude, latitudes from `south` to `north`,
    at the same scale both ways (an equirectangular, or plate carrée, projection)."""

    width: float
    north: float = 90.0
    south: float = -90.0

    @property
    def height(self) -> float:
        return _r(self.width * (self.north - self.south) / 360)

    def contains(self, lat: float, lon: float) -> bool:
        return self.south <= lat <= self.north and -180 <= lon <= 180


def project(lat: float, lon: float, frame: Frame) -> tuple[float, float]:
    """Latitude and longitude in degrees to x, y in the frame (y grows southwards, as in SVG)."""
    scale = frame.width / 360
    return _r((lon + 180) * scale), _r((frame.north - lat) * scale)


@dataclass(frozen=True)
class Graticule:
    meridians: list[float]  # x of each line of longitude
    parallels: list[float]  # y of each line of latitude


def graticule(frame: Frame, *, step: int = 30) -> Graticule:
    """Lines every `step` degrees of longitude and latitude inside the frame (the equator included)."""
    meridians = [project(0, lon, frame)[0] for lon in range(-180, 181, step)]
    parallels = [project(lat, 0, frame)[1] for lat in range(-90, 91, step) if frame.south <= lat <= frame.north]
    return Graticule(meridians=meridians, parallels=parallels)


def arc_path(start: tuple[float, float], end: tuple[float, float], *, bend: float = 0.25, min_rise: float = 0) -> str:
    """A quadratic curve from start to end whose control point stands off the middle of the
    chord by `bend` times its length (at least `min_rise`, so that an arc between neighbours
    still shows), always on the upper side so arcs read as flights."""
    (x1, y1), (x2, y2) = start, end
    dx, dy = x2 - x1, y2 - y1
    length = (dx * dx + dy * dy) ** 0.5
    if length == 0:
        return f"M{svg_number(x1)} {svg_number(y1)}"
    nx, ny = -dy / length, dx / length
    if ny > 0 or (ny == 0 and nx > 0):  # point the bulge up (or, for a vertical chord, left)
        nx, ny = -nx, -ny
    rise = max(bend * length, min_rise)
    cx, cy = (x1 + x2) / 2 + nx * rise, (y1 + y2) / 2 + ny * rise
    return " ".join(["M" + svg_number(x1), svg_number(y1), "Q" + svg_number(cx), svg_number(cy),
                     svg_number(x2), svg_number(y2)])


def arc_width(count: int, *, thinnest: float = 2.5, step: float = 1.5, widest: float = 8.5) -> float:
    """The stroke width of a flow of `count` replications: one step wider per extra replication."""
    return min(thinnest + step * max(count - 1, 0), widest)


def place_labels(points: Sequence[tuple[str, float, float]], *, char_width: float = 8, height: float = 12,
                 gap: float = 7, radius: float = 5) -> dict[str, Label]:
    """Where to write each point's short label so that labels neither overlap one another nor
    cover another point: right of the point when there is room, else left, above or below
    (right again when nothing is free). Points are placed west to east."""
    boxes: list[tuple[float, float, float, float]] = []
    labels = {}
    for text, x, y in sorted(points, key=lambda p: (p[1], p[2], p[0])):
        width = len(text) * char_width
        options = [
            (Label(x + gap, y + height / 3, "start"), (x + gap, y - height / 2, width, height)),
            (Label(x - gap, y + height / 3, "end"), (x - gap - width, y - height / 2, width, height)),
            (Label(x, y - gap, "middle"), (x - width / 2, y - gap - height, width, height)),
            (Label(x, y + gap + height * 2 / 3, "middle"), (x - width / 2, y + gap - height / 3, width, height)),
        ]
        others = [(px, py) for t, px, py in points if t != text]
        free = [(label, box) for label, box in options
                if not any(_overlap(box, b) for b in boxes)
                and not any(_overlap(box, (px - radius, py - radius, 2 * radius, 2 * radius)) for px, py in others)]
        label, box = (free or options)[0]
        boxes.append(box)
        labels[text] = Label(_r(label.x), _r(label.y), label.anchor)
    return labels


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]
