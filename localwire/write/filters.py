"""Jinja2 filters: house style (localwire.prose.style) plus tracing.

Every filter that prints a number takes a `Fact` and returns its text wrapped in trace markers;
given anything else it fails, so a template cannot print a number that is not a fact.
"""

from __future__ import annotations

from contextvars import ContextVar
from fractions import Fraction
from typing import Any

from localwire.errors import TemplateError
from localwire.model import numbers
from localwire.model.config import Breakdown
from localwire.model.facts import Fact
from localwire.model.periods import Period
from localwire.prose import style
from localwire.write.trace import MARKERS, Registry, strip_markers

current_registry: ContextVar[Registry] = ContextVar("current_registry")
current_percent_style: ContextVar[str] = ContextVar("current_percent_style", default="per cent")
current_breakdowns: ContextVar[dict[str, Breakdown] | None] = ContextVar("current_breakdowns", default=None)

def _fact(value: Any, name: str) -> Fact:
    if not isinstance(value, Fact):
        raise TemplateError(f"filter {name!r} takes a fact, got {type(value).__name__}",
                            hint="numbers in stories must come from facts")
    return value


def _mark(text: str, fact: Fact) -> str:
    return current_registry.get().mark(text, "fact", fact)


def _styled(fact: Fact, name: str, write: Any, *args: Any, **kwargs: Any) -> str:
    """House style's words for a fact; a value house style cannot write (a share of zero, a
    negative count) is a template error naming the fact, not a crash."""
    try:
        return write(*args, **kwargs)
    except (ValueError, TypeError) as error:
        raise TemplateError(f"filter {name!r} cannot write fact {fact.id}: {error}",
                            hint="test the fact before printing it") from None


def _whole(fact: Fact, name: str) -> int:
    value = abs(fact.value) if fact.name == "change" else fact.value
    if type(value) is Fraction and value.denominator == 1:  # a count: most figures
        return value.numerator
    rounded = numbers.rounded(value)
    if Fraction(rounded) != value:
        raise TemplateError(f"filter {name!r} needs a whole number; fact {fact.id} is "
                            f"{float(fact.value):g}", hint="use percent, per_day or every")
    return int(rounded)


def count(value: Any, start: bool = False) -> str:
    fact = _fact(value, "count")
    return _mark(_styled(fact, "count", style.count, _whole(fact, "count"), start=start), fact)


def count_noun(value: Any, singular: str, plural: str | None = None, start: bool = False) -> str:
    """"771 offences", "one offence", "no offences": the figure traced, the noun plain."""
    fact = _fact(value, "count_noun")
    figure, words = _styled(fact, "count_noun", style.count_noun_parts,
                            _whole(fact, "count_noun"), singular, plural, start=start)
    return f"{_mark(figure, fact)} {words}"


def noun(value: Any, singular: str, plural: str | None = None) -> str:
    fact = _fact(value, "noun")
    return style.noun(_whole(fact, "noun"), singular, plural)


def percent(value: Any, start: bool = False) -> str:
    fact = _fact(value, "percent")
    return _mark(_styled(fact, "percent", style.percent, abs(fact.value),
                         style=current_percent_style.get(), start=start), fact)


def one_in(value: Any) -> str:
    fact = _fact(value, "one_in")
    return _mark(_styled(fact, "one_in", style.one_in, fact.value), fact)


def per_day(value: Any) -> str:
    """"two a day", "11 a week": only where the phrase is honest (use `this.how_often`)."""
    fact = _fact(value, "per_day")
    days = fact.detail("days")
    if fact.name != "per_day" or not days:
        raise TemplateError(f"filter 'per_day' takes a per-day fact, got {fact.name}")
    if style.honest_rate(fact.value * days, days) is None:
        raise TemplateError(f"no honest rate phrase for fact {fact.id}",
                            hint="print it only {% if this.how_often %}")
    return _mark(style.rate_per_day(fact.value * days, days), fact)


def every(value: Any) -> str:
    fact = _fact(value, "every")
    days = fact.detail("days")
    if fact.name != "interval_minutes" or not days:
        raise TemplateError(f"filter 'every' takes an interval fact, got {fact.name}")
    count_value = Fraction(days * 24 * 60) / fact.value
    return _mark(_styled(fact, "every", style.every_interval, count_value, days), fact)


def decimal(value: Any, places: int = 1) -> str:
    fact = _fact(value, "decimal")
    number = numbers.rounded(fact.value, places)
    return _mark(f"{number:,}", fact)


def rate(value: Any, plural: str = "offences") -> str:
    """A rate fact as "90.2 offences per 1,000 residents" (the per figure is part of the fact;
    the decimals are house style's, the same for every rate)."""
    fact = _fact(value, "rate")
    if not fact.name.startswith("rate_per_"):
        raise TemplateError(f"filter 'rate' takes a rate fact, got {fact.name}")
    per = int(fact.name.removeprefix("rate_per_"))
    try:
        figure = style.rate_figure(fact.value)
    except ValueError as error:
        raise TemplateError(f"fact {fact.id}: {error}") from None
    return _mark(f"{figure} {plural} per {per:,} residents", fact)


def coverage(value: Any, noun: str = "forces") -> str:
    """Which areas a summed total covers: "all 43 forces" or "44 of 45 forces"."""
    fact = _fact(value, "coverage")
    reported, expected = fact.detail("reported"), fact.detail("expected")
    if reported is None or expected is None:
        raise TemplateError(f"filter 'coverage' takes a summed total, got {fact.name}")
    text = (f"both {noun}" if reported == expected == 2
            else f"all {style.count(expected)} {noun}" if reported == expected
            else f"{style.count(reported)} of {style.count(expected)} {noun}")
    return _mark(text, fact)


def ordinal(value: Any) -> str:
    fact = _fact(value, "ordinal")
    return _mark(_styled(fact, "ordinal", style.ordinal, _whole(fact, "ordinal")), fact)


def place(value: Any) -> str:
    """A league-table place ("the fifth highest", "the joint 38th highest", "the second
    lowest"), traced to its rank fact."""
    if not hasattr(value, "phrase") or not isinstance(getattr(value, "fact", None), Fact):
        raise TemplateError(f"filter 'place' takes a place (this.place), got "
                            f"{type(value).__name__}")
    return _mark(value.phrase, value.fact)


def years(value: Any) -> str:
    """How many periods a record's series has, as "five years" (every period is twelve
    months), traced to the record fact."""
    fact = _fact(value, "years")
    periods = fact.detail("periods")
    if fact.name != "record" or not periods:
        raise TemplateError(f"filter 'years' takes a record fact, got {fact.name}")
    return _mark(_styled(fact, "years", style.count_noun, int(periods), "year"), fact)


def bound(value: Any) -> str:
    """A suppressed figure's bounds: "fewer than five" (the source's "<5"), traced to the
    observation through its bound fact (`outcome.bound`)."""
    fact = _fact(value, "bound")
    if fact.name != "suppressed":
        raise TemplateError(f"filter 'bound' takes a suppressed figure's bound, got {fact.name}")
    return _mark(_styled(fact, "bound", style.fewer_than, fact.detail("lower"),
                         fact.detail("upper")), fact)


def section(value: Any) -> str:
    """The section of the Act a refusal cites ("section 12"), traced to the observation whose
    note gave it."""
    ref = getattr(value, "ref", None)
    if not getattr(value, "section", "") or ref is None:
        raise TemplateError("filter 'section' takes an outcome with a section (outcome.section)")
    return current_registry.get().mark(value.section, "status", ref)


def cited(text: Any) -> str:
    """The name of a release a figure was taken from ("NSPCC FOI figures, February 2018
    release"): source text, not statistics, so its years are not taken for untraced figures."""
    if not isinstance(text, str):
        raise TemplateError(f"filter 'cited' takes a source's name, got {type(text).__name__}")
    return current_registry.get().mark(text, "source", text)


def direction(value: Any, rise: str = "rose", fall: str = "fell",
              same: str = "was unchanged") -> str:
    fact = _fact(value, "direction")
    return _mark(style.direction(fact.value, rise=rise, fall=fall, same=same), fact)


def period(value: Any) -> str:
    if not isinstance(value, Period):
        raise TemplateError(f"filter 'period' takes a period, got {type(value).__name__}")
    return current_registry.get().mark(value.label, "period", value)


def label(key: Any) -> str:
    """The dataset's prose phrase for a breakdown ("children aged 10 and under"), traced to
    the dataset's definition so the ages in it are not taken for untraced figures."""
    breakdowns = current_breakdowns.get() or {}
    if key not in breakdowns or not breakdowns[key].phrase:
        raise TemplateError(f"no phrase for breakdown {key!r} in the dataset's config")
    return current_registry.get().mark(breakdowns[key].phrase, "label", key)


def capitalise(text: str) -> str:
    """Capitalise the first letter a reader sees, even inside a traced figure."""
    for index, character in enumerate(text):
        if character.isalpha():
            return text[:index] + character.upper() + text[index + 1:]
        if character not in MARKERS and not character.isdigit():
            break
    return text


def comma_end(text: str) -> str:
    """A quoted sentence before its attribution: the closing full stop becomes a comma
    (“... lives,” she said)."""
    stripped = text.rstrip()
    return stripped[:-1] + "," if stripped.endswith(".") else stripped


def an(text: str) -> str:
    """The article for what follows: {{ figure|an }} before a traced figure."""
    return style.article(strip_markers(text))


FILTERS = {
    "count": count, "count_noun": count_noun, "noun": noun, "percent": percent,
    "one_in": one_in, "per_day": per_day, "every": every, "decimal": decimal,
    "ordinal": ordinal, "direction": direction, "period": period, "an": an,
    "capitalise": capitalise, "label": label, "rate": rate, "coverage": coverage,
    "place": place, "years": years, "bound": bound, "section": section, "cited": cited,
    "comma_end": comma_end,
}
