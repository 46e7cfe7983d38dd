"""The acceptance campaign: one question to all 46 forces, from the letters to a complete
dataset, with replies in CSV, XLSX and PDF, a refusal letter and a refusal by e-mail. At every
step the board's buckets add up to 46 and the board agrees with the dataset."""

import re
from datetime import date
from pathlib import Path

import pytest

from localwire.errors import InputErrors
from localwire.foi import (
    attach_reply,
    close_no_reply,
    create_campaign,
    entries_for,
    get_request,
    import_reply,
    letters_due,
    record,
    record_event,
    status_board,
    write_letters,
)
from localwire.foi import lifecycle as lc
from localwire.foi.board import BUCKETS
from localwire.store import campaigns as queries

FIXTURES = Path(__file__).parent / "fixtures"
REPLIES = FIXTURES / "foi-campaign" / "replies"
KENT = FIXTURES / "replies" / "bands-0-5-xlsx"
WILTSHIRE = FIXTURES / "replies" / "flag-not-used-pdf"
QUESTION = ("How many sexual offences against children did {{ force.official_name }} record "
            "in {{ periods | join(' and ') }}, and how many were flagged as online?")
SENT = date(2026, 5, 20)      # due 19 June 2026, both laws
DATASET = "nspcc-foi-2026"


def tidy_forces() -> list[str]:
    return sorted(p.stem for p in REPLIES.glob("*.csv")
                  if p.stem not in ("police-scotland-review", "tracker"))


def check(store, campaign, today, **expected):
    """The board on `today`: every request in one bucket, totals that add up, and no
    disagreement with the dataset. Returns the non-zero counts."""
    board = status_board(store, campaign, today)
    counts = board.counts
    assert set(counts) == set(BUCKETS) and sum(counts.values()) == board.total == 46
    total, rest = board.summary.split(" requests: ")
    assert int(total) == 46 == sum(int(n) for n in re.findall(r"(?:^|, )(\d+) ", rest))
    assert [(d.force, d.reason) for d in board.differences] == []
    figures = queries.forces_with_figures(store, DATASET, [r.force for r in board.rows],
                                          campaign.measures, campaign.periods)
    assert board.dataset_covered == figures == board.replied_forces()
    found = {key: n for key, n in counts.items() if n}
    if expected:
        assert found == expected
    return board


def mark(store, campaign, force, what, on, **details):
    return record_event(store, campaign, force, what, on=on, today=date(2026, 12, 31), **details)


def attach(store, campaign, force, path, received):
    return attach_reply(store, campaign, force, path, received=received, today=received)


def test_a_campaign_to_46_forces_from_letters_to_a_complete_dataset(store, tmp_path):
    campaign = create_campaign(
        store, "nspcc-2026", QUESTION, dataset=DATASET, periods=["2015/16", "2016/17"],
        measures=["child_sex_offences"], requester="Sam Reporter", address="sam@example.org")
    check(store, campaign, date(2026, 5, 19), not_sent=46)

    # 1. letters, sent the same day to all 46
    letters = write_letters(store, campaign, tmp_path / "requests", today=SENT)
    assert len(letters) == 46
    record(store, campaign, entries_for(store, campaign, "all", "sent", SENT), today=SENT)
    check(store, campaign, SENT, awaiting=46)

    # 2. what forces do while the clock runs
    mark(store, campaign, "BTP", "withdrawn", date(2026, 5, 21), note="not its data")
    mark(store, campaign, "Essex", "clarification", date(2026, 5, 22))
    mark(store, campaign, "Essex", "clarification-answered", date(2026, 5, 27))  # due 25 June
    mark(store, campaign, "Cumbria", "fee-notice", date(2026, 6, 1))
    check(store, campaign, date(2026, 6, 2), awaiting=44, clock_stopped=1, withdrawn=1)
    mark(store, campaign, "Cumbria", "fee-paid", date(2026, 6, 5))   # 5 days paused: 26 June
    mark(store, campaign, "Metropolitan", "extended", date(2026, 6, 15), sections=["s.31(1)(a)"],
         until=date(2026, 7, 3))
    check(store, campaign, date(2026, 6, 15), awaiting=45, withdrawn=1)

    # 3. replies arrive: tidy CSVs, Kent's XLSX, Wiltshire's PDF, two refusals, a tracker
    late = {"sussex": date(2026, 6, 30), "metropolitan": date(2026, 7, 1),
            "essex": date(2026, 6, 24), "cumbria": date(2026, 6, 26)}
    for n, force in enumerate(tidy_forces()):
        received = late.get(force, date(2026, 6, 1 + n % 18))
        attach(store, campaign, force, REPLIES / f"{force}.csv", received)
    board = check(store, campaign, date(2026, 7, 2))
    assert board.counts["to_classify"] == len(tidy_forces()) == 38
    for force in tidy_forces():
        assert import_reply(store, campaign, force, today=date(2026, 7, 2)).classified
    attach(store, campaign, "Kent", KENT / "reply.xlsx", date(2026, 6, 18))
    kent = import_reply(store, campaign, "Kent", recipe=KENT / "recipe.yaml",
                        today=date(2026, 7, 2))
    assert (kent.outcome, kent.request.timeline.sections) == (lc.PARTIALLY_SUCCESSFUL,
                                                              ("s.40(2)",))
    attach(store, campaign, "Wiltshire", WILTSHIRE / "reply.pdf", date(2026, 6, 19))
    wiltshire = import_reply(store, campaign, "Wiltshire", recipe=WILTSHIRE / "recipe.yaml",
                             today=date(2026, 7, 2))
    assert wiltshire.outcome == lc.PARTIALLY_SUCCESSFUL
    dorset = attach(store, campaign, "Dorset", REPLIES / "dorset-refusal.txt",
                    date(2026, 6, 11))
    assert [hit.section for hit in dorset.sections] == ["s.12"]
    assert dorset.suggested_outcome == lc.REFUSED
    mark(store, campaign, "Dorset", dorset.suggested_outcome, date(2026, 6, 11),
         sections=[hit.section for hit in dorset.sections], reference="2026-0619")
    scotland = attach_reply(store, campaign, "Police Scotland",
                            REPLIES / "police-scotland-refusal.eml", today=date(2026, 7, 2))
    assert scotland.received == date(2026, 6, 17)    # the e-mail's own date
    mark(store, campaign, "Police Scotland", "refused", date(2026, 6, 17), sections=["s.12"])
    attach(store, campaign, "Cleveland", REPLIES / "tracker.csv", date(2026, 6, 16))
    with pytest.raises(InputErrors, match="unexpected-area"):
        import_reply(store, campaign, "Cleveland", today=date(2026, 7, 2))
    mark(store, campaign, "Cleveland", "not held", date(2026, 6, 16))
    check(store, campaign, date(2026, 7, 2), successful=38, partially_successful=2, refused=2,
          not_held=1, overdue=2, withdrawn=1)

    # 4. chasers go to the two silent forces only, not to anyone who replied
    chased = {r.force for r in letters_due(store, campaign, "chaser", date(2026, 7, 2))}
    assert chased == {"gwent", "lincolnshire"}
    written = write_letters(store, campaign, tmp_path / "chasers", kind="chaser",
                            today=date(2026, 7, 2))
    assert sorted(p.name for p in written) == ["gwent-chaser.txt", "lincolnshire-chaser.txt"]

    # 5. the refusals go to review, and Dorset's on to the ICO
    for force in ("Dorset", "Police Scotland"):
        mark(store, campaign, force, "review-asked", date(2026, 6, 24))
    board = check(store, campaign, date(2026, 7, 27), successful=38, partially_successful=2,
                  in_review=2, not_held=1, long_overdue=2, withdrawn=1)
    assert board.refusals == {"in_review": 2}
    reviews = {p.name for p in write_letters(store, campaign, tmp_path / "reviews",
                                             kind="review-chaser", today=date(2026, 7, 27))}
    assert reviews == {"dorset-review-chaser.txt", "police-scotland-review-chaser.txt"}
    mark(store, campaign, "Dorset", "review-answered", date(2026, 7, 28), outcome="upheld")
    mark(store, campaign, "Dorset", "ICO complaint", date(2026, 7, 30))
    attach(store, campaign, "Police Scotland", REPLIES / "police-scotland-review.csv",
           date(2026, 7, 29))
    reviewed = import_reply(store, campaign, "Police Scotland", today=date(2026, 7, 30))
    assert (reviewed.request.state, reviewed.outcome) == (lc.REVIEWED, lc.SUCCESSFUL)
    assert reviewed.request.timeline.answer == lc.REFUSED

    # 6. the silent ones are closed as no reply; the dataset is complete
    closed = close_no_reply(store, campaign, today=date(2026, 7, 31))
    assert sorted(r.request.force for r in closed) == ["gwent", "lincolnshire"]
    board = check(store, campaign, date(2026, 7, 31), successful=39, partially_successful=2,
                  in_appeal=1, not_held=1, no_reply=2, withdrawn=1)
    assert board.refusals == {"in_appeal": 1, "successful": 1}   # overturned on review
    dorset_row = next(r for r in board.rows if r.force == "dorset")
    assert dorset_row.status == "in appeal (refused s.12)"
    statuses = queries.dataset_statuses(store, DATASET, [r.force for r in board.rows],
                                        campaign.measures, campaign.periods)
    assert {force for force, found in statuses.items() if not found} == {"btp"}
    assert statuses["dorset"] == {"refused"} and statuses["cleveland"] == {"not_held"}
    assert statuses["gwent"] == statuses["lincolnshire"] == {"no_reply"}
    assert statuses["police-scotland"] == {"reported"}

    # 7. the campaign's timeliness: late replies counted as late, on the day received
    stats = board.stats
    assert (stats["sent"], stats["replied"]) == (46, 43)
    late_forces = {r.force for r in board.rows if r.on_time is False}
    assert late_forces == {"sussex"}   # Essex, Cumbria and the Met within their moved dates
    assert stats["on_time"] == 42 and stats["on_time_rate"] == round(42 / 43, 4)
    assert get_request(store, campaign, "Metropolitan").timeline.due == date(2026, 7, 3)
