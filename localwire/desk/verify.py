"""What the desk checks in a story's text before it can be approved or exported.

- Every number traced to a fact (the writer's rule): figures are carried over from the
  generated text to an edit only where the edit left them untouched, so a changed figure is a
  number no fact produced.
- Nothing the article checker calls contradicted (when `localwire.check` is installed).
- No raw HTML: a story is Markdown; every output format escapes text itself, and a tag in an
  edit would reach a CMS that may not.
- At export, every fact a figure came from still stands on current observations: an input
  since corrected by a later import makes the story stale.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from localwire.model.facts import Figure
from localwire.model.periods import Period
from localwire.store import Store, observations
from localwire.write.trace import untraced_numbers

# (text, dataset, area, period) -> the checker's report as a dict, or None without a checker
ClaimChecker = Callable[[str, str | None, str | None, str | None], dict[str, Any] | None]


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def unified_diff(before: str, after: str, *, context: int = 1, names: tuple[str, str] = (
        "before", "after")) -> list[str]:
    return list(difflib.unified_diff(before.splitlines(), after.splitlines(), *names,
                                     lineterm="", n=context))


# -- stored facts: enough of a Fact for the output formats and the tooltips --------------------
@dataclass(frozen=True)
class StoredRef:
    source_file: str | None
    location: str | None
    cited_source: str | None


@dataclass(frozen=True)
class StoredFact:
    data: dict[str, Any]

    @property
    def id(self) -> str:
        return self.data["id"]

    @property
    def formula(self) -> str:
        return self.data.get("formula", "")

    @property
    def inputs(self) -> tuple[StoredRef, ...]:
        return tuple(StoredRef(i.get("source_file"), i.get("location"), i.get("cited_source"))
                     for i in self.data.get("inputs", []))

    def as_dict(self) -> dict[str, Any]:
        return self.data


def figure_from_record(record: dict[str, Any]) -> Figure:
    kind = record["kind"]
    ref: Any = (StoredFact(record["fact"]) if kind == "fact" else
                Period.parse(record["period"]) if kind == "period" else record.get("label", ""))
    return Figure(record["start"], record["end"], record["text"], kind, ref)


def carry_figures(old_text: str, new_text: str, figures: list[dict[str, Any]]) -> list[dict]:
    """Move traced figures onto edited text; a figure the edit touched is dropped."""
    matcher = difflib.SequenceMatcher(None, old_text, new_text, autojunk=False)
    kept = []
    equal = [(i1, i2, j1) for tag, i1, i2, j1, _j2 in matcher.get_opcodes() if tag == "equal"]
    for record in figures:
        for i1, i2, j1 in equal:
            if i1 <= record["start"] and record["end"] <= i2:
                shift = j1 - i1
                kept.append({**record, "start": record["start"] + shift,
                             "end": record["end"] + shift})
                break
    return kept


# -- HTML ---------------------------------------------------------------------------------------
class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.found.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        self.found.append(f"</{tag}>")

    def handle_comment(self, data: str) -> None:
        self.found.append("<!-- -->")

    def handle_decl(self, decl: str) -> None:
        self.found.append(f"<!{decl.split()[0] if decl.split() else ''}>")

    def handle_pi(self, data: str) -> None:
        self.found.append("<?...>")


def html_tags(text: str) -> list[str]:
    """The HTML tags, comments and declarations in `text` ("<5" is no tag)."""
    parser = _Tags()
    parser.feed(text)
    parser.close()
    return parser.found


# -- verification -------------------------------------------------------------------------------
def run_checker(text: str, store: Store, *, dataset: str | None = None, area: str | None = None,
                period: str | None = None) -> dict[str, Any] | None:
    """The checker's report as a dict, or None when `localwire.check` is not installed."""
    try:
        from localwire.check import check_text
    except ImportError:
        return None
    return check_text(text, store, dataset=dataset, area=area, period=period).as_dict()


def verify_text(text: str, figures: list[dict[str, Any]], checker: ClaimChecker | None = None,
                *, dataset: str | None = None, area: str | None = None,
                period: str | None = None) -> dict[str, Any]:
    """Every number traced, no raw HTML and, with a checker, nothing contradicted."""
    untraced = untraced_numbers(text, [figure_from_record(r) for r in figures])
    result: dict[str, Any] = {
        "traced_figures": sum(1 for r in figures if r["kind"] == "fact"),
        "untraced": [{"offset": offset, "text": word} for offset, word in untraced],
        "checker": None,
        "sha256": sha256_text(text),
    }
    problems = [f"{word!r} was not produced by any fact" for _offset, word in untraced]
    tags = html_tags(text)
    if tags:
        problems.append(f"raw HTML {', '.join(dict.fromkeys(tags))}: a story is plain Markdown")
    report = checker(text, dataset, area, period) if checker else None
    if report is not None:
        result["checker"] = {"counts": report["counts"], "contradicted": [
            {"text": c["text"], "start": c["start"], "explanation": c["explanation"]}
            for c in report["claims"] if c["verdict"] == "contradicted"]}
        problems += [f"{c['text']!r} contradicted: {c['explanation']}"
                     for c in result["checker"]["contradicted"]]
    result["problems"] = problems
    result["ok"] = not problems
    return result


def stale_figures(store: Store, figures: list[dict[str, Any]]) -> list[str]:
    """Figures whose facts stand on an observation that is no longer current or changed."""
    inputs: dict[int, tuple[str, str]] = {}
    for record in figures:
        if record["kind"] != "fact":
            continue
        for ref in record["fact"].get("inputs", []):
            if ref.get("observation_id") is not None:
                inputs[int(ref["observation_id"])] = (record["text"], ref.get("value"))
    now = observations.current_values(store, list(inputs))
    problems = []
    for observation_id, (shown, value) in sorted(inputs.items()):
        found = now.get(observation_id)
        if found is None:
            problems.append(f"{shown!r} rests on observation {observation_id}, since replaced "
                            "by a later import")
        elif found != value:
            problems.append(f"{shown!r} rests on observation {observation_id}, now {found}")
    return problems
