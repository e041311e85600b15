"""Bar charts drawn on the server as SVG: no script, no inline style (CSP), just geometry
that the template turns into <rect> elements with presentation attributes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

_LEFT, _RIGHT, _TOP, _BOTTOM = 8, 8, 16, 22  # margins for the labels


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label: str
    show_label: bool

    @property
    def middle(self) -> float:
        return round(self.x + self.width / 2, 1)


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    baseline: float
    label_y: float
    max_value: int
    bars: list[Bar]


def bar_chart(
    values: Sequence[int],
    labels: Sequence[str],
    *,
    width: int = 720,
    height: int = 200,
    label_every: int = 3,
) -> BarChart:
    """Scale `values` to bars filling `width` x `height`; every `label_every`-th bar labelled."""
    slot = (width - _LEFT - _RIGHT) / max(1, len(values))
    plot_height = height - _TOP - _BOTTOM
    baseline = float(height - _BOTTOM)
    top = max(values, default=0) or 1
    bars = [
        Bar(
            x=round(_LEFT + i * slot + slot * 0.1, 1),
            y=round(baseline - value / top * plot_height, 1),
            width=round(slot * 0.8, 1),
            height=round(value / top * plot_height, 1),
            value=value,
            label=label,
            show_label=i % label_every == 0,
        )
        for i, (value, label) in enumerate(zip(values, labels, strict=True))
    ]
    return BarChart(
        width=width,
        height=height,
        baseline=baseline,
        label_y=baseline + 15,
        max_value=max(values, default=0),
        bars=bars,
    )
