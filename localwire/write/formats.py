"""Output formats for a story: Markdown, plain text, HTML and JSON for a CMS.

Every format keeps the figures traceable: JSON lists each figure's span, fact, formula and
source; HTML wraps each figure in a <span> carrying its fact id and provenance.
"""

from __future__ import annotations

import html
import json
from typing import Any

from localwire.model.facts import Figure
from localwire.write.writer import Story

FORMATS = ("md", "txt", "html", "json")


def to_markdown(story: Story) -> str:
    return story.text


def to_text(story: Story) -> str:
    headline, _, body = story.text.partition("\n")
    return headline.lstrip("# ").strip() + "\n\n" + body.strip() + "\n"


def figure_record(figure: Figure) -> dict[str, Any]:
    record: dict[str, Any] = {"start": figure.start, "end": figure.end, "text": figure.text,
                              "kind": figure.kind}
    if figure.kind == "fact":
        record["fact"] = figure.ref.as_dict()
    elif figure.kind == "period":
        record["period"] = figure.ref.code
    elif figure.kind == "status":  # a refusal's section of the Act, from the observation's note
        record["observation"] = figure.ref.as_dict()
    else:  # a breakdown's label, a cited release, a pack constant (by name)
        record["label"] = str(figure.ref)
    return record


def to_dict(story: Story) -> dict[str, Any]:
    return {
        "pack": story.pack,
        "area": {"slug": story.area.slug, "name": story.area.name,
                 "ons_code": story.area.ons_code},
        "outlet": story.outlet,
        "period": story.period.code,
        "headline": story.headline,
        "text": story.text,
        "body": story.body,
        "figures": [figure_record(f) for f in story.figures],
        "checks": story.checks,
        "layout": story.layout,
        # for the desk: movements to check with the force before publishing
        "desk_flags": story.flags,
    }


def to_json(story: Story) -> str:
    return json.dumps(to_dict(story), indent=2, ensure_ascii=False) + "\n"


def to_html(story: Story, *, standalone: bool = True) -> str:
    """The story as HTML; every figure a focusable span with its provenance in data attributes."""
    headline_end = story.text.find("\n")
    blocks: list[str] = []
    for start, end in _paragraph_ranges(story.text):
        inner = _marked_html(story.text, start, end, story.figures)
        tag = "h1" if start == 0 and headline_end > 0 else "p"
        if tag == "h1":
            inner = inner.removeprefix("# ")
        blocks.append(f"<{tag}>{inner}</{tag}>")
    body = "\n".join(blocks)
    if not standalone:
        return body
    title = html.escape(story.headline)
    return ("<!doctype html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
            f"<title>{title}</title></head>\n<body><article>\n{body}\n</article></body></html>\n")


def _paragraph_ranges(text: str) -> list[tuple[int, int]]:
    ranges = []
    start = 0
    for block in text.split("\n\n"):
        end = start + len(block)
        if block.strip():
            ranges.append((start, end))
        start = end + 2
    return ranges


def _marked_html(text: str, start: int, end: int, figures: list[Figure]) -> str:
    out: list[str] = []
    cursor = start
    for figure in figures:
        if figure.start < start or figure.end > end:
            continue
        out.append(html.escape(text[cursor:figure.start]))
        out.append(_figure_span(figure))
        cursor = figure.end
    out.append(html.escape(text[cursor:end]))
    return "".join(out).replace("\n", "<br>\n")


def _figure_span(figure: Figure) -> str:
    text = html.escape(figure.text)
    if figure.kind != "fact":
        return f'<span class="lw-{figure.kind}">{text}</span>'
    fact = figure.ref
    source = fact.inputs[0] if fact.inputs else None
    attributes = {
        "class": "lw-figure",
        "tabindex": "0",
        "data-fact": fact.id,
        "data-formula": fact.formula,
        "data-source": (source.source_file or "") if source else "",
        "data-location": (source.location or "") if source else "",
        "data-cited": (source.cited_source or "") if source else "",
    }
    rendered = " ".join(f'{key}="{html.escape(value, quote=True)}"'
                        for key, value in attributes.items())
    return f"<span {rendered}>{text}</span>"


def render(story: Story, fmt: str) -> str:
    return {"md": to_markdown, "txt": to_text, "html": to_html, "json": to_json}[fmt](story)
