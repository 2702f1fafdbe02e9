"""Charts drawn on the server as inline SVG: they need no script, work offline and print in PDFs.

Every chart goes with a table of its numbers (the chart says so in its <desc>); it is a picture of them,
not the only place they are. So that nobody needs to tell colours apart, values are written on the bars,
multi-series charts have a legend in words, lines have their own marker shape and dash, and colours
come from the Okabe–Ito palette, which readers with any common colour-vision deficiency can tell apart.

The markup holds presentation attributes only (fill=, font-size=...): the site's Content Security
Policy forbids inline styles, and WeasyPrint (the PDF) reads the attributes as Chromium does. Each chart
has a viewBox and no fixed size, so it scales to the width of its page or column. On a right-to-left
page a chart is mirrored (svg._x): bars grow from the right, the first day is on the right, the value axis
and the legend are on the right, and the root says direction="rtl" so that each label's text-anchor and
word order follow. The region map is the exception: geography keeps west on the left.

In PDFs the words of a chart are written as HTML over its shapes (printed.py): WeasyPrint's SVG text
neither shapes nor reorders Arabic.

Hidden values: a value of None (a small group, a score from too few answers) draws no bar or mark and
is labelled with `hidden_text` instead of a number, so the chart shows that something is withheld.
"""
from core.charts.bars import bars, stacked_bars
from core.charts.lines import line
from core.charts.region_map import NO_ONE, SHADES, region_map
from core.charts.scores import scores
from core.charts.svg import (DEFAULT_DESC, NOT_SHOWN, NOTHING_YET, PALETTE, chart_id, nice_ticks, number,
                              text_width, with_unit)

__all__ = ["DEFAULT_DESC", "NOT_SHOWN", "NOTHING_YET", "NO_ONE", "PALETTE", "SHADES", "bars", "chart_id",
           "line", "nice_ticks", "number", "region_map", "scores", "stacked_bars", "text_width", "with_unit"]
