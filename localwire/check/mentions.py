"""Areas named in a text: the gazetteer's names and aliases ("Herts", "Wiltshire Police", "the
UK"), places inside a force ("Sunderland", places.py), national words ("nationally", "across the
country"), and the words that mean the article's own area ("the force", "the county") or its
region ("the region").
"""

from __future__ import annotations

import functools
import re
import weakref
from dataclasses import dataclass

from localwire.areas import Gazetteer, alias_key
from localwire.check.places import joined_to_its_force, place_aliases

NATIONAL = "national"  # stands for the dataset's national area (the UK, or England and Wales)
_MAX_AREA_WORDS = 6
_MAX_WORDS = 1 << 14  # capitalised words remembered per gazetteer (cleared when full)
_KEY_SPLIT = re.compile(r"[^a-z0-9]+")  # as areas.alias_key folds a name
_FILLER_WORD = re.compile(r"(?:the|police|constabulary|service|force|of)$")  # areas.alias_key drops them
_CAPITAL = re.compile(r"(?<![A-Za-z&\-\.’'])(?:[A-Z]|&)")
_SENTENCE_BREAK = re.compile(r"[.!?]\s|\n")
_IN_A_NAME = re.compile(r"(?:/|\b[A-Z]{3,}[ \t])\Z")  # "NSPCC Wales" (not "ONS" on the line before)
_ORGANISATION_AFTER = re.compile(r"\s+(?:Statistics|Agency|Council|University|Office|Trust|Government|"
                                 r"Assembly|Health|Audit|Archives|Lottery|Museum|Express|Times|News|"
                                 r"Echo|Post|Gazette|Herald|Mail|Online|Live|Chiefs)\b")
_NATIONAL_ALIASES = frozenset({"national"})
_TOKEN = re.compile(r"[A-Za-z][A-Za-z&\-\.]*(?:[’']s\b)?|&")
_MAIN_AREA_WORDS = re.compile(r"\bthe\s+(?:force|county|constabulary|force\s+area|area)\b", re.IGNORECASE)
_FORCE_WORDS = re.compile(r"\b(?:force|constabulary)\b", re.IGNORECASE)
_REGION_WORDS = re.compile(r"\bthe\s+region\b|\bregionally\b", re.IGNORECASE)
_NATIONAL_WORDS = re.compile(r"\b(?:nationally|nationwide|across\s+the\s+country|(?<=\bin )the\s+country|"
                             r"national|the\s+country\s+as\s+a\s+whole)\b", re.IGNORECASE)
# An area named as the group compared with, not the subject: "of the territorial forces in England
# and Wales", "among forces across the UK", "every police force in the country", "the highest rate
# in the country".
_GROUP_BEFORE = re.compile(r"(?:\b(?:of|among|amongst)\s+(?:the\s+|all\s+)?(?:[\w\-]+\s+){0,2}?(?:police\s+)?"
                           r"(?:forces|constabularies|force\s+areas|areas)\s+(?:in|across|of)\s+(?:the\s+)?"
                           r"|\b(?:every|each|any(?:\s+of)?)\s+(?:the\s+)?(?:police\s+)?(?:force|constabulary)\s+"
                           r"(?:in|across)\s+(?:the\s+)?"
                           r"|\b(?:except(?:\s+for)?|apart\s+from|other\s+than|behind(?:\s+only)?)\s+(?:the\s+)?)$",
                           re.IGNORECASE)
# "the highest rate in the country": the wider area ranked within is the group, but "the type of
# crime that went up the most in Greater Manchester" is about the force (a force holds no forces)
_RANKED_WITHIN_BEFORE = re.compile(r"\b(?:highest|lowest|largest|smallest|biggest|most|fewest|sharpest|"
                                   r"safest|worst(?!-)|best(?!-))\b[^.;,\d]{0,30}?\b(?:in|across|of)\s+"
                                   r"(?:the\s+)?$", re.IGNORECASE)

# An area named as the figure compared with: "compared to the national average of 7.1 per cent",
# "lower than the national average increase", "above the England and Wales average", "than the
# rise nationally". Only a figure right beside it is about that area.
_COMPARED_BEFORE = re.compile(r"\b(?:than|compared\s+(?:with|to)|against|versus|vs\.?|above|below|"
                              r"outstripping|outpacing)\s+(?:that\s+(?:of|in|for)\s+)?(?:the\s+|an?\s+)?"
                              r"(?:rest\s+of\s+(?:the\s+)?)?$", re.IGNORECASE)
_COMPARED_AFTER = re.compile(r"(?:[’']s)?\s+(?:average|trend|norm)s?\b",
                             re.IGNORECASE)


_PROPER_NAME_AFTER = re.compile(r"\s+[A-Z][a-z]")


def is_region_word(mention: AreaMention) -> bool:
    """"the region", "regionally": a reporter's word that as often means the force's own area."""
    return bool(_REGION_WORDS.fullmatch(mention.text))


def _a_national_body(text: str, start: int, end: int) -> bool:
    """"the National Society for the Prevention of Cruelty to Children", "National Crime Agency":
    "National" capitalised before another capitalised word is an organisation's name."""
    return text[start:end] == "National" and bool(_PROPER_NAME_AFTER.match(text, end))


def is_comparison(text: str, start: int, end: int) -> bool:
    """Whether the area named at text[start:end] is a comparison ("the national average")."""
    return bool(_COMPARED_BEFORE.search(text, max(0, start - 40), start)
                or _COMPARED_AFTER.match(text, end))


@dataclass(frozen=True)
class AreaMention:
    start: int
    end: int
    slug: str
    text: str
    group: bool = False  # the areas compared with ("the 28th highest of the forces in England and Wales")
    comparison: bool = False  # the figure compared with: "compared to the national average of 7.1%"
    place: str = ""  # a place inside the force `slug` ("Sunderland"), not the force itself


def find_area_mentions(text: str, gazetteer: Gazetteer) -> list[AreaMention]:
    """Named areas in reading order, longest name first ("England and Wales" before "Wales")."""
    return area_finder(gazetteer).find(text)


class AreaFinder:
    """Finds a gazetteer's areas in text, given its aliases (alias key -> area). Every phrase tried
    (one to six words from a capitalised word) is looked up once and remembered: texts checked one
    after another (a writer's stories) repeat most of their phrases, and folding a phrase to its
    alias key is the slow part."""

    def __init__(self, aliases: dict[str, str], forces: frozenset[str] = frozenset(),
                 places: dict[str, str] | None = None) -> None:
        self.aliases = aliases
        self.forces = forces  # the areas that are one force (never a group of forces)
        self.places = places or {}  # alias key of a place inside a force -> the force
        self._area_of_phrase = functools.lru_cache(maxsize=1 << 14)(self._look_up)
        # the words an alias key can start with: a phrase from any other word names no area
        self._first_words = frozenset(key.split()[0] for key in (*aliases, *self.places) if key)
        self._starts: dict[str, bool] = {}  # a capitalised word -> `_may_start`

    def find(self, text: str) -> list[AreaMention]:
        """One pass over the capitalised words; from each, the longest phrase of up to six words
        that names an area."""
        mentions: list[AreaMention] = []
        taken = 0
        for capital in _CAPITAL.finditer(text):
            if capital.start() < taken:
                continue
            first = _TOKEN.match(text, capital.start())
            if not self._may_start(first.group() if first else ""):
                continue
            words = []  # up to six words, next to each other (only spaces between)
            for word in _TOKEN.finditer(text, capital.start(), capital.start() + 160):
                if words and (word.start() - words[-1].end() > 2
                              or not text[words[-1].end():word.start()].isspace()):
                    break
                words.append(word)
                if len(words) == _MAX_AREA_WORDS:
                    break
            for size in range(len(words), 0, -1):
                start, end = words[0].start(), words[size - 1].end()
                named = self._area_of_phrase(text[start:end])
                if named and (_IN_A_NAME.search(text, max(0, start - 12), start)
                              or _ORGANISATION_AFTER.match(text, end) or _a_national_body(text, start, end)):
                    named = None  # "NSPCC Wales", "Office for National Statistics": a body's name
                if named:
                    phrase, slug, place = named
                    if place and joined_to_its_force(text, mentions[-1] if mentions else None, slug, start):
                        last = mentions.pop()  # "Kent and Medway": the force
                        start, phrase, place = last.start, text[last.start:start + len(phrase)], ""
                    if alias_key(phrase) in _NATIONAL_ALIASES:
                        slug = NATIONAL  # "national" is the dataset's nation, whichever that is
                    # "of any police force in Wales and England": both are the group
                    group = _is_group(text, start, slug in self.forces) or bool(
                        mentions and mentions[-1].group and start - mentions[-1].end <= 6
                        and text[mentions[-1].end:start].strip() in ("and", ",", "&", "or"))
                    mentions.append(AreaMention(start, start + len(phrase), slug, phrase, group,
                                                is_comparison(text, start, start + len(phrase)), place))
                    taken = end
                    break
        return mentions

    def _may_start(self, token: str) -> bool:
        """Whether a phrase from this capitalised word may name an area: its first word folded as
        an alias key is one an alias starts with (or a word `alias_key` drops). Remembered per
        word: a text's capitalised words are mostly the same few."""
        known = self._starts.get(token)
        if known is None:
            if len(self._starts) >= _MAX_WORDS:
                self._starts.clear()
            word = _KEY_SPLIT.split(token.lower().replace("&", " and "), 1)[0] if token else ""
            known = self._starts[token] = (word in self._first_words or bool(_FILLER_WORD.match(word))
                                           or word == "&")
        return known

    def _look_up(self, words: str) -> tuple[str, str, str] | None:
        """(the phrase as named, its area, the place when it names one inside a force) for the words
        from a capitalised word on, or None. The gazetteer's names win over places'."""
        phrase = re.sub(r"[’']s$", "", words).rstrip(".")
        if "\n" in phrase or not phrase[-1:].isalpha():
            return None
        key = alias_key(phrase)
        slug = self.aliases.get(key)
        if slug is None and (force := self.places.get(key)):
            return (phrase, force, phrase) if key else None
        return (phrase, slug, "") if slug and key else None


def _is_group(text: str, start: int, force: bool) -> bool:
    """Whether the area named at `start` is the group compared with, not a subject."""
    return bool(_GROUP_BEFORE.search(text, max(0, start - 60), start)) or (
        not force and bool(_RANKED_WITHIN_BEFORE.search(text, max(0, start - 60), start)))


_finders: dict[int, tuple[weakref.ref, AreaFinder]] = {}


def area_finder(gazetteer: Gazetteer) -> AreaFinder:
    """The gazetteer's AreaFinder, made once and kept while the gazetteer lives (a gazetteer is not
    changed once made: the store makes a new one when its areas change)."""
    key = id(gazetteer)
    entry = _finders.get(key)
    if entry is None or entry[0]() is not gazetteer:
        entry = (weakref.ref(gazetteer, lambda _ref: _finders.pop(key, None)), AreaFinder(
            gazetteer.aliases, frozenset(slug for slug, area in gazetteer.areas.items() if area.is_force),
            place_aliases(gazetteer)))
        _finders[key] = entry
    return entry[1]


def with_generic_mentions(text: str, mentions: list[AreaMention], main: str | None,
                          region: str | None, forces: frozenset[str] | None = None) -> list[AreaMention]:
    """The gazetteer's mentions, plus "nationally" (NATIONAL), "the force" (the main area; in an
    article about a nation or region, for which `forces` are the forces it names, the force named
    last before it) and "the region" (the main area's region), in reading order."""
    extra = [AreaMention(m.start(), m.end(), NATIONAL, m.group(), _is_group(text, m.start(), False),
                         is_comparison(text, m.start(), m.end()))
             for m in _NATIONAL_WORDS.finditer(text) if not _ORGANISATION_AFTER.match(text, m.end())
             and not _a_national_body(text, m.start(), m.end())]
    if main:
        extra += [AreaMention(m.start(), m.end(), main, m.group()) for m in _MAIN_AREA_WORDS.finditer(text)]
    if region:
        extra += [AreaMention(m.start(), m.end(), region, m.group()) for m in _REGION_WORDS.finditer(text)]
    ordered = sorted(mentions + extra, key=lambda m: (m.start, -m.end))
    kept: list[AreaMention] = []
    named = {(m.start, m.end) for m in mentions}
    wider = forces is not None  # an article about a nation or region: "the force" is a force of it
    last_force: AreaMention | None = None
    for mention in ordered:  # the gazetteer's name wins over the generic words inside it
        if kept and mention.start < kept[-1].end:
            continue
        if wider and mention.slug == main and (mention.start, mention.end) not in named and \
                _FORCE_WORDS.search(mention.text):
            if last_force is None:
                continue  # "the force" in a story about Wales, before any force is named: none
            mention = AreaMention(mention.start, mention.end, last_force.slug, mention.text)
        if forces is not None and mention.slug in forces:
            last_force = mention
        if main and mention.slug == main and (mention.start, mention.end) not in named and kept \
                and mention.start - kept[-1].end <= 80 and kept[-1].slug != NATIONAL \
                and not _SENTENCE_BREAK.search(text, kept[-1].end, mention.start):
            # "In neighbouring Hertfordshire, the force recorded 771": the force just named
            mention = AreaMention(mention.start, mention.end, kept[-1].slug, mention.text, mention.group,
                                  mention.comparison)
        kept.append(mention)
    return kept
