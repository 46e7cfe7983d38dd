"""Charts in house style, rendered to SVG with Altair and vl-convert (no browser, no network).

House style: the area the story is about in one highlight colour, every other area grey,
labels large enough to read, no chart junk. Values come from facts, so a chart shows exactly
the figures the stories use.
"""

from __future__ import annotations

import threading
from functools import lru_cache

import altair as alt
import vl_convert

from localwire.facts import FactBook
from localwire.model.periods import Period

HIGHLIGHT = "#c0392b"
OTHERS = "#9e9e9e"
NATIONAL = "#34495e"
FONT = "sans-serif"
_render_lock = threading.Lock()


def _style(chart: alt.Chart, title: str) -> alt.Chart:
    return (chart.properties(title=alt.TitleParams(title, anchor="start", fontSize=15))
            .configure_axis(labelFontSize=13, titleFontSize=13, labelFont=FONT, titleFont=FONT,
                            gridColor="#eeeeee")
            .configure_view(strokeWidth=0)
            .configure_title(font=FONT)
            .configure_legend(labelFontSize=12, titleFontSize=12, orient="bottom"))


def to_svg(chart: alt.Chart) -> str:
    spec = chart.to_json()
    return _svg(spec)


@lru_cache(maxsize=512)
def _svg(spec: str) -> str:
    with _render_lock:
        return vl_convert.vegalite_to_svg(spec)


def _name(book: FactBook, slug: str) -> str:
    area = book.gazetteer.areas.get(slug)
    return area.name if area else slug


def bar_chart(book: FactBook, period: Period, measure: str, highlight: str | None = None) -> str:
    """Every force's reported value for the period, largest first; the highlighted area in red."""
    rows = []
    for slug in book.areas_with_data(period, measure):
        fact = book.value(slug, period, measure)
        if fact is not None:
            rows.append({"area": _name(book, slug), "value": fact.number,
                         "focus": "this area" if slug == highlight else "other areas"})
    label = book.config.short_label(measure)
    title = f"{label.capitalize()}, {period.code}, by police force"
    if not rows:
        return _empty(title)
    chart = alt.Chart(alt.Data(values=rows)).mark_bar().encode(
        x=alt.X("value:Q", title=label),
        y=alt.Y("area:N", sort="-x", title=None),
        color=alt.Color("focus:N", scale=alt.Scale(domain=["this area", "other areas"],
                                                   range=[HIGHLIGHT, OTHERS]), legend=None),
        tooltip=["area:N", alt.Tooltip("value:Q", format=",")],
    ).properties(width=640, height=max(60, 24 * len(rows)))
    return to_svg(_style(chart, title))


def trend_chart(book: FactBook, area: str, measure: str) -> str:
    """The area's series with its neighbours' (grey), one line each."""
    rows = []
    slugs = [area, *book.gazetteer.neighbours_of(area)]
    for slug in slugs:
        for fact in book.series(slug, measure):
            rows.append({"area": _name(book, slug), "period": fact.period.code,
                         "value": fact.number, "focus": slug == area})
    label = book.config.short_label(measure)
    title = f"{label.capitalize()}: {_name(book, area)} and neighbouring forces"
    if not rows:
        return _empty(title)
    names = sorted({r["area"] for r in rows}, key=lambda n: (n != _name(book, area), n))
    colours = [HIGHLIGHT if n == _name(book, area) else OTHERS for n in names]
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X("period:O", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=label),
        color=alt.Color("area:N", scale=alt.Scale(domain=names, range=colours),
                        legend=alt.Legend(title=None)),
        tooltip=["area:N", "period:O", alt.Tooltip("value:Q", format=",")],
    )
    chart = (base.mark_line(strokeWidth=2) + base.mark_point(filled=True, size=60)).properties(
        width=640, height=300)
    return to_svg(_style(chart, title))


def _empty(title: str) -> str:
    chart = alt.Chart(alt.Data(values=[{"t": "no reported figures"}])).mark_text(
        fontSize=14, color=OTHERS).encode(text="t:N").properties(width=520, height=60)
    return to_svg(_style(chart, title))
