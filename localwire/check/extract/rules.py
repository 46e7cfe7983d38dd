"""The extraction rules, as data: token patterns (patterns.py) with a label, a priority and example
sentences of their own (tests/test_check_rules.py runs every example).

A rule's label is the kind of claim it makes ("count", "share", ...), "age" (a filter on the claims
of its clause, not a claim), or "skip" (numbers that are never claims: sections, phone and call
numbers, durations, ages in years, the base of a rate). Where matches overlap, the higher priority
wins, then the longer, then the earlier; skips may overlap each other. Each example is a sentence and
the text the rule must take from it (for a skip: a figure no claim may cover).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from localwire.check.extract.patterns import Pattern, compile_pattern

MACROS = {
    "FORCES": "( WORD / WORD HYPHEN WORD ){0,2} police? forces|constabularies",
    "REPLIED": "RP / ( which|that|who )? ( replied|responded|reporting|provided|supplied|answered|"
               "disclosed|returned / gave figures|data|information / sent figures|data / were able to "
               "provide|give|supply )",
    "UNIT": "years|year|months|month|decades|decade|weeks|week|days|day|hours|hour|minutes|minute|"
            "seconds|second",
    "POP": "population|people|residents|inhabitants|persons|head|women|men|children|adults|households",
    "SUP": "highest|lowest|most|fewest|biggest|largest|smallest|greatest",
    "ORDWORD": "second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth",
    "FRAME": "on record / ever / since ( records ( began / begun )? / comparable / the survey / the series / "
             "the? data / new recording / recording / current / figures / ( at least )? YEAR|FY ) / "
             "for|in ( at least / more than / over / almost / nearly )? ( y:FIG / a ) "
             "u:years|decades|decade !of / in ( the|its|their )? WORD? FIG HYPHEN? year history / "
             "in|of the s:FIG years ( on record / for which figures|data|records ( are|is|were )? "
             "available )",
    "FILLER": "WORD|HYPHEN|COMMA|DASH|LP|RP",
    "DET": "the|a|an|its|their ( new / all HYPHEN? time )?",
}


@dataclass(frozen=True)
class Example:
    sentence: str
    takes: str  # the text the rule's match covers (a claim's text, or a skipped figure)


@dataclass
class Rule:
    name: str
    label: str  # a claim kind, "age" or "skip"
    priority: int
    patterns: tuple[str, ...]
    examples: tuple[Example, ...]
    compiled: list[Pattern] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.compiled = [compile_pattern(source, MACROS) for source in self.patterns]


def _examples(*pairs: tuple[str, str]) -> tuple[Example, ...]:
    return tuple(Example(sentence, takes) for sentence, takes in pairs)


RULES = [
    Rule("age range", "age", 100, (
        "aged|ages|age of? between? a:FIG ( HYPHEN|DASH|to|and b:FIG )? ( and|or tail:under|younger|"
        "below|less|over|older|above )? ( years|year old? )?",
    ), _examples(("A total of 104 crimes were against children aged 10 and under.", "aged 10 and under"),
                 ("Most victims were aged between 11 and 15.", "aged between 11 and 15"))),
    Rule("age bound", "age", 100, (
        "aged|ages|age op:( no older than / not older than / up to / under / below / over / at least / "
        "less than / younger than / older than ) a:FIG ( years old? )?",
        "op:under|below|over|above the age of a:FIG",
        "op:under|over HYPHEN? a:LABEL|WORD",
        "a:FIG and|or tail:under|younger|below",
        "were|was|are|is|being op:( under / younger than / older than / over ) a:FIG !( PCT / WORD / FIG )",
        "child|children|victims|victim|babies|baby|girls|girl|boys|boy|pupils|youngsters|kids|those|"
        "people op:( under / below / over / younger than / older than ) a:FIG !PCT",
    ), _examples(("Three offences were against babies aged no older than one.", "aged no older than one"),
                 ("The victims were under the age of 10.", "under the age of 10"),
                 ("Offences against under-18s rose.", "under-18s"),
                 ("It included 137 crimes against children four and under.", "four and under"),
                 ("2,409 victims were under four.", "were under four"),
                 ("There were 40 crimes against children under five.", "children under five"))),
    Rule("record frame", "record", 90, (
        "@DET? w:@SUP @FILLER{0,12}? @FRAME",
        "its|their ( new / all HYPHEN? time )? w:@SUP ( HYPHEN? ever? number|level|total|figure|rate|"
        "value|estimate|numbers|levels|totals|figures|rates|values|estimates )?",
    ), _examples(("Knife crime reached the highest level for seven years.",
                  "the highest level for seven years"),
                 ("It was the lowest number since 1986.", "the lowest number since 1986"),
                 ("Fly-tipping is at its highest level for five years.", "its highest level for five years"),
                 ("Death rates are at their lowest level since records began.",
                  "their lowest level since records began"),
                 ("It is the lowest figure in the three years on record for the force.",
                  "the lowest figure in the three years on record"),
                 ("It is the highest in the five years for which figures are available.",
                  "the highest in the five years for which figures are available"))),
    Rule("multi-year high", "record", 90, (
        "( a|an )? new? ( y:FIG / multi ) HYPHEN? u:year|decade|month HYPHEN? w:high|low|highs|lows",
        "( a|an|another )? new w:high|low|highs|lows !school|street|court|road|sheriff",
    ), _examples(("Unemployment fell to a seven-year low.", "a seven-year low"),
                 ("Crime has hit a new high.", "a new high"))),
    Rule("rank", "rank", 85, (
        "the? o:( ORD / @ORDWORD ) HYPHEN? w:highest|largest|biggest|most|lowest|smallest|fewest",
        "the w:highest|largest|biggest|most|lowest|smallest|fewest &( ( WORD / HYPHEN ){0,3} "
        "of|among|amongst ( the / all )? FIG? @FORCES )",
    ), _examples(("The force had the 28th highest number of offences.", "the 28th highest"),
                 ("Cleveland has the second highest rate of knife crime.", "the second highest"),
                 ("It recorded the lowest of the 43 forces in England and Wales.", "the lowest"))),
    Rule("coverage", "coverage", 80, (
        "both:both @FORCES",
        "all ( of the )? all:FIG @FORCES",
        "n:FIG out? of the? m:FIG @FORCES &( @REPLIED )",
        "<!of bare:FIG @FORCES &( @REPLIED )",
        "( one / each / any / every one / none ) of the|its|their in_area:FIG @FORCES",
        "out of|among|amongst the|its|their in_area:FIG @FORCES !( ( WORD / COMMA ){0,5} FIG )",
    ), _examples(("All 43 forces in England and Wales responded.", "All 43 forces"),
                 ("It saw the biggest increase out of the four police forces in Wales.",
                  "out of the four police forces"),
                 ("The figures come from 44 of 45 forces reporting.", "44 of 45 forces"),
                 ("Offences were recorded by the 41 UK police forces that responded.", "41 UK police forces"),
                 ("It is one of the 43 forces in England and Wales.", "one of the 43 forces"),
                 ("Both forces saw a rise.", "Both forces"))),
    Rule("section", "skip", 70, (
        "sections|section|s|ss|sec|article|clause|paragraph|para|chapter|regulation|schedule|part|page|"
        "rule|item|no|number|category|tier|level|grade|stage|type|phase|covid|a|m|b DOT? HYPHEN? NUM "
        "!( PCT / per )",
    ), _examples(("The force refused under section 12 of the Act.", "12"),
                 ("Small numbers were withheld under s.40(2).", "40"))),
    Rule("call number", "skip", 70, (
        "call|dial|ring|phone|text|on 999|101|111|116123|PHONE",
        "call|dial|ring|phone|text|on 116 123",
        "999|101|111 &( for non / in a|an emergency / non HYPHEN emergency|emergencies / number|line|"
        "service )",
        "999 &( calls|call )",
        "text|sms|call|dial|ring|phone|freephone|helpline|hotline ( number / line / us )? ( on / at / is / "
        "COLON / DASH )? LP? n:NUM",
        "number is|COLON|DASH n:NUM",
    ), _examples(("Call us on 999 in an emergency, or 101 for non-emergencies.", "101"),
                 ("The text number - 88858 - is free.", "88858"),
                 ("The force received almost 90,000 999 calls.", "999"))),
    Rule("age in years", "skip", 70, (
        "FIG HYPHEN? years|year|yrs|yr|months|month|weeks|week HYPHEN? olds|old",
    ), _examples(("A 15-year-old girl was groomed.", "15"),
                 ("My mum died when I was four years old.", "four"))),
    Rule("duration", "skip", 70, (
        "between FIG and &( FIG HYPHEN? @UNIT )",
        "<!every|one FIG ( HYPHEN? and HYPHEN? a HYPHEN? half )? HYPHEN? @UNIT !( HYPHEN? olds|old )",
    ), _examples(("Patients waited between four and 12 hours.", "four"),
                 ("It is free and available 24 hours a day.", "24"),
                 ("The abuse went on for five years.", "five"))),
    Rule("rate base", "skip", 70, (
        "( per / for every / in every / every ) base:FIG ( of the? )? @POP",
    ), _examples(("London had the highest rate per 100,000 population.", "100,000"),)),
    Rule("money", "money", 60, (
        "CUR n:NUM",
    ), _examples(("Clearing it up cost councils £50 million.", "£50 million"),)),
    Rule("ratio word", "ratio", 55, (
        "w:doubled|double|doubles|doubling|trebled|treble|trebles|trebling|tripled|triple|tripling|"
        "quadrupled|quadruple|quadrupling|halved|halve|halving !( HYPHEN? digits|digit|figures|figure|"
        "murders|murder|standards|standard|whammy|yellow|beds|bed|decker|checks|check|glazing|agents|"
        "agent|act|bill )",
        "w:twice !( a|an|per|each|every|daily|weekly|monthly|yearly|on|before|over|since|already|during|"
        "last|this / in a )",
    ), _examples(("Offences have more than doubled.", "more than doubled"),
                 ("Detection rates are twice the national average.", "twice"))),
    Rule("times", "ratio", 55, (
        "n:FIG ( times / HYPHEN? fold ) &( as|higher|more|greater|larger|bigger|lower|fewer|less|smaller|"
        "the|that|over|increase|rise )",
    ), _examples(("Offences against girls were nearly five times higher.", "nearly five times"),)),
    Rule("interval", "interval", 50, (
        "( one / a|an WORD )? every n:FIG u:minutes|minute|hours|hour|seconds|second|days|day|weeks|week",
    ), _examples(("A crime is recorded every eight minutes.", "every eight minutes"),
                 ("On average, a child contacts Childline every 45 seconds.", "every 45 seconds"))),
    Rule("share", "share", 45, (
        "n:FIG ( in / out of ) every? d:FIG !PCT",
        "f:FRAC !( ( a|an )? hour|day|century|dozen|million )",
    ), _examples(("One in five victims was a boy.", "One in five"),
                 ("Cleveland had one in every 20 crimes involving violence.", "one in every 20"),
                 ("About a third of offences were online.", "About a third"))),
    Rule("percent", "percent", 40, (
        "n:FIG PCT",
        "n:NUM pc",
        "n:NUM per &( increase|rise|fall|drop|decrease|jump )",
    ), _examples(("86 per cent of victims were satisfied.", "86 per cent"),
                 ("The Humber has seen a 52 per increase in cases.", "52 per"))),
    Rule("record word", "record", 35, (
        "( a|an / at a|an )? new? record ( HYPHEN? hl:high|low )? &( FIG / high|low|number|level|figure|"
        "total|of|for|year|numbers|levels|figures|totals )",
        "( a|an / at a|an )? new? all HYPHEN? time w:high|low",
        "( a|an / at a|an )? new? w:highest|lowest ( ever / on record / since records began )",
        "( a|an / at a|an )? new? record HYPHEN w:high|low|highs|lows",
    ), _examples(("Offences hit a record 64,667 last year.", "a record"),
                 ("Offences are at an all-time high.", "at an all-time high"),
                 ("Record numbers of child sexual offences were recorded.", "Record"))),
    Rule("figure", "count", 10, (
        "n:FIG",
    ), _examples(("The force recorded 1,483 offences.", "1,483"),
                 ("Nearly 14,000 crimes were recorded.", "Nearly 14,000"))),
]
