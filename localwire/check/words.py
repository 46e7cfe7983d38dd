"""The checker's shared words: one definition per concept, as regular-expression sources that the
modules reading them compile into their own patterns (a change noun, "the year before", a comparison,
the people a share may be of). A word added here is read the same way everywhere."""

from __future__ import annotations

# "a 12 per cent increase", "the biggest rise": what names the size of a change
CHANGE_NOUN = r"(?:increases?|rises?|falls?|drops?|decreases?|reductions?|jumps?|surges?|growth)"
# "a change", "the change": the same, or the change itself
CHANGE_OR_NOUN = rf"(?:{CHANGE_NOUN}|changes?)"
# "the previous year", "the year before", "a year earlier": the year before the one read
THE_YEAR_BEFORE = (r"(?:the\s+(?:previous|preceding)\s+(?:year|12\s+months)"
                   r"|the\s+(?:year|12\s+months)\s+before|a\s+year\s+(?:earlier|before))")
# any phrasing of a change on the year before ("last year", "year-on-year", "in the past 12 months")
ON_THE_YEAR_BEFORE = (rf"(?:{THE_YEAR_BEFORE}|previous\s+(?:year|12\s+months)|last\s+year|a\s+year\s+ago|"
                      r"in\s+a\s+year|in\s+(?:the\s+)?(?:last|past)\s+(?:year|12\s+months)|on\s+the\s+year|"
                      r"year[\s\-]on[\s\-]year)")
# "compared to the likes of Lancashire", "against a 15 per cent fall", "in line with its most similar
# forces": what stands between an area and a figure that is of what the area is compared with
COMPARED = (r"(?:compared\s+(?:to|with)|in\s+comparison\s+(?:to|with)|against|than|in\s+line\s+with|"
            r"the\s+likes\s+of|unlike|versus|vs\.?)")
# a share of people, not of offences: "seven per cent of Bedfordshire residents"
PEOPLE_SURVEYED = r"(?:residents|people|adults|households|respondents|population|public)"
# "its most similar forces", "the most serious offences": "most" naming no level
NOT_A_LEVEL = r"(?:similar|serious|common|likely|vulnerable|deprived|recent|important|populous)"

