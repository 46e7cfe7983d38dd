"""Datasets, their tables and charts, and the area pages with their stories (read-only GETs;
stories are written only by the generate and add-outlet actions)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup
from starlette.exceptions import HTTPException

from localwire.areas import gazetteer_of
from localwire.desk import charts, generate
from localwire.errors import LocalwireError
from localwire.model.periods import Period
from localwire.web.pages import DATASET_ID, SLUG, Desktop, Protected, User, desktop, page
from localwire.write.formats import to_html
from localwire.write.pack import Pack

router = APIRouter()
DatasetId = Annotated[str, Path(pattern=DATASET_ID)]
AreaSlug = Annotated[str, Path(pattern=SLUG)]
PeriodCode = Annotated[str | None, Query(max_length=20)]
Size = Annotated[Literal["wide", "narrow"], Query()]


def _known(store: Any, dataset: str, desk: Desktop) -> None:
    if dataset not in desk.views.get(("dataset-ids",), store.dataset_ids):
        raise HTTPException(404, f"No dataset {dataset!r} in this store.")


@router.get("/")
def home(_user: User) -> Response:
    return RedirectResponse("/datasets", status_code=303)


@router.get("/datasets")
def datasets(request: Request, _user: User) -> Response:
    desk = desktop(request)
    with desk.store() as store:
        summaries = [desk.views.summary(store, d) for d in store.dataset_ids()]
    return page(request, "datasets.html", datasets=summaries)


@router.get("/datasets/{dataset}")
def dataset_page(request: Request, dataset: DatasetId, _user: User,
                 period: PeriodCode = None) -> Response:
    desk = desktop(request)
    with desk.store() as store:
        _known(store, dataset, desk)
        summary = desk.views.summary(store, dataset)
        if summary.measure is None or summary.period is None:
            raise HTTPException(404, "This dataset holds no figures yet.")
        chosen = Period.parse(period) if period else summary.period
        if chosen not in summary.periods:
            raise HTTPException(404, f"No figures for {chosen.code} in {dataset}.")
        table = desk.views.table(store, dataset, chosen, summary.measure)
    kinds: dict[str, list[Period]] = {}
    for p in summary.periods:
        kinds.setdefault(charts.period_kind(p), []).append(p)
    labels = {b: b.replace("_", " ") for b in table.breakdowns}
    # The table (43 forces by 25 columns for the Home Office) is the page's bulk: rendered
    # once per data version and period, not on every visit.
    html = desk.views.get(("table-html", dataset, chosen), lambda: Markup(
        desk.env.get_template("dataset_table.html").render(
            summary=summary, period=chosen, table=table, labels=labels)))
    return page(request, "dataset.html", summary=summary, period=chosen, kinds=kinds,
                table=table, table_html=html)


@router.get("/datasets/{dataset}/bar.svg")
def bar_svg(request: Request, dataset: DatasetId, period: Annotated[str, Query(max_length=20)],
            _user: User, highlight: Annotated[str | None, Query(pattern=SLUG)] = None,
            size: Size = "wide") -> Response:
    desk = desktop(request)
    with desk.store() as store:
        _known(store, dataset, desk)
        measure = desk.views.summary(store, dataset).measure
    if measure is None:
        raise HTTPException(404, "This dataset holds no figures yet.")
    chosen = Period.parse(period)
    svg = desk.views.get(("bar", dataset, chosen, highlight, size), lambda: desk.views.with_facts(
        dataset, lambda book: charts.bar_chart(book, chosen, measure, highlight, size=size)))
    return Response(svg, media_type="image/svg+xml")


@router.get("/datasets/{dataset}/areas/{slug}/trend.svg")
def trend_svg(request: Request, dataset: DatasetId, slug: AreaSlug, _user: User,
              period: PeriodCode = None, size: Size = "wide") -> Response:
    desk = desktop(request)
    with desk.store() as store:
        _known(store, dataset, desk)
        measure = desk.views.summary(store, dataset).measure
        area = gazetteer_of(store).resolve(slug)
    if measure is None:
        raise HTTPException(404, "This dataset holds no figures yet.")
    chosen = Period.parse(period) if period else None
    svg = desk.views.get(("trend", dataset, area.slug, chosen, size),
                         lambda: desk.views.with_facts(dataset, lambda book: charts.trend_chart(
                             book, area.slug, measure, chosen, size=size)))
    return Response(svg, media_type="image/svg+xml")


@router.get("/datasets/{dataset}/areas/{slug}")
def area_page(request: Request, dataset: DatasetId, slug: AreaSlug, _user: User) -> Response:
    desk = desktop(request)
    with desk.store() as store:
        _known(store, dataset, desk)
        area = gazetteer_of(store).resolve(slug)
        if area.slug != slug:
            return RedirectResponse(f"/datasets/{dataset}/areas/{area.slug}", 303)
        review = desk.desk(store)
        sections = []
        for pack in desk.packs_for(dataset):
            heads = review.heads(pack.id, area.slug)
            sections.append({"pack": pack, "stories": [
                {"stored": head, "html": desk.views.get(
                    ("story-html", head["id"], head["version"]),
                    lambda head=head: Markup(to_html(review.story(head["id"]).as_story(store),
                                                     standalone=False)))}
                for head in heads]})
    period = next((s["stories"][0]["stored"]["period"] for s in sections if s["stories"]), None)
    return page(request, "area.html", dataset=dataset, area=area, sections=sections,
                period=period)


def _pack_of(desk: Desktop, dataset: str, name: str) -> Pack:
    chosen = desk.packs.get(name)
    if chosen is None or chosen.config.pack.dataset != dataset:
        raise HTTPException(404, "No such story pack for this dataset.")
    return chosen


@router.post("/datasets/{dataset}/areas/{slug}/generate", dependencies=Protected)
def generate_area(request: Request, dataset: DatasetId, slug: AreaSlug, user: User,
                  pack: Annotated[str, Form(max_length=200)]) -> Response:
    """Write (or rewrite) the area's stories: touched ones get a pending revision."""
    desk = desktop(request)
    with desk.store() as store:
        area = gazetteer_of(store).resolve(slug)
        chosen = _pack_of(desk, dataset, pack)
        result = generate.generate(store, chosen, [area], actor=user,
                                   reason=f"generated by {user}")
    if result.missing:
        raise LocalwireError(f"no story for {area.name}: {result.missing[area.slug]}")
    return RedirectResponse(f"/datasets/{dataset}/areas/{area.slug}", 303)


@router.post("/datasets/{dataset}/areas/{slug}/outlets", dependencies=Protected)
def add_outlet(request: Request, dataset: DatasetId, slug: AreaSlug, user: User,
               outlet: Annotated[str, Form(max_length=100)],
               pack: Annotated[str, Form(max_length=200)]) -> Response:
    """Write one more outlet's story; every other outlet's copy stays as it is."""
    desk = desktop(request)
    with desk.store() as store:
        area = gazetteer_of(store).resolve(slug)
        generate.add_outlet(store, _pack_of(desk, dataset, pack), area, outlet, actor=user)
    return RedirectResponse(f"/datasets/{dataset}/areas/{area.slug}", 303)
