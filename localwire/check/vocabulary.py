"""A dataset's words, from its own config and data: never words written into the checker.

Measures (any that is not a published change) by their `terms`; breakdowns by their `terms`, their
phrase and label, and their name ("vehicle_offences" is "vehicle offences", also "vehicle crime");
the publisher's name and initials ("Office for National Statistics", "ONS") as a sign that an
article is about the dataset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from localwire.model.config import DatasetConfig

_MONEY_UNITS = ("£", "gbp", "pounds")
_GENERIC = frozenset({"offences", "crimes", "crime", "offence", "cases", "total"})


_NOT_GROUP_WORDS = frozenset({"offences", "offence", "crimes", "crime", "cases", "and", "of", "the", "with",
                              "without", "from", "other", "all", "as", "an", "a", "to", "by", "or",
                              "having", "flagged", "element", "activity", "linked", "injury", "person",
                              "miscellaneous", "against", "society", "caused", "illegal", "death",
                              "serious", "non", "residential", "domestic"})


# "business robbery": words that make a group's name a part of it
_PART_OF_GROUP = re.compile(r"\b(?:business|personal|commercial|residential|attempted|armed)\s+([a-z]+)\b")


def stem(word: str) -> str:
    """"burglaries" and "burglary" alike: a crude plural-folding, enough to compare words."""
    word = word.lower()
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _whole_words(term: str) -> re.Pattern[str]:
    escaped = re.escape(term)
    return re.compile(rf"{escaped}(?<=\b{escaped})\b")


def _breakdown_terms(name: str, spec, ) -> list[str]:
    terms = [t.lower() for t in spec.terms]
    if spec.kind == "age":
        return terms
    for text in (spec.phrase, spec.label, name.replace("_", " ")):
        text = text.lower().strip()
        if text and text not in terms and text not in _GENERIC:
            terms.append(text)
    for term in list(terms):  # "homicides", "robberies"
        if " " not in term:
            plural = term[:-1] + "ies" if term.endswith("y") else term + "s"
            if plural not in terms:
                terms.append(plural)
    terms.extend(t for t in _offence_forms(terms) if t not in terms)
    for term in list(terms):  # "stalking and harassment" is also "stalking or harassment"
        if " and " in term and term.replace(" and ", " or ") not in terms:
            terms.append(term.replace(" and ", " or "))
    return terms


def _offence_forms(terms: list[str]) -> list[str]:
    """"vehicle offences" is also "vehicle crime(s)" and "vehicle cases"; "drug offences" also
    "drugs offences" and "drug-related offences"; "robbery" also "robbery offences"."""
    forms = []
    for term in terms:
        head, _, last = term.rpartition(" ")
        if last == "offences":
            forms += [f"{head} {other}" for other in ("crime", "crimes", "cases")]
            if " " not in head:
                forms += [f"{head}s offences", f"{head}-related offences"]
        elif not head and not last.endswith("s"):
            forms += [f"{last} offences", f"{last} crimes"]
    return list(dict.fromkeys(forms))


def _publisher_names(publisher: str | None) -> list[str]:
    names = []
    for part in re.split(r"[/(),;]| and ", publisher or ""):
        part = part.strip()
        if len(part) < 3:
            continue
        names.append(part.lower())
        initials = "".join(word[0] for word in part.split() if word[:1].isupper())
        if len(initials) >= 3:
            names.append(initials.lower())
    return names


_UNREAD = object()
_MAX_READ = 4096  # texts remembered per vocabulary (a window is up to 500 characters)


def _undeclared_terms(name: str) -> list[str]:
    """A measure no config describes is named by its own name ("burglaries" for `burglaries`,
    "knife crimes" for `knife_crimes`), in the plural and the singular."""
    words = name.replace("_", " ").strip().lower()
    singular = stem(words)  # folds the last word only: "knife crimes" -> "knife crime"
    return [words] if singular == words else [words, singular]


# "homes" is a group word (burglary), "Home Office" names none; "crime excluding fraud" is the total
NOT_A_GROUP = re.compile(r"\bhome\s+(?:office|secretary)\b|"
                         r"\b(?:excluding|except|other\s+than|not\s+including)\s+[a-z]+(?:\s+and\s+[a-z]+)?")


@dataclass

class Vocabulary:
    """A dataset's words: measures (any measure that is not a published change: counts, net
    counts) and breakdowns (flags, offence groups; and ages)."""

    dataset: str
    measure_terms: list[tuple[str, str]]  # (term, measure), longest term first
    flag_terms: list[tuple[str, str]]  # (term, breakdown), longest term first
    age_breakdowns: dict[tuple[int | None, int | None], str]
    labels: dict[str, str]
    money_measures: list[str] = field(default_factory=list)  # measures whose unit is £
    # the measure a breakdown belongs to: its own `measure`, else the dataset's only count measure
    breakdown_measures: dict[str, str] = field(default_factory=dict)
    publisher_names: list[str] = field(default_factory=list)
    age_max: int | None = None  # the oldest age the dataset counts (17: under-18s are everyone)

    @classmethod
    def from_config(cls, config: DatasetConfig, breakdowns_in_data: list[str] | tuple = (),
                    measures_in_data: list[str] | tuple = ()) -> Vocabulary:
        measures, breakdowns = config.measures, config.breakdowns
        counts = [name for name in measures if not config.is_change_measure(name)]
        measure_terms = [(term.lower(), name) for name in counts for term in measures[name].terms]
        for name in measures_in_data:  # a measure the data has and no config describes
            if name and name not in measures and not config.is_change_measure(name):
                counts.append(name)
                measure_terms += [(term, name) for term in _undeclared_terms(name)]
        flag_terms = [(term, name) for name, spec in breakdowns.items()
                      for term in _breakdown_terms(name, spec)]
        known = {name for _, name in flag_terms} | set(breakdowns)
        for name in breakdowns_in_data:  # offence groups the data has and the config does not name
            if name and name not in known:
                flag_terms += [(name.replace("_", " "), name)] + [
                    (name.replace("_", " ")[:-len(" offences")] + other, name)
                    for other in (" crime", " crimes") if name.endswith("_offences")]
        ages = {(spec.age_min, spec.age_max): name for name, spec in breakdowns.items()
                if spec.kind == "age"}
        labels = {name: name.replace("_", " ") for name in counts} | {
            name: spec.label or name for name, spec in {**measures, **breakdowns}.items()}
        money = [name for name, spec in measures.items() if spec.unit.strip().lower() in _MONEY_UNITS]
        only = [name for name in counts if name not in money]
        owners = {name: spec.measure or (only[0] if len(only) == 1 else None)
                  for name, spec in breakdowns.items()}
        owners.update({name: only[0] for name in breakdowns_in_data
                       if name and name not in owners and len(only) == 1})
        return cls(config.id, sorted(measure_terms, key=lambda t: -len(t[0])),
                   sorted(flag_terms, key=lambda t: -len(t[0])), ages, labels, money,
                   {name: owner for name, owner in owners.items() if owner},
                   _publisher_names(config.dataset.publisher), config.dataset.age_max)

    @cached_property
    def group_words(self) -> frozenset[str]:
        """The distinctive words of the breakdowns' names ("burglary", "violence", "online"), as
        stems: a sentence using one names a group, whether or not it names it in full."""
        words = set()
        for term, _ in self.flag_terms:
            words.update(stem(w) for w in re.findall(r"[a-z]+", term) if w not in _NOT_GROUP_WORDS)
        return frozenset(words)

    @cached_property
    def measure_words(self) -> frozenset[str]:
        """The words of the measures' terms and labels, as stems ("children" in "sexual offences
        against children"): words that describe the measure itself, not a part of it."""
        names = {measure for _, measure in self.measure_terms}
        texts = [term for term, _ in self.measure_terms] + [self.labels.get(m, "") for m in names]
        return frozenset(stem(w) for text in texts for w in re.findall(r"[a-z]+", text.lower()))

    @cached_property
    def known_terms(self) -> tuple[str, ...]:
        """Every measure term, then every breakdown term."""
        return tuple(term for term, _ in self.measure_terms) + tuple(term for term, _ in self.flag_terms)

    def knows_phrase(self, phrase: str) -> bool:
        """"sex offences" (a term), "sexual offences" inside "child sexual offences"; not "theft
        offences" inside "all other theft offences" (the rest of theft, not all of it)."""
        return any(phrase in term and f"other {phrase}" not in term for term in self.known_terms)

    def group_in_sentence_before(self, text: str, sentence_start: int) -> str | None:
        """A group named in the sentence before the one starting at `sentence_start`, when that
        sentence has no figure ("Public order and violent crime feature as key issues.")."""
        before = text[max(0, sentence_start - 200):sentence_start].rstrip()
        sentence = re.split(r"(?<=[.!?])\s+|\n", before[:-1] if before.endswith(".") else before)[-1].lower()
        found = self.group_pattern.search(sentence) if self.group_pattern else None
        return found.group() if found and not re.search(r"\d", sentence) else None

    def part_of_group(self, text: str) -> str | None:
        """"business robbery", "personal robbery": a part of a group the dataset counts whole (not
        one of its own terms)."""
        for match in _PART_OF_GROUP.finditer(text.lower()):
            if stem(match.group(1)) in self.group_words and \
                    not self.knows_phrase(match.group()):
                return match.group()
        return None

    @cached_property
    def group_pattern(self) -> re.Pattern[str] | None:
        """The group words as one pattern, plurals included ("burglary", "burglaries")."""
        if not self.group_words:
            return None
        forms = sorted((rf"{re.escape(w[:-1])}(?:y|ies)" if w.endswith("y") else rf"{re.escape(w)}(?:s|es)?")
                       for w in self.group_words)
        return re.compile(r"\b(?:" + "|".join(forms) + r")\b")

    @cached_property
    def _any_measure(self) -> re.Pattern[str] | None:
        if not self.measure_terms:
            return None
        return re.compile(r"\b(?:" + "|".join(re.escape(t) for t, _ in self.measure_terms) + r")\b")

    @cached_property
    def _any_flag(self) -> re.Pattern[str] | None:
        if not self.flag_terms:
            return None
        # "non-domestic burglaries" does not name "domestic burglaries": "non" makes it another group
        return re.compile(r"(?<!non-)(?<!non )\b(?:" + "|".join(re.escape(t) for t, _ in self.flag_terms)
                          + r")\b")

    @cached_property
    def _measure_of_term(self) -> dict[str, str]:
        return {term: measure for term, measure in reversed(self.measure_terms)}

    @cached_property
    def _flag_of_term(self) -> dict[str, str]:
        return {term: name for term, name in reversed(self.flag_terms)}

    @cached_property
    def _term_patterns(self) -> list[tuple[str, re.Pattern[str], str]]:
        return [(term, _whole_words(term), measure) for term, measure in self.measure_terms]

    @cached_property
    def _read(self) -> dict[tuple[str, str], object]:
        """What `measure_in` and `flag_in` found in a text: each claim of a sentence asks again of
        the same sentence and clause (bounded: cleared when full)."""
        return {}

    def _remembered(self, question: str, text: str, answer):
        read = self._read
        key = (question, text)
        found = read.get(key, _UNREAD)
        if found is _UNREAD:
            if len(read) >= _MAX_READ:
                read.clear()
            found = read[key] = answer(text)
        return found

    def measure_in(self, text: str) -> tuple[str, int] | None:
        """The measure named in text and where: the earliest, longest term."""
        return self._remembered("measure", text, self._measure_in)

    def _measure_in(self, text: str) -> tuple[str, int] | None:
        match = self._any_measure.search(text.lower()) if self._any_measure else None
        return (self._measure_of_term[match.group()], match.start()) if match else None

    def measure_of_noun(self, noun: str) -> str | None:
        """The measure a figure's noun names: a term, a term then more words ("offences recorded"),
        or words then a term ("child sex allegations"; what the words add is judged elsewhere)."""
        for term, measure in self.measure_terms:
            if noun == term or noun.startswith(term + " "):
                return measure
        for term, measure in self.measure_terms:
            if noun.endswith(" " + term):
                return measure
        return None

    @property
    def only_measure(self) -> str | None:
        measures = {measure for _term, measure in self.measure_terms}
        return measures.pop() if len(measures) == 1 else None

    def breakdown_of_noun(self, noun: str) -> tuple[str, str] | None:
        """(measure, breakdown) for a noun that names a breakdown: "sexual offences", or a
        breakdown term then a measure term ("online offences"); the measure is the breakdown's own."""
        for term, breakdown in self.flag_terms:
            rest = noun[len(term) + 1:] if noun.startswith(term + " ") else None
            if noun == term or (rest and self.measure_of_noun(rest)):
                measure = self.breakdown_measures.get(breakdown) or (
                    self.measure_of_noun(rest) if rest else None)
                return (measure, breakdown) if measure else None
        return None

    def flags_in(self, text: str) -> list[str]:
        """Every breakdown named in text, in order."""
        return [name for _start, _end, name in self._flags(text)]

    def _flags(self, text: str) -> tuple[tuple[int, int, str], ...]:
        """(start, end, breakdown) of every breakdown named in text, in order."""
        return self._remembered("flags", text, self._find_flags) if self._any_flag else ()

    def _find_flags(self, text: str) -> tuple[tuple[int, int, str], ...]:
        return tuple((m.start(), m.end(), self._flag_of_term[m.group()])
                     for m in self._any_flag.finditer(text.lower()))

    def flag_in(self, text: str) -> str | None:
        """The breakdown named in text: the earliest, longest term."""
        return self._remembered("flag", text, self._flag_in)

    def _flag_in(self, text: str) -> str | None:
        match = self._any_flag.search(text.lower()) if self._any_flag else None
        return self._flag_of_term[match.group()] if match else None

    def flag_near(self, text: str, position: int, limit: int | None = None) -> tuple[str, int] | None:
        """The breakdown named nearest before `position` in text, else the first after it that starts
        before `limit` (where the next figure starts), and where its name ends."""
        before = after = None
        for found in self._flags(text):
            if found[0] < position:
                before = found
            else:
                after = found if limit is None or found[0] < limit else None
                break
        found = before or after
        return (found[2], found[1]) if found else None

    def measures_named(self, text: str) -> list[str]:
        """Every mention of every term (overlapping terms each count: "sex offences", "offences")."""
        lower = text.lower()
        return [measure for term, pattern, measure in self._term_patterns if term in lower
                for _ in pattern.finditer(lower)]

    def score(self, text: str) -> int:
        """How much a text is about this dataset: its measure terms, its breakdowns and its
        publisher (five times: the surest sign)."""
        lower = text.lower()
        flags = len(self._any_flag.findall(lower)) if self._any_flag else 0
        publisher = sum(len(re.findall(rf"\b{re.escape(name)}\b", lower)) for name in self.publisher_names)
        return len(self.measures_named(text)) + flags + 5 * publisher
