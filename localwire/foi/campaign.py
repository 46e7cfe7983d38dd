"""Campaigns and requests: one question to many forces; each request a history of dated events.

A request's state is never stored: it is derived from its events by `localwire.foi.timeline`
through the transition table of its law (`localwire.foi.lifecycle`). Recording an event checks
it against that table first; a batch (`record`) is all or nothing. Every query is in
`localwire.store.campaigns`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from localwire import bundled
from localwire.areas import gazetteer_of
from localwire.errors import (
    InputErrors,
    LocalwireError,
    Problem,
    UnknownAreaError,
    UnknownMeasure,
)
from localwire.foi import deadlines
from localwire.foi import lifecycle as lc
from localwire.foi.questions import check_question
from localwire.foi.sections import normalise_section
from localwire.foi.timeline import LifecycleError, Timeline, check_new, derive
from localwire.model.config import DatasetConfig
from localwire.model.periods import Period
from localwire.model.statuses import NO_REPLY, NOT_HELD, REFUSED
from localwire.store import Store
from localwire.store import campaigns as queries


class FoiError(LocalwireError):
    code = "foi"


@dataclass(frozen=True)
class Campaign:
    id: int
    name: str
    question_template: str
    question_file: str | None
    dataset: str | None
    measures: tuple[str, ...]
    periods: tuple[str, ...]
    requester: str | None
    address: str | None   # the requester's address for correspondence (s.8(1)(b))


@dataclass(frozen=True)
class Request:
    id: int
    campaign_id: int
    force: str
    force_name: str
    official_name: str
    nation: str
    law: str
    reference: str | None
    timeline: Timeline

    @property
    def state(self) -> str:
        return self.timeline.state

    @property
    def events(self) -> list[lc.Event]:
        return self.timeline.events


# -- campaigns -----------------------------------------------------------------------------------
def create_campaign(store: Store, name: str, question: str, *, question_file: str | None = None,
                    dataset: str | None = None, forces: Iterable[str] | str = "all",
                    measures: Iterable[str] = (), periods: Iterable[str] = (),
                    requester: str | None = None, address: str | None = None) -> Campaign:
    """Create a campaign and a draft request for each force (default: all forces)."""
    name = name.strip()
    if not name:
        raise FoiError("a campaign needs a name")
    if queries.campaign_row(store, name):
        raise FoiError(f"a campaign called {name!r} already exists",
                       hint="choose another name, or see `localwire foi status`")
    areas = resolve_forces(store, forces)
    period_codes = [Period.parse(p).code for p in periods]
    measures = list(measures)
    _check_measures(store, dataset, measures)
    check_question(question, areas, file=question_file, periods=period_codes, measures=measures)
    with store.transaction() as db:
        campaign_id = queries.insert_campaign(
            db, name=name, question=question, question_file=question_file, dataset=dataset,
            measures=measures, periods=period_codes, requester=requester, address=address)
        queries.insert_requests(db, campaign_id, [
            (area.slug, deadlines.check_law(area.foi_law or deadlines.FOIA)) for area in areas])
    return get_campaign(store, name)


def _check_measures(store: Store, dataset: str | None, measures: list[str]) -> None:
    """Refusals and no replies become observations of the measures asked, so a dataset that
    declares its measures takes only those (as the importer does); one declaring none takes any."""
    if not dataset:
        return
    config = (store.dataset(dataset) if queries.dataset_registered(store.db, dataset)
              else bundled.dataset_config(dataset))
    declared = list(config.measures) if config else []
    for measure in measures:
        if declared and measure not in declared:
            near = difflib.get_close_matches(measure, declared, n=1)
            raise UnknownMeasure(f"{measure!r} is not a measure of {dataset}",
                                 hint=f"did you mean {near[0]!r}?" if near
                                 else "its measures: " + ", ".join(declared))


def resolve_forces(store: Store, forces: Iterable[str] | str) -> list:
    gazetteer = gazetteer_of(store)
    names = split_forces(forces)
    if not names or [n.lower() for n in names] == ["all"]:
        return sorted(gazetteer.forces(), key=lambda a: a.name)
    areas = []
    for name in names:
        area = gazetteer.resolve(name)
        if not area.is_force:
            raise UnknownAreaError(f"{name!r} is not a police force ({area.kind})",
                                   hint="FOI requests go to forces; see `localwire areas`")
        if area not in areas:
            areas.append(area)
    return sorted(areas, key=lambda a: a.name)


def split_forces(forces: Iterable[str] | str) -> list[str]:
    """ "Herts, Beds" or ["Herts", "Beds"] -> ["Herts", "Beds"] (names are kept as written)."""
    parts = forces.split(",") if isinstance(forces, str) else list(forces)
    return [part.strip() for part in parts if part.strip()]


def get_campaign(store: Store, name: str | Campaign) -> Campaign:
    if isinstance(name, Campaign):
        return name
    row = queries.campaign_row(store, name)
    if row is None:
        known = queries.campaign_names(store)
        raise FoiError(f"no FOI campaign called {name!r}",
                       hint="known campaigns: " + (", ".join(known) or "none yet; "
                                                   "create one with `localwire foi new`"))
    return Campaign(row["id"], row["name"], row["question_template"], row["question_file"],
                    row["dataset"], tuple(row["measures"] or ()), tuple(row["periods"] or ()),
                    row["requester"], row["requester_address"])


def campaign_names(store: Store) -> list[str]:
    return queries.campaign_names(store)


def requests(store: Store, campaign: str | Campaign,
             forces: Sequence[str] | None = None) -> list[Request]:
    """The campaign's requests (all, or those to the force slugs given), by force name."""
    campaign = get_campaign(store, campaign)
    rows = queries.request_rows(store, campaign.id, forces)
    events = queries.event_rows(store, [row["id"] for row in rows])
    made = [_request(store, row, events[row["id"]]) for row in rows]
    return sorted(made, key=lambda r: r.force_name)


def get_request(store: Store, campaign: str | Campaign, force: str) -> Request:
    campaign = get_campaign(store, campaign)
    area = gazetteer_of(store).resolve(force)
    found = requests(store, campaign, [area.slug])
    if not found:
        raise FoiError(f"campaign {campaign.name!r} has no request to {area.name}")
    return found[0]


def _request(store: Store, row: dict[str, Any], event_rows: list[dict[str, Any]]) -> Request:
    area = gazetteer_of(store).areas[row["force"]]
    timeline = derive(row["foi_law"], [event_from_row(e) for e in event_rows])
    return Request(row["id"], row["campaign_id"], area.slug, area.name, area.official_name,
                   area.nation, row["foi_law"], row["reference"], timeline)


def event_from_row(row: dict[str, Any]) -> lc.Event:
    return lc.Event(row["kind"], row["on_date"], row["outcome"], tuple(row["sections"] or ()),
                    row["until"], row["reply_id"], row["note"], row["id"])


# -- what happened: words to events ---------------------------------------------------------------
_OUTCOME_WORDS = {"successful": lc.SUCCESSFUL, "partially_successful": lc.PARTIALLY_SUCCESSFUL,
                  "partial": lc.PARTIALLY_SUCCESSFUL, "refused": lc.REFUSED,
                  "refusal": lc.REFUSED, "not_held": lc.NOT_HELD}
_WORDS = {"clarification": lc.CLARIFICATION_ASKED, "clarified": lc.CLARIFICATION_ANSWERED,
          "fee": lc.FEE_NOTICE, "fees_notice": lc.FEE_NOTICE, "paid": lc.FEE_PAID,
          "extension": lc.EXTENDED, "reply": lc.REPLY_RECEIVED, "received": lc.REPLY_RECEIVED,
          "review": lc.REVIEW_ASKED, "internal_review": lc.REVIEW_ASKED,
          "appeal": lc.APPEALED, "complaint": lc.APPEALED, "ico_complaint": lc.APPEALED,
          "sic_application": lc.APPEALED, "no_reply": lc.CLOSED}
REVIEW_STAGE = (lc.REVIEW, lc.REVIEW_TO_CLASSIFY, lc.REVIEWED)
UPHELD_WORD = "upheld"


def _key(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


def parse_event(word: str, outcome: str | None = None,
                request: Request | None = None) -> tuple[str, str | None]:
    """What the user typed -> (event kind, outcome). "refused" is a classification, or the
    review's answer when the request is in review; "upheld" repeats the answer reviewed."""
    key = _key(word)
    if key in ("overdue", "long_overdue"):
        raise FoiError(f"{word!r} is computed from the dates and cannot be recorded",
                       hint="record what happened instead, e.g. sent, acknowledged, refused")
    in_review = request is not None and request.state in REVIEW_STAGE
    if key in _OUTCOME_WORDS:
        if outcome is not None:
            raise FoiError(f"{word!r} is already an outcome; --outcome goes with classified, "
                           "review-answered or decision")
        return (lc.REVIEW_ANSWERED if in_review else lc.CLASSIFIED), _OUTCOME_WORDS[key]
    kind = _WORDS.get(key, key)
    if kind not in lc.RANK:
        raise FoiError(f"unknown event {word!r}", hint="use one of " + ", ".join(
            [lc.label(k) for k in lc.KINDS] + ["successful", "partially-successful",
                                               "refused", "not-held"]))
    if outcome is None:
        return kind, None
    outcome_key = _key(outcome)
    if kind == lc.DECISION:
        return kind, outcome_key
    if kind == lc.REVIEW_ANSWERED and outcome_key == UPHELD_WORD:
        if request is None or request.timeline.answer is None:
            raise FoiError("--outcome upheld repeats the answer reviewed, and there is none")
        return kind, request.timeline.answer
    return kind, _OUTCOME_WORDS.get(outcome_key, outcome_key)


# -- recording -----------------------------------------------------------------------------------
@dataclass
class Entry:
    """One thing that happened, as a user says it (a CLI line or a row of a CSV)."""

    force: str
    what: str
    on: date
    outcome: str | None = None
    sections: Sequence[str] = ()
    until: date | None = None
    reference: str | None = None
    note: str | None = None
    reply_id: int | None = None
    place: str | None = None      # where it came from ("row 3"), for errors


@dataclass
class Recorded:
    request: Request               # after the event
    event: lc.Event
    observations_written: int = 0
    observations_kept: int = 0     # figures already in the store, never overwritten by a status
    warnings: list[str] = field(default_factory=list)


def record_event(store: Store, campaign: str | Campaign, force: str, what: str, *, on: date,
                 today: date, outcome: str | None = None, sections: Sequence[str] = (),
                 until: date | None = None, reference: str | None = None,
                 note: str | None = None) -> Recorded:
    """Record one dated event (see `record`)."""
    entry = Entry(force, what, on, outcome, sections, until, reference, note)
    try:
        return record(store, campaign, [entry], today=today)[0]
    except InputErrors as failed:
        problem = failed.problems[0]
        raise FoiError(problem.message, hint=problem.hint) from None


def record(store: Store, campaign: str | Campaign, entries: Sequence[Entry], *, today: date,
           file: str | None = None, write_statuses: bool = True) -> list[Recorded]:
    """Check every entry against its request's history and law, then record them all in one
    transaction, or none (InputErrors lists every refused entry, one line each).

    A refusal or "not held" also writes observations with that status for the campaign's
    measures and periods (never over a figure already in the store): `write_statuses`."""
    campaign = get_campaign(store, campaign)
    checked, problems = _check_entries(store, campaign, entries, today, file)
    if problems:
        raise InputErrors(problems)
    results = []
    with store.transaction() as db:
        for request, event, entry in checked:
            event_id = queries.insert_event(
                db, request.id, kind=event.kind, on_date=event.on, outcome=event.outcome,
                sections=event.sections, until=event.until, reply_id=event.reply_id,
                note=event.note)
            if entry.reference:
                queries.set_reference(db, request.id, entry.reference)
            result = Recorded(request, replace(event, id=event_id))
            if write_statuses:
                result.observations_written, result.observations_kept = _status_observations(
                    store, db, campaign, request, event)
            results.append(result)
    after = {r.force: r for r in requests(store, campaign, sorted({r.request.force
                                                                   for r in results}))}
    for result in results:
        before = set(result.request.timeline.warnings)
        result.request = after[result.request.force]
        result.warnings = [w for w in result.request.timeline.warnings if w not in before]
    return results


def _check_entries(store: Store, campaign: Campaign, entries: Sequence[Entry], today: date,
                   file: str | None) -> tuple[list, list[Problem]]:
    """The entries as events, checked per request as one batch (their order does not matter)
    against its recorded events and its law."""
    batches: dict[str, tuple[Request, list[tuple[Entry, lc.Event]]]] = {}
    order = {id(entry): n for n, entry in enumerate(entries)}
    problems: list[tuple[int, Problem]] = []

    def problem(entry: Entry, message: str, hint: str | None = None) -> None:
        place = entry.place or entry.force
        prefix = "" if place == entry.force else f"{entry.force}: "
        problems.append((order[id(entry)],
                         Problem("foi-event", prefix + message, file, place, hint)))

    for entry in entries:
        try:
            force = gazetteer_of(store).resolve(entry.force).slug
            if force not in batches:
                batches[force] = (get_request(store, campaign, force), [])
            request, batch = batches[force]
            known = [*request.events, *(event for _, event in batch)]
            before = derive(request.law, [e for e in known if e.on <= entry.on])
            event = _event(entry, request, before)
            twin = next((other for other, seen in batch if seen == event), None)
            if twin is not None:
                raise FoiError(f"the same {event.kind} on {event.on.isoformat()} twice in one go "
                               f"(also {twin.place or twin.force})",
                               hint="name each force once")
            batch.append((entry, event))
        except LocalwireError as error:
            problem(entry, error.problem.message, error.problem.hint)
    checked = []
    for request, batch in batches.values():
        try:
            check_new(request.law, request.events, [event for _, event in batch], today)
        except LifecycleError as error:
            culprit = next((entry for entry, event in batch if event is error.event), batch[0][0])
            problem(culprit, str(error))
            continue
        checked += [(request, event, entry) for entry, event in batch]
    return (sorted(checked, key=lambda item: order[id(item[2])]),
            [p for _, p in sorted(problems, key=lambda item: item[0])])


def _event(entry: Entry, request: Request, timeline: Timeline) -> lc.Event:
    current = replace(request, timeline=timeline)
    kind, outcome = parse_event(entry.what, entry.outcome, current)
    sections = tuple(normalise_section(s) for s in entry.sections)
    if kind == lc.REVIEW_ANSWERED and _key(entry.outcome or "") == UPHELD_WORD and not sections:
        sections = timeline.answer_sections
    return lc.Event(kind, entry.on, outcome, sections, entry.until, entry.reply_id, entry.note)


def _status_observations(store: Store, db, campaign: Campaign, request: Request,
                         event: lc.Event) -> tuple[int, int]:
    status = {lc.REFUSED: REFUSED, lc.NOT_HELD: NOT_HELD}.get(event.outcome or "")
    if event.kind == lc.CLOSED:
        status = NO_REPLY
    elif event.kind not in (lc.CLASSIFIED, lc.REVIEW_ANSWERED):
        status = None
    if status is None or not (campaign.dataset and campaign.measures and campaign.periods):
        return 0, 0
    _ensure_dataset(store, campaign.dataset)
    cited = ", ".join(event.sections)
    note = f"FOI {status.replace('_', ' ')}" + (f" ({cited})" if cited else "")
    return queries.write_status_observations(
        db, dataset=campaign.dataset, force=request.force, request_id=request.id,
        measures=campaign.measures, periods=campaign.periods, status=status, note=note,
        cited=f"FOI campaign {campaign.name!r}: {request.official_name}, "
              f"{event.on.isoformat()}")


def _ensure_dataset(store: Store, dataset: str) -> None:
    """Register the campaign's dataset (its bundled config, if it is one) before writing."""
    if not queries.dataset_registered(store.db, dataset):
        store.upsert_dataset(bundled.dataset_config(dataset) or DatasetConfig.undeclared(dataset))


# -- closing what will not come ---------------------------------------------------------------------
def close_no_reply(store: Store, campaign: str | Campaign, *, today: date, on: date | None = None,
                   forces: Sequence[str] = (),
                   min_overdue: int = deadlines.LONG_OVERDUE_AFTER) -> list[Recorded]:
    """Close long-overdue requests as "no reply" in one go, writing `no_reply` observations.

    Without `forces`: every request whose reply is more than `min_overdue` working days late
    (default 20, long overdue). Named forces must be overdue at all. One transaction."""
    campaign = get_campaign(store, campaign)
    on = on or today
    if forces:
        chosen = [get_request(store, campaign, force) for force in split_forces(forces)]
    else:
        chosen = [r for r in requests(store, campaign)
                  if r.timeline.overdue_days(on) > min_overdue]
    entries = [Entry(r.force, lc.CLOSED, on, note="closed: no reply") for r in chosen]
    return record(store, campaign, entries, today=today) if entries else []
