"""Tables pasted as text, read by their column headings (localwire/check/extract/columns.py):
which lines are headings, which cells a row gives each column, and the kinds and directions the
cells take. The whole articles these tables come from are checked in test_check_accuracy.py."""

from __future__ import annotations

import pytest

from localwire.check.extract import extract
from localwire.check.extract.columns import heading_columns


@pytest.mark.parametrize(("line", "columns"), [
    ("Police Force Dec 2013 Dec 2012 Change % Change",
     [("Dec 2013", "count", (2013, 12)), ("Dec 2012", "count", (2012, 12)),
      ("Change", "change", (2013, 12)), ("% Change", "pct_change", (2013, 12))]),
    ("Offence 31/12/2016 31/03/2017 Percentage Change",
     [("31/12/2016", "count", (2016, 12)), ("31/03/2017", "count", (2017, 3)),
      ("Percentage Change", "pct_change", (2017, 3))]),
    ("Force 2015/16 2016/17 % change",
     [("2015/16", "count", (2016, 3)), ("2016/17", "count", (2017, 3)),
      ("% change", "pct_change", (2017, 3))]),
    ("Area | 2016 | 2017 | Change",
     [("2016", "count", (2016, None)), ("2017", "count", (2017, None)), ("Change", "change", (2017, None))]),
    # not headings: prose, one column, a word that holds a heading's word, a figure among the columns
    ("Crime rose in 2015 and 2016", None),
    ("Figures for 2016/17", None),
    ("The exchange rate changed in 2016 and 2017", None),
    ("In 2015 2,000 crimes", None),
    ("Change % Change", None),  # no period: nothing to read the cells' years from
])
def test_a_heading_line_names_its_columns(line, columns):
    found = heading_columns(line)
    if columns is None:
        assert found is None
        return
    assert [(c.heading, c.kind, (c.period.end_year, c.period.end_month)) for c in found] == columns


# From a BBC Wales article (24 April 2014): one cell a line under the heading
ONE_CELL_A_LINE = """RECORDED CRIME WALES

Police Force Dec 2013 Dec 2012 Change % Change

Source: ONS

Dyfed-Powys

18,535

20,006

-1,471

-7.35

Gwent

34,984

34,436

548

+1.59

But according to figures published on Thursday by ONS, the level of reported crime fell by 15%.
"""
# From an MP's release (July 2017): a row a line
A_ROW_A_LINE = """Here are just some examples of how crime has changed since December 2016:

Offence 31/12/2016 31/03/2017 Percentage Change
Homicide 7 8 14.29%
Sexual Offences 1,839 1,917 4.24%
Robbery 135 142 5.19%

Police officer numbers currently stand at 1,441 in North Wales.
"""
# From a Notts TV article (January 2017): a list under a heading in per cent
IN_PER_CENT = """Police recorded crime offences that have fallen in Nottinghamshire (per cent):

Violence against the person: -2
Bicycle theft: -22
"""
# From a Cambs Times article (October 2012): a change on its own labelled line
LABELLED = """Dwelling burglary

2011/2012 (to end of June) 2807

Percentage change -11
"""


@pytest.mark.parametrize(("text", "cells"), [
    (ONE_CELL_A_LINE, [("18,535", "count", None), ("20,006", "count", None), ("1,471", "change", "fall"),
                       ("7.35", "pct_change", "fall"), ("34,984", "count", None), ("34,436", "count", None),
                       ("548", "change", "rise"), ("1.59", "pct_change", "rise")]),
    (A_ROW_A_LINE, [("7", "count", None), ("8", "count", None), ("14.29%", "pct_change", "rise"),
                    ("1,839", "count", None), ("1,917", "count", None), ("4.24%", "pct_change", "rise"),
                    ("135", "count", None), ("142", "count", None), ("5.19%", "pct_change", "rise")]),
    (IN_PER_CENT, [("2", "pct_change", "fall"), ("22", "pct_change", "fall")]),
    (LABELLED, [("2807", "count", None), ("11", "pct_change", "fall")]),
])
def test_a_tables_cells_take_their_columns_kind(text, cells):
    found = extract(text)
    in_cells = [c for c in found.claims if c.start in found.cells]
    assert [(c.text, c.kind, c.direction) for c in in_cells] == cells  # the prose after it: no row


@pytest.mark.parametrize("text", [
    # a row with a cell short or over is not read: its cells' columns would be a guess
    "Force 2015/16 2016/17 % change\nGwent 34,436 34,984\nDyfed-Powys 1 2 3 4\n",
    # figures among words under a heading: prose, not a row
    "Force 2015/16 2016/17 % change\nGwent recorded 34,436 crimes, up from 30,000, a 5% rise\n",
])
def test_a_row_that_does_not_fit_its_heading_is_not_read(text):
    assert extract(text).cells == {}


@pytest.mark.parametrize(("line", "period"), [
    ("2011/2012 (to end of June) 2807", (2012, 6)),
    ("2013/14: 2,210", (2014, 3)),
    ("2013/15: 2,210", None),  # not one year
    ("In 2013/14 there were 2,210", None),  # prose
])
def test_a_year_and_its_figure_on_a_line(line, period):
    cells = extract(line).cells
    found = [(c.column.period.end_year, c.column.period.end_month) for c in cells.values()]
    assert found == ([period] if period else [])
