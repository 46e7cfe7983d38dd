"""The two FOI laws a UK police force answers under, as a letter needs to cite them.

FOIA (Freedom of Information Act 2000) for the forces of England, Wales and Northern Ireland and
British Transport Police; FOISA (Freedom of Information (Scotland) Act 2002) for Police
Scotland. Each entry is the wording of the Act a letter cites; docs/foi.md gives the sources.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from localwire.foi.deadlines import FOIA, FOISA


@dataclass(frozen=True)
class Law:
    code: str
    title: str
    commissioner: str             # who hears a complaint or an application
    commissioner_short: str
    review_name: str              # "internal review" (FOIA) or "review" (FOISA)
    appeal_name: str              # what going to the commissioner is called
    appeal_section: str
    advice_section: int           # duty to advise and assist
    means_section: int = 11       # the means of communication the applicant prefers
    cost_section: int = 12
    cost_limit: str = ""

    def as_context(self) -> dict[str, Any]:
        return asdict(self)


LAWS = {
    FOIA: Law(FOIA, "Freedom of Information Act 2000", "Information Commissioner", "ICO",
              review_name="internal review", appeal_name="complaint", appeal_section="50",
              advice_section=16, cost_limit="£450"),
    FOISA: Law(FOISA, "Freedom of Information (Scotland) Act 2002",
               "Scottish Information Commissioner", "SIC", review_name="review",
               appeal_name="application for a decision", appeal_section="47(1)",
               advice_section=15, cost_limit="£600"),
}
