"""Charts in house style, rendered to SVG with Altair and vl-convert (no browser, no network).

Honest by construction:
- periods in the order of their real dates (`Period` orders by its end), never as text;
- one kind of period per chart: a trend of years to March never mixes in rolling years to
  June or December (the Home Office table has both), since overlapping years draw a wave
  that does not exist;
- a source line under every chart, from the dataset's publisher and source;
- two widths: `wide` for a desktop column, `narrow` for a phone, with the same type size, so
  labels stay readable instead of shrinking with the picture.
The area a story is about is in the highlight colour, every other area grey. Values come
from facts, so a chart shows exactly the figures the stories use.
"""

from __future__ import annotations

import calendar
import textwrap
import threading
from functools import lru_cache

import altair as alt
import vl_convert

from localwire.facts import FactBook
from localwire.model.periods import Period

HIGHLIGHT = "#c0392b"
OTHERS = "#9e9e9e"
FONT = "sans-serif"
WIDTHS = {"wide": 620, "narrow": 300}
_render_lock = threading.Lock()


def period_kind(period: Period) -> str:
    """The kind of year a period is, in words (the legend of a trend)."""
    if period.is_financial_year:
        return "financial years (April to March)"
    if period.is_calendar_year:
        return "calendar years"
    return f"years to {calendar.month_name[period.end_month]}"


def same_kind(periods: list[Period], like: Period) -> list[Period]:
    """The periods of the same kind as `like`, in date order."""
    return sorted(p for p in periods if p.end_month == like.end_month)


def source_line(book: FactBook) -> str:
    meta = book.config.dataset
    parts = [part for part in (meta.publisher, meta.source) if part]
    return "Source: " + (", ".join(parts) if parts else "not given")


def _style(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return (chart.configure_axis(labelFontSize=13, titleFontSize=13, labelFont=FONT,
                                 titleFont=FONT, gridColor="#eeeeee", labelLimit=180)
            .configure_view(strokeWidth=0)
            .configure_title(font=FONT, fontSize=15, anchor="start", subtitleFontSize=12,
                             subtitleColor="#5f6368")
            .configure_legend(labelFontSize=12, titleFontSize=12, orient="bottom",
                              columns=2, labelLimit=220))


def _with_source(chart: alt.Chart, book: FactBook, width: int) -> alt.VConcatChart:
    lines = textwrap.wrap(source_line(book), width=max(30, int(width / 6.2)))
    note = alt.Chart(alt.Data(values=[{"t": lines}])).mark_text(
        align="left", baseline="top", fontSize=11, color="#5f6368", font=FONT, x=0, y=0,
        lineHeight=14).encode(text="t:N").properties(width=width, height=14 * len(lines))
    return alt.vconcat(chart, note, spacing=6)


def to_svg(chart: alt.TopLevelMixin) -> str:
    return _svg(chart.to_json())


@lru_cache(maxsize=512)
def _svg(spec: str) -> str:
    with _render_lock:
        return vl_convert.vegalite_to_svg(spec)


def _name(book: FactBook, slug: str) -> str:
    area = book.gazetteer.areas.get(slug)
    return area.name if area else slug


def bar_chart(book: FactBook, period: Period, measure: str, highlight: str | None = None, *,
              size: str = "wide") -> str:
    """Every force's reported value for the period, largest first; the highlighted area red."""
    width = WIDTHS[size]
    rows = []
    for slug in book.areas_with_data(period, measure):
        fact = book.value(slug, period, measure)
        if fact is not None:
            rows.append({"area": _name(book, slug), "value": fact.number,
                         "focus": "this area" if slug == highlight else "other areas"})
    label = book.config.short_label(measure)
    title = alt.TitleParams(f"{label.capitalize()}, {period.label}",
                            subtitle=[f"by police force, {len(rows)} reporting"])
    if not rows:
        return _empty(book, title, width)
    chart = alt.Chart(alt.Data(values=rows), title=title).mark_bar().encode(
        x=alt.X("value:Q", title=label, axis=alt.Axis(format="~s", tickCount=4)),
        y=alt.Y("area:N", sort="-x", title=None,
                axis=alt.Axis(labelLimit=140 if size == "narrow" else 200)),
        color=alt.Color("focus:N", scale=alt.Scale(domain=["this area", "other areas"],
                                                   range=[HIGHLIGHT, OTHERS]), legend=None),
        tooltip=["area:N", alt.Tooltip("value:Q", format=",")],
    ).properties(width=width - (140 if size == "narrow" else 200),
                 height=max(60, 20 * len(rows)))
    return to_svg(_style(_with_source(chart, book, width)))


def trend_chart(book: FactBook, area: str, measure: str, period: Period | None = None, *,
                size: str = "wide") -> str:
    """The area's series with its neighbours' (grey), one line each, over the periods of the
    same kind as `period` (default: the kind of the latest period)."""
    width = WIDTHS[size]
    everything = book.periods(measure)
    like = period or (everything[-1] if everything else None)
    periods = same_kind(everything, like) if like else []
    codes = [p.code for p in periods]
    wanted = set(codes)
    rows = []
    slugs = [area, *book.gazetteer.neighbours_of(area)]
    for slug in slugs:
        for fact in book.series(slug, measure):
            if fact.period.code in wanted:
                rows.append({"area": _name(book, slug), "period": fact.period.code,
                             "value": fact.number})
    label = book.config.short_label(measure)
    title = alt.TitleParams(f"{label.capitalize()}: {_name(book, area)} and neighbours",
                            subtitle=[period_kind(like)] if like else [])
    if not rows:
        return _empty(book, title, width)
    shown = [c for c in codes if any(r["period"] == c for r in rows)]
    names = sorted({r["area"] for r in rows}, key=lambda n: (n != _name(book, area), n))
    colours = [HIGHLIGHT if n == _name(book, area) else OTHERS for n in names]
    every = max(1, len(shown) // (4 if size == "narrow" else 8))
    base = alt.Chart(alt.Data(values=rows), title=title).encode(
        x=alt.X("period:O", title=None, sort=shown, axis=alt.Axis(
            labelAngle=0, values=shown[::-1][::every][::-1], labelOverlap=True)),
        y=alt.Y("value:Q", title=label, axis=alt.Axis(format="~s", tickCount=5)),
        color=alt.Color("area:N", scale=alt.Scale(domain=names, range=colours),
                        legend=alt.Legend(title=None)),
        tooltip=["area:N", "period:O", alt.Tooltip("value:Q", format=",")],
    )
    chart = (base.mark_line(strokeWidth=2) + base.mark_point(filled=True, size=50)).properties(
        width=width, height=260 if size == "wide" else 200)
    return to_svg(_style(_with_source(chart, book, width)))


def _empty(book: FactBook, title: alt.TitleParams, width: int) -> str:
    chart = alt.Chart(alt.Data(values=[{"t": "no reported figures"}]), title=title).mark_text(
        fontSize=14, color=OTHERS).encode(text="t:N").properties(width=width, height=60)
    return to_svg(_style(_with_source(chart, book, width)))
