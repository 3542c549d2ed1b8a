"""Server-drawn charts: coordinates for an inline SVG, worked out here (pure) so the template
only places them. No script, nothing from outside; the viewBox scales to a phone's width."""

from dataclasses import dataclass

WIDTH, HEIGHT, PAD = 320, 120, 18


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # the month, "01/25"
    value: int | None


@dataclass
class Chart:
    title: str
    bars: list[Bar]
    line: str  # polyline points, for a figure that is a level (followers)
    peak: int
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - PAD

    @property
    def empty(self) -> bool:
        return all(b.value is None for b in self.bars)


def chart(title: str, points: list[tuple[str, int | None]], *, as_line: bool = False) -> Chart:
    """Bars (or a line through the known points) over the months; None is a gap, not 0."""
    known = [v for _label, v in points if v is not None]
    peak = max(known, default=0)
    slot = (WIDTH - 2) / max(len(points), 1)
    top, bottom = 14, HEIGHT - PAD
    bars, line = [], []
    for i, (label, value) in enumerate(points):
        h = 0.0 if not value or not peak else (bottom - top) * value / peak
        x = 1 + i * slot
        bars.append(
            Bar(
                round(x + slot * 0.15, 1),
                round(bottom - h, 1),
                round(slot * 0.7, 1),
                round(h, 1),
                label,
                value,
            )
        )
        if value is not None:
            line.append(f"{round(x + slot / 2, 1)},{round(bottom - h, 1)}")
    return Chart(title=title, bars=bars, line=" ".join(line) if as_line else "", peak=peak)
