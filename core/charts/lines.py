"""Line charts: one line per series over evenly spaced points (days, events in order)."""
from collections.abc import Sequence

from markupsafe import Markup

from core.charts.svg import (_DASHES, _MARKERS, DEFAULT_DESC, NOTHING_YET, PAD, PALETTE, WIDTH, _attrs, _axes,
                              _empty, _f, _labelled, _x, _legend, _marker, _svg, _text, _x_labels, chart_id,
                              nice_ticks, with_unit)


def line(points_x: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]], *, title, unit: str = "",
         desc=DEFAULT_DESC, empty_text=NOTHING_YET, id: str | None = None) -> Markup:
    """One line per series over the labels `points_x` (evenly spaced: dates, events in order).

    A None value breaks the line. Each line has its own dash and marker, and its last value is written
    at its end.
    """
    points_x = [str(label) for label in points_x]
    series = [(str(name), [values[index] if index < len(values) else None for index in range(len(points_x))])
              for name, values in series]
    ident = id or chart_id(title, "line", points_x, series)
    values = [value for _, row in series for value in row if value is not None]
    if not points_x or not values:
        return _empty(ident, title, desc, empty_text)
    legend, legend_height = _legend([name for name, _ in series], 32, kind="line") if len(series) > 1 else ([], 0)
    top = 32 + legend_height + 14
    left, right, plot_height = PAD + 52, WIDTH - PAD - 48, 200
    ticks = nice_ticks(max(values), integer=all(isinstance(value, int) for value in values))
    body, y_of = _axes(ticks, top, plot_height, left, right, unit)
    band = (right - left) / len(points_x)

    def centre_of(index):
        return left + band * (index + 0.5)

    for series_index, (name, row) in enumerate(series):
        colour = PALETTE[series_index % len(PALETTE)]
        dash = _DASHES[series_index % len(_DASHES)]
        runs, run = [], []
        for index, value in enumerate(row):
            if value is None:
                runs, run = runs + [run] if run else runs, []
            else:
                run.append((centre_of(index), y_of(value)))
        runs += [run] if run else []
        for run in runs:
            if len(run) > 1:
                points = " ".join(f"{_f(_x(x))},{_f(y)}" for x, y in run)
                body.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5" '
                            f'stroke-linejoin="round"{_attrs({"stroke_dasharray": dash})}/>')
        # Markers only where they do not crowd into a band: each point still has its value in the table.
        if band >= 9:
            for index, value in enumerate(row):
                if value is not None:
                    body.append(_marker(_MARKERS[series_index % len(_MARKERS)], centre_of(index), y_of(value),
                                        colour,
                                        tooltip=_labelled(f"{name}, {points_x[index]}", with_unit(value, unit))))
        last = max((index for index, value in enumerate(row) if value is not None), default=None)
        if last is not None:
            body.append(_text(centre_of(last) + 8, y_of(row[last]) + 4 - 12 * (series_index % 2),
                              with_unit(row[last], unit), font_size=11, font_weight="bold"))
    body += _x_labels(points_x, centre_of, band, top + plot_height + 16)
    return _svg(ident, title, desc, top + plot_height + 28, legend + body)
