"""Typed configuration: one strict base for every config file, and the dataset's own config.

`dataset.toml` is read into a `DatasetConfig` once (by the bundled loader or from the store) and
every part reads it through attributes, never through dict lookups. The rule for "is this measure
a published change?" lives here and nowhere else.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from localwire.model.periods import Period

CHANGE_KINDS = ("pct_change",)
CHANGE_SUFFIX = "_pct_change"


class Strict(BaseModel):
    """The base of every config localwire reads: unknown keys are errors, not ignored."""

    model_config = ConfigDict(extra="forbid")


class DatasetInfo(Strict):
    id: str
    title: str
    publisher: str | None = None
    source: str | None = None
    licence: str | None = None
    methodology: str | None = None
    period_type: str | None = None
    unit: str | None = None
    age_max: int | None = None   # the oldest age the dataset counts: "16 and over" means 16-17


class Measure(Strict):
    label: str = ""
    short_label: str | None = None
    unit: str = ""
    kind: Literal["count", "net_count", "pct_change"] = "count"
    terms: list[str] = Field(default_factory=list)   # words a reporter uses for it
    change_of: str | None = None                    # for a published change: the measure changed

    @property
    def is_count(self) -> bool:
        """Whole, never negative: a count (a net count may go below zero)."""
        return self.kind == "count"


class Breakdown(Strict):
    phrase: str = ""
    label: str = ""
    kind: str = ""            # age, flag, offence_group, ...
    terms: list[str] = Field(default_factory=list)
    age_min: int | None = None
    age_max: int | None = None
    measure: str | None = None   # the measure it breaks down, where the dataset has several
    # A category begun or ended by a reclassification (domestic burglary until 31 March 2017):
    # a period reaching past either day holds part of a year's figures, or a 0 for none, so
    # neither its figure nor a change across the break is the category's.
    recorded_from: date | None = None
    recorded_until: date | None = None

    def why_not_recorded(self, start: date, end: date) -> str | None:
        """Why the category's figure for `start` to `end` is not a whole period's ("recorded
        only until 31 March 2017"), or None when it was recorded on every day of it."""
        if self.recorded_from is not None and start < self.recorded_from:
            return f"recorded only from {_day(self.recorded_from)}"
        if self.recorded_until is not None and end > self.recorded_until:
            return f"recorded only until {_day(self.recorded_until)}"
        return None


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


class DatasetConfig(Strict):
    """What a dataset is and which measures and breakdowns it declares (dataset.toml)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    dataset: DatasetInfo
    measures: dict[str, Measure] = Field(default_factory=dict)
    breakdowns: dict[str, Breakdown] = Field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.dataset.id

    @classmethod
    def undeclared(cls, dataset_id: str) -> DatasetConfig:
        """The config of a dataset nobody described: its id as its title, nothing declared."""
        return cls(dataset=DatasetInfo(id=dataset_id, title=dataset_id))

    def is_change_measure(self, measure: str) -> bool:
        """A measure holding published changes (per cent), not counts: declared so, or, for a
        measure the dataset does not declare, named "<measure>_pct_change"."""
        declared = self.measures.get(measure)
        if declared is not None:
            return declared.kind in CHANGE_KINDS
        return measure.endswith(CHANGE_SUFFIX)

    def is_count_measure(self, measure: str) -> bool:
        """Values must be whole and never negative: declared a count, or undeclared and not a
        change."""
        declared = self.measures.get(measure)
        if declared is not None:
            return declared.is_count
        return not self.is_change_measure(measure)

    def change_measure_of(self, measure: str) -> str:
        """The measure holding the published percentage change of `measure`."""
        for name, spec in self.measures.items():
            if spec.kind in CHANGE_KINDS and spec.change_of == measure:
                return name
        return measure + CHANGE_SUFFIX

    def why_no_whole_figure(self, breakdown: str, *spans: Period) -> str | None:
        """Why a category reclassified away holds no whole figure for one of `spans` ("domestic
        burglary was recorded only until 31 March 2017, so 2017/18 holds no whole year of it"),
        or None: its 0 or part-year figure there is no fact about the category."""
        declared = self.breakdowns.get(breakdown)
        for span in spans if declared is not None else ():
            why = declared.why_not_recorded(span.start, span.end)
            if why:
                name = declared.label or breakdown.replace("_", " ")
                return f"{name} was {why}, so {span.label} holds no whole year of it"
        return None

    def short_label(self, measure: str) -> str:
        declared = self.measures.get(measure)
        return (declared.short_label or declared.label or measure) if declared else measure
