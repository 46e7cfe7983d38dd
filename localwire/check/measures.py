"""A claim's measure and breakdown, from the dataset's own vocabulary (vocabulary.py): the figure's
noun, its clause, its sentence, the article. A breakdown is carried to a bare change in the same
clause ("up 18 per cent on the 3,331"), not across a list of groups; an age filter covering
everyone the dataset counts ("under-18s") is the total. A figure read as the total is doubted
when its sentence names a group the dataset does not break down ("knife crime"), and a survey's
estimate is not the dataset's figure."""

from __future__ import annotations

import re

from localwire.check.evidence import ArticleContext, Resolution
from localwire.check.extract import Claim
from localwire.check.extract.claims import WINDOW
from localwire.check.extract.steps import noun_after
from localwire.check.headings import group_before_dash
from localwire.check.scans import remembered
from localwire.check.vocabulary import NOT_A_GROUP, Vocabulary, stem
from localwire.check.words import CHANGE_NOUN, CHANGE_OR_NOUN, ON_THE_YEAR_BEFORE
from localwire.prose.numwords import NUMBER_WORDS

_PREVIOUS_YEAR_WORDS = re.compile(rf"\b{ON_THE_YEAR_BEFORE}\b", re.IGNORECASE)


def measure_and_breakdown(claim: Claim, previous: list[tuple[Claim, Resolution]],
                           context: ArticleContext, vocabulary: Vocabulary,
                           resolution: Resolution, known_measure: str | None = None,
                           following: Claim | None = None, scan: SubjectScan | None = None) -> None:
    """`following` is the next claim of its sentence, if any: a group named after it is its own;
    `scan` what the pass over the text remembers (one is made when not given)."""
    if claim.kind == "money":
        _money_measure(claim, vocabulary, resolution)
        return
    if claim.kind == "ratio" and not _PREVIOUS_YEAR_WORDS.search(claim.sentence_window[1]) \
            and resolution.base is None:
        resolution.problem = ("a ratio is checked only against the previous year; this one's base "
                              "(another year, another area) is not in the sentence")
        return
    own = vocabulary.measure_in(claim.scope_window)
    named_breakdown = None
    noun = _contained(claim)
    if not noun and not own and (subject := _other_subject(claim, previous, vocabulary,
                                                           scan or SubjectScan())):
        resolution.problem = (f"its sentence counts {subject!r}, not a measure of {vocabulary.dataset}, "
                              f"and the figure names nothing else")
        return
    if noun:
        resolution.measure = vocabulary.measure_of_noun(noun)
        if resolution.measure is None and (found := vocabulary.breakdown_of_noun(noun)):
            resolution.measure, named_breakdown = found
        if resolution.measure is None:
            resolution.problem = f"{noun.split()[0]!r} is not a measure of {vocabulary.dataset}"
            return
        resolution.note("measure", resolution.measure, f"the figure's noun: {noun!r}", 0.95)
    if resolution.measure is None:
        known = [known_measure] if known_measure else []
        in_sentence = vocabulary.measure_in(claim.sentence_window[1])
        if own:
            resolution.measure = own[0]
            resolution.note("measure", own[0], "named in its clause", 0.9)
        elif known:
            resolution.measure = known[-1]
            resolution.note("measure", known[-1], "the measure of the figure before it", 0.9)
        elif in_sentence:
            resolution.measure = in_sentence[0]
            resolution.note("measure", in_sentence[0], "named in its sentence", 0.8)
        elif group_measure := _measure_of_group(claim, vocabulary):
            resolution.measure = group_measure
            resolution.note("measure", group_measure, "the measure of the group named in its "
                                                      "clause", 0.8)
        elif context.default_measure:
            resolution.measure = context.default_measure
            only = context.default_measure == vocabulary.only_measure
            resolution.note("measure", context.default_measure, "the dataset's only measure, which the "
                            "article names" if only else "the measure the article names most",
                            0.8 if only else 0.6)
        elif claim.kind in ("coverage", "rank") and vocabulary.only_measure:
            resolution.measure = vocabulary.only_measure  # "one of the 43 forces" names none
            resolution.note("measure", resolution.measure, "the dataset's only measure", 0.8)
    if resolution.measure is None:
        resolution.problem = f"no measure of {vocabulary.dataset} named"
        return
    _breakdown(claim, previous, vocabulary, resolution, named_breakdown, own, following)
    _doubt_the_total(claim, vocabulary, resolution, context.text)
    _another_source(claim, context, resolution)


def _measure_of_group(claim: Claim, vocabulary: Vocabulary) -> str | None:
    """The measure a group named in the figure's clause breaks down ("domestic burglary rose by
    3 per cent": recorded crime), when the group says which: its own or the dataset's only one."""
    group = vocabulary.flag_in(claim.clause_window[1])
    if group is None:
        return None
    return vocabulary.breakdown_measures.get(group) or vocabulary.only_measure


# A survey's estimates are not a count of recorded cases: "the Crime Survey for England and Wales
# showed an estimated 6.5 million incidents"; "our own" words tie a figure to recorded data.
SURVEY = re.compile(r"\b(?:survey|surveys|csew|poll|polling|questionnaire|estimated|estimates?)\b",
                    re.IGNORECASE)
# "the force estimated that the actual increase was around two per cent": not what was recorded
_ESTIMATED_CHANGE = re.compile(rf"\b(?:actual|real|true|underlying|genuine)\s+{CHANGE_OR_NOUN}\b",
                               re.IGNORECASE)
_OWN_SOURCE = re.compile(r"\b(?:recorded|police|forces?|reported\s+to)\b", re.IGNORECASE)
_survey_in, _own_source_in = remembered(SURVEY), remembered(_OWN_SOURCE)


def _another_source(claim: Claim, context: ArticleContext, resolution: Resolution) -> None:
    """A figure its sentence gives as a survey's is not the dataset's; in an article that quotes a
    survey, one whose sentence does not say it was recorded may be the survey's."""
    if resolution.problem or claim.kind in ("coverage", "rank"):
        return
    window = claim.sentence_window[1]
    own_in_clause = _own_source_in(claim.clause_window[1])
    own = own_in_clause or _own_source_in(window)
    clause_start, clause = claim.clause_window
    if _ESTIMATED_CHANGE.search(clause[:max(0, claim.start - claim.sentence_start - clause_start)]):
        resolution.problem = (f"its sentence gives it as an estimate of the real change, not the "
                              f"recorded figure of {resolution.dataset}")
    elif _survey_in(window) and not own_in_clause:
        resolution.problem = (f"its sentence gives it as a survey's estimate, not a figure of "
                              f"{resolution.dataset}")
    elif context.surveyed and not own:
        resolution.note("measure", resolution.measure, "the article also quotes a survey, and this "
                                                       "figure's sentence does not say it was recorded",
                        0.6)


_CONTAINER = re.compile(r"\s*(?:[a-z]+\s+)?(?:reports|allegations|cases|incidents|instances|counts|records)"
                        r"\s+of\s+(?:the\s+|a\s+|an\s+)?", re.IGNORECASE)


_LEADS_TO_FIGURE = re.compile(r"[\s,:(\u2013\u2014-]*(?:(?:up|down|rose|fell|rising|falling|increased|"
                              r"decreased|by|of|were|was|at)[\s,:(]*)*", re.IGNORECASE)
_NEXT_ITEM = re.compile(r"(?:,|\band\b)[^,]*$", re.IGNORECASE)
_NUMBER_OF = re.compile(r"\bthe\s+number\s+of\s+", re.IGNORECASE)


def _other_subject(claim: Claim, previous: list[tuple[Claim, Resolution]],
                   vocabulary: Vocabulary, scan: SubjectScan) -> str | None:
    """A bare figure in a sentence that names none of the dataset's measures or groups, where an
    earlier figure counts something the dataset does not measure ("there were 1,238 officers ...
    there were just 1,112 – a 10 per cent reduction") or the sentence counts it ("the number of cars
    reported stolen ..., with reports up by 42%"): the figure is that thing's, not the dataset's."""
    sentence = claim.sentence
    named, number_of = _sentence_scan(sentence, vocabulary, scan)
    if named:
        return None
    found = _first_other_noun(previous, vocabulary, scan)
    if found:
        return found
    if number_of is not None and number_of[0] < claim.start - claim.sentence_start:
        return number_of[1] if _other_noun(number_of[1], vocabulary) else None
    return None


def _other_noun(noun: str | None, vocabulary: Vocabulary) -> bool:
    return bool(noun) and noun.split()[0] not in NUMBER_WORDS and vocabulary.measure_of_noun(noun) is None \
        and vocabulary.breakdown_of_noun(noun) is None


class SubjectScan:
    """What `_other_subject` remembers in one pass of `resolve_claims` (never shared by threads): the
    last sentence's scan, and how far the sentence's earlier claims were searched for a noun not the
    dataset's. Without it each claim of a long sentence rescanned both: quadratic in its figures."""

    def __init__(self) -> None:
        self.sentence, self.sentence_result = None, (False, None)
        self.previous, self.scanned, self.found = None, 0, None


def _sentence_scan(sentence: str, vocabulary: Vocabulary,
                   scan: SubjectScan) -> tuple[bool, tuple[int, str | None] | None]:
    """Whether the sentence names a measure or group, and where its "the number of" is and its noun."""
    if scan.sentence is sentence:
        return scan.sentence_result
    named = bool(vocabulary.measure_in(sentence) or vocabulary.flag_in(sentence))
    found = None if named else _NUMBER_OF.search(sentence)
    scan.sentence, scan.sentence_result = sentence, (
        named, (found.start(), noun_after(sentence[found.end():])) if found else None)
    return scan.sentence_result


def _first_other_noun(previous: list[tuple[Claim, Resolution]], vocabulary: Vocabulary,
                      scan: SubjectScan) -> str | None:
    """The first noun, of the earlier counts and changes in `previous`, that is not the dataset's.
    `previous` only grows (one sentence's claims, appended as they are resolved), so the scan goes
    on from where it stopped for the same list."""
    if scan.previous is not previous or scan.scanned > len(previous):
        scan.previous, scan.scanned, scan.found = previous, 0, None
    if scan.found is None:
        for other, _resolution in previous[scan.scanned:]:
            if other.kind in ("count", "change"):
                noun = _contained(other)
                if _other_noun(noun, vocabulary):
                    scan.found = noun
                    break
        scan.scanned = len(previous)
    return scan.found


def _contained(claim: Claim) -> str | None:
    """The figure's noun, or what it is a report of: "64,667 reports of child sex offences"."""
    if not claim.noun or claim.noun.split()[-1] not in _CONTAINER_WORDS:
        return claim.noun
    after = claim.sentence[claim.end - claim.sentence_start:][:120]
    found = _CONTAINER.match(after)
    inner = noun_after(after[found.end():]) if found else None
    return inner or claim.noun


_CONTAINER_WORDS = frozenset({"reports", "allegations", "cases", "incidents", "instances", "counts",
                              "records"})
_GENERIC_TERMS = frozenset({"offences", "offence", "crimes", "crime", "cases", "incidents"})
_PLAIN_QUALIFIERS = frozenset({"recorded", "total", "overall", "all", "reported", "the", "of", "police",
                               "these", "those", "such", "more", "new", "other", "in", "and", "a", "an",
                               "number", "committed", "logged", "notifiable", "alleged", "fewer",
                               "many", "some", "with", "against", "by", "for", "recording", "its",
                               "their", "which", "that", "were", "was", "latest", "recent", "common",
                               "experienced", "suffered", "serious", "cent", "percent", "while",
                               "whilst", "but", "although", "though", "as", "when", "where", "so",
                               "because", "if", "whether", "excluding",
                               # verbs: "which compares crime recorded ...", "tackling crime"
                               "compares", "compare", "compared", "comparing", "tackle", "tackles",
                               "tackling", "fight", "fights", "fighting", "reduce", "reduces",
                               "reducing", "prevent", "prevents", "preventing", "solve", "solves",
                               "solving", "investigate", "investigates", "investigating", "show",
                               "shows", "showed", "report", "reports", "record", "records"})
_QUALIFIED = re.compile(r"\b([a-z][a-z\-’']+)\s+(offences|offence|crimes|crime|cases|incidents)\b")
_PRONOUNS = frozenset({"them", "him", "her", "us", "you", "it", "me"})  # "the crimes against them"
# "1,200 crimes involving a firearm", "a 21% rise in crimes against persons": a part of the total
_QUALIFIED_AFTER = re.compile(r"\b(?:offences|offence|crimes|crime|cases|incidents)\s+(?:involving|against|"
                              r"using|with\s+(?:a|an))\s+(?:the\s+|a\s+|an\s+)?"
                              r"(?P<word>[a-z][a-z\-]*[a-z])\b(?![\-\d])")
# "than that of boys (374)": a part of the people counted, when the dataset has no such breakdown
_PEOPLE = re.compile(r"\b(?:girls?|boys?|males?|females?|men|women)\b")
_PART_OF = re.compile(r"\s+(?:of|out\s+of)\s+(?:its|the|their|these|those|all)?\s*\d")


def plain_words() -> frozenset[str]:
    """The words that name no group of their own ("recorded", "offences", "the")."""
    return _PLAIN_QUALIFIERS | _GENERIC_TERMS


def _names_a_group(qualifier: str) -> bool:
    """"knife crime", "hate crimes", not "the police's crime", "1.2 million offences", "police-recorded
    crime", "latest crime" (a possessive, a number word, or plain words joined by hyphens)."""
    if qualifier.endswith(("'s", "’s")) or qualifier in NUMBER_WORDS:
        return False
    return not all(part in _PLAIN_QUALIFIERS for part in qualifier.split("-"))


def _doubt_the_total(claim: Claim, vocabulary: Vocabulary, resolution: Resolution, text: str) -> None:
    """A figure read as the measure's total is a guess when its clause names a group the dataset
    does not break down ("knife crime", "burglary offences"), when it is a part of another figure
    ("41 of its 389"), when its only word is a generic one ("crimes"), or a small number in words."""
    if resolution.breakdown or resolution.problem or claim.kind in ("coverage", "rank", "record"):
        return
    lower = claim.clause_window[1].lower()
    window_start, window = claim.sentence_window
    before = window[:claim.end - claim.sentence_start - window_start].lower()
    unnamed = NOT_A_GROUP.sub(" ", before)
    group = vocabulary.group_pattern.search(unnamed) if vocabulary.group_pattern else None
    named = [group.group()] if group else []
    near = before[-120:] if len(before) <= 120 else before[-120:].partition(" ")[2]  # whole words
    lower = lower + " | " + near  # the two never read as one phrase
    people = _PEOPLE.search(before[-40:])
    after = words_right_after(claim)
    group_after = vocabulary.group_pattern.search(NOT_A_GROUP.sub(" ", after)) \
        if after and vocabulary.group_pattern else None
    if named or people or group_after:
        word = named[0] if named else (people or group_after).group()
        resolution.note("breakdown", None, f"its sentence names a group ({word!r}) but no breakdown "
                                           f"of the dataset was read for it", 0.5)
        return
    for match in _QUALIFIED.finditer(lower):
        phrase = match.group()
        if _names_a_group(match.group(1)) and not vocabulary.knows_phrase(phrase):
            resolution.note("breakdown", None, f"its clause names a group the dataset does not break "
                                               f"down: {phrase!r}", 0.5)
            return
    for match in _QUALIFIED_AFTER.finditer(lower):
        word = match.group("word")
        if word not in _PLAIN_QUALIFIERS | _PRONOUNS and stem(word) not in vocabulary.measure_words:
            resolution.note("breakdown", None, f"its clause names a part of the measure the dataset "
                                               f"does not break down: {match.group()!r}", 0.5)
            return
    after = claim.sentence[claim.end - claim.sentence_start:][:30]
    if claim.kind == "count" and _PART_OF.match(after):
        resolution.note("measure", resolution.measure, "a part of another figure (\"N of M\")", 0.5)
    elif claim.kind == "count" and not claim.text[:1].isdigit() and claim.value is not None \
            and claim.value < 10 and not claim.noun:
        resolution.note("measure", resolution.measure, "a small number in words, naming nothing", 0.6)
    elif (claim.noun and claim.noun.split()[0] in _GENERIC_TERMS) or (not claim.noun and not _names_a_term(
            window.lower(), vocabulary)):
        # "Public order and violent crime feature as key issues. Lancashire has the greatest
        # percentage increase (50.8 per cent, ...)": the group of the sentence before may be meant
        group = vocabulary.group_in_sentence_before(text, claim.sentence_start)
        resolution.note("measure", resolution.measure, f"only a generic word names it, and the sentence "
                        f"before names a group ({group!r})" if group else "only a generic word names "
                        "it (the total is likely, not sure)", 0.5 if group else 0.85)


def _names_a_term(lower: str, vocabulary: Vocabulary) -> bool:
    """Whether the (lower-case) text holds one of the measure's own terms, not a generic word."""
    return any(term in lower for term, _ in vocabulary.measure_terms if term not in _GENERIC_TERMS)


def _breakdown(claim: Claim, previous: list[tuple[Claim, Resolution]], vocabulary: Vocabulary,
               resolution: Resolution, named: str | None, own_measure, following: Claim | None) -> None:
    window_start, clause = claim.clause_window
    at = claim.start - claim.sentence_start - window_start
    # "violence went up by 17 per cent and there was a 24 per cent increase in people carrying
    # weapons": a group named after the next figure is that figure's (unless it is this one's
    # "to" or "from": "a 20 per cent rise to 1,234 burglaries")
    limit = following.start - claim.sentence_start if following is not None and \
        following.role not in ("to", "from") else None
    near = vocabulary.flag_near(clause, at, None if limit is None else limit - window_start)
    breakdown, reason, confidence = named, "the figure's noun", 0.9
    beside = None if named else _group_beside(claim, vocabulary)
    if beside and beside[0]:
        breakdown, reason, confidence = beside[0], f"named {beside[2]}: {beside[1]!r}", 0.9
    elif beside:  # "vehicle-related theft (up 7%)": a group, but none of the dataset's
        resolution.note("breakdown", None, f"named {beside[2]}, a group the dataset does "
                                           f"not break down: {beside[1]!r}", 0.5)
        return
    elif not named and near:
        breakdown, end = near
        between = clause[end:at].lower() if end <= at else ""
        other = [w for w in re.findall(r"[a-z]+", between) if stem(w) in vocabulary.group_words]
        reason = "named in its clause" + (f", before another group ({other[0]!r})" if other else "")
        confidence = 0.5 if other else 0.9
        listed = _NEXT_ITEM.search(clause[at + len(claim.text):end])  # "..., and public order offences"
        if end > at and limit is not None and listed and \
                _LEADS_TO_FIGURE.fullmatch(clause[end:limit - window_start]):
            # "stalking, up 24 per cent and public order offences, up 15 per cent": a group heading
            # the next figure may be that one's
            reason, confidence = "named after it, heading the next figure (which may be that one's)", 0.5
    elif not named and (wider := vocabulary.flag_in(_up_to(claim, limit))):
        breakdown, reason, confidence = wider, "named in a clause after it", 0.7
    if claim.age_min is not None or claim.age_max is not None:
        everyone = claim.age_min in (None, 0) and vocabulary.age_max is not None and \
            claim.age_max is not None and claim.age_max >= vocabulary.age_max
        if everyone:  # "aged under 18": everyone the dataset counts
            resolution.note("breakdown", "", f"ages {_ages(claim.age_min, claim.age_max)}: all the "
                                             f"dataset counts", 0.9)
            ages = vocabulary.age_breakdowns.values()
            resolution.breakdown = breakdown if breakdown and breakdown not in ages else ""
            return
        age = vocabulary.age_breakdowns.get((claim.age_min, claim.age_max))
        if age is None:
            resolution.problem = (f"{vocabulary.dataset} has no breakdown for ages "
                                  f"{_ages(claim.age_min, claim.age_max)}")
            return
        breakdown, reason, confidence = age, f"ages {_ages(claim.age_min, claim.age_max)}", 0.9
    # "up 18 per cent on the 3,331": a change, or the figure compared with, in the same clause as
    # the figure before it takes its breakdown when it names none; a list of groups does not
    at = claim.start - claim.sentence_start
    bracketed = claim.sentence[max(0, at - 4):at].rstrip().endswith("(")
    generic = own_measure is None or (claim.noun in ("crimes", "offences") and bracketed)
    # "down 39 per cent on the same period in 2007 (338 crimes)": the group of the figure before
    if breakdown is None and generic and previous and _takes_breakdown_before(claim, previous, vocabulary):
        breakdown, reason = previous[-1][1].breakdown, "the breakdown of the figure before it"
    elif breakdown is None and (earlier := _group_heading_sentence(claim, vocabulary)):
        breakdown, reason, confidence = earlier, "named earlier in its sentence, before a comma", 0.6
    if breakdown and (part := vocabulary.part_of_group(clause)):
        reason, confidence = f"{reason}, but its clause names a part of the group: {part!r}", 0.5
    resolution.breakdown = breakdown or ""
    if resolution.breakdown:
        resolution.note("breakdown", resolution.breakdown, reason, confidence if reason != "the breakdown "
                        "of the figure before it" else 0.8)


_OPEN_BRACKET = re.compile(r"\(\s*(?:(?:up|down|rising|falling)\s+(?:by\s+)?)?$", re.IGNORECASE)
_LAST_WORDS = re.compile(r"(?:[a-z][a-z\-’']*\s+){0,2}[a-z][a-z\-’']*$")


# "6,111 crimes of stalking or harassment", "a 13 per cent increase in violence against the person"
_GROUP_AFTER = re.compile(rf"\s*(?:(?:per\s*cent|percent|%)\s*)?(?:(?:{CHANGE_NOUN}|crimes?|offences?|"
                          r"incidents?|cases?|reports?)\s+)?(?:of|in)\s+(?:the\s+)?"
                          r"(?:number\s+of\s+)?(?=[a-z])")
_FIRST_WORDS = re.compile(r"[a-z][a-z\-]*(?:\s+[a-z][a-z\-]*){0,3}")


def _group_beside(claim: Claim, vocabulary: Vocabulary) -> tuple[str | None, str, str] | None:
    """The group named just before the figure's brackets, else one of the dataset's named right
    after it (its own, though another group is named before), else before a dash (headings.py):
    (its breakdown or None, the words, where)."""
    if bracketed := _group_before_bracket(claim, vocabulary):
        return (*bracketed, "just before its brackets")
    words = words_right_after(claim)
    if found := vocabulary.flag_near(words, 0) if words else None:
        return found[0], words[:found[1]], "right after the figure"
    return (*dashed, "just before a dash or colon") if (dashed := group_before_dash(claim, vocabulary)) \
        else None


def words_right_after(claim: Claim) -> str | None:
    """The first words of what the figure counts or changes, when named right after it: "crimes of
    stalking or harassment", "increase in violence against the person"."""
    opening = _GROUP_AFTER.match(claim.sentence, claim.end - claim.sentence_start)
    if opening is None:
        return None
    words = _FIRST_WORDS.match(claim.sentence[opening.end():opening.end() + 60].lower())
    return words.group() if words else None


def _group_before_bracket(claim: Claim, vocabulary: Vocabulary) -> tuple[str | None, str] | None:
    """"robberies (up 22%)", "public order offences (3,590)": a bracketed figure is the group named
    just before its brackets: (its breakdown, the words), or (None, the words) for a group the
    dataset does not break down; None when no group word ends just before the brackets."""
    at = claim.start - claim.sentence_start
    head = claim.sentence[max(0, at - 100):at]
    opening = _OPEN_BRACKET.search(head)
    if opening is None:
        return None
    before = head[:opening.start()].rstrip().lower()
    for term, name in vocabulary.flag_terms:  # the longest first
        if before.endswith(term) and (len(before) == len(term) or not before[-len(term) - 1].isalpha()):
            return name, term
    words = _LAST_WORDS.search(before)
    if words and vocabulary.group_pattern and vocabulary.group_pattern.search(words.group()):
        return None, words.group()
    return None


def _group_heading_sentence(claim: Claim, vocabulary: Vocabulary) -> str | None:
    """"Sexual offences also rose, from 955 to 1,019": the group heads the sentence and its
    figures follow a clause break. Only with no figure between the group and the clause; a guess
    (it may be the total's), so it can support a figure but never contradict one."""
    window_start, window = claim.sentence_window
    before = window[:max(0, claim.clause_start - window_start)]
    found = vocabulary.flag_near(before, len(before)) if before else None
    if found is None or any(character.isdigit() for character in before[found[1]:]):
        return None
    return found[0]


def _up_to(claim: Claim, limit: int | None) -> str:
    """The figure's scope (its clause and the clauses after it with no figure), cut where the next
    figure of its sentence starts (`limit`, an offset into the sentence)."""
    if limit is None:
        return claim.scope_window
    start = max(claim.clause_start, claim.start - claim.sentence_start - WINDOW)
    return claim.scope_window[:max(0, limit - start)]


def _takes_breakdown_before(claim: Claim, previous: list[tuple[Claim, Resolution]],
                            vocabulary: Vocabulary) -> bool:
    """A change, or the figure compared with, naming nothing: in the same clause as the figure
    before it, or in a clause that names no other group; a bare count in a clause of its own
    ("(1,126)", "up to 204 from 186")."""
    if claim.noun is not None and claim.noun not in ("crimes", "offences"):
        return False
    if claim.kind in ("pct_change", "change", "coverage", "rank") or claim.role == "from":
        clause = claim.clause_window[1]
        return previous[-1][0].clause_index == claim.clause_index or not (
            _OTHER_GROUP.search(clause) or (vocabulary.group_pattern and vocabulary.group_pattern.search(
                NOT_A_GROUP.sub(" ", clause.lower()))))
    words = [w for w in claim.scope_window.split() if not w[:1].isdigit() and not w[:2].strip("(").isdigit()]
    return claim.kind == "count" and len(words) <= 4


# "a 25% rise in burglary": the change names a group of its own (known or not), so it does not
# take the breakdown of the figure before it
_OTHER_GROUP = re.compile(r"\b(?:in|for|among)\s+(?!(?:the|a|an|this|that|its|their|last|recent|each|"
                          r"every|total|all|overall)\b)[a-z]{3,}")


def _money_measure(claim: Claim, vocabulary: Vocabulary, resolution: Resolution) -> None:
    """Sums of money are checked only against a measure in pounds; never silently skipped."""
    if not vocabulary.money_measures:
        resolution.problem = f"{vocabulary.dataset} has no measure in pounds (unit \"£\")"
        return
    scope = claim.scope_window.lower()
    named = [m for m in vocabulary.money_measures
             if re.search(rf"\b{re.escape(vocabulary.labels.get(m, m).lower())}\b", scope)]
    if len(named) == 1 or len(vocabulary.money_measures) == 1:
        resolution.measure = (named or vocabulary.money_measures)[0]
        resolution.note("measure", resolution.measure, "the dataset's measure in pounds", 0.9)
    else:
        resolution.problem = f"{vocabulary.dataset} has several measures in pounds; none is named"


def table_rate(claim: Claim, rate_bases: list[tuple[int, int]], resolution: Resolution) -> None:
    """A league table under "crimes per 1,000 people": its bare decimal figures are rates."""
    if claim.kind != "count" or claim.noun or claim.value is None or claim.value == int(claim.value):
        return
    if rate_bases and claim.sentence_index - rate_bases[-1][0] <= 12:
        resolution.rate_base = rate_bases[-1][1]
        resolution.note("measure", f"rate per {resolution.rate_base:,}", "a decimal figure in a table "
                        "after a rate per population", 0.8)


def _ages(low: int | None, high: int | None) -> str:
    if low is None:
        return f"{high} and under"
    if high is None:
        return f"{low} and over"
    return f"{low} to {high}" if low != high else str(low)


def doubt_carried(referred: Resolution, resolution: Resolution) -> None:
    """"There were 18,985 crimes against a person. That was a rise of 37 per cent", "an increase of
    18pc and the highest level since 2011/12": a sentence that refers back to a figure of a group
    the dataset does not break down, or a record after it, is about that group too."""
    doubt = next((e for e in referred.evidence if e.field == "breakdown" and e.value is None
                  and e.confidence <= 0.5), None)
    if doubt is None or resolution.breakdown or resolution.problem or any(
            e.field == "breakdown" for e in resolution.evidence):
        return
    resolution.note("breakdown", None, f"it is about the figure before it, whose group is not the "
                                       f"dataset's ({doubt.reason})", 0.5)
