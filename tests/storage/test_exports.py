"""Exports of the analytic log, and reports whose small cells cannot be seen or worked out."""

from __future__ import annotations

import csv
import datetime as dt
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storage.db import Database
from storage.exports import Report, build_report, export_analytic_log, region_of, tabulate
from storage.models import AnalyticCase

AT = dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC)


def _row(i: int, **fields: object) -> AnalyticCase:
    values: dict[str, object] = {
        "case_ref": f"ref-{i}",
        "person": f"person-{i % 7}",
        "channel": "line",
        "language": "vi",
        "hub": "north_kanto",
        "prefecture": 8,
        "month": "2026-11",
        "topic": "labour",
        "policy_fields": ["labour"],
        "actions": ["advice"],
        "question": "Where can I ask about unpaid wages?",
        "consented": True,
        "recorded_at": AT,
    }
    values.update(fields)
    return AnalyticCase(**values)


async def _fill(db: Database, rows: list[AnalyticCase]) -> None:
    async with db.transaction() as session:
        session.add_all(rows)


async def test_csv_and_parquet_exports_hold_every_row_with_progress(db: Database, tmp_path: Path) -> None:
    await _fill(db, [_row(i, aid_category="food", aid_yen=3000, policy_fields=["labour", "women"]) for i in range(25)])
    seen: list[tuple[int, int]] = []
    assert await export_analytic_log(db, tmp_path / "log.csv", "csv", lambda d, t: seen.append((d, t)), batch=10) == 25
    assert seen == [(0, 25), (10, 25), (20, 25), (25, 25)]
    with (tmp_path / "log.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 25
    assert rows[0]["policy_fields"] == "labour;women"
    assert rows[0]["aid_yen"] == "3000"
    assert "id" not in rows[0]

    assert await export_analytic_log(db, tmp_path / "log.parquet", "parquet") == 25
    table = pq.read_table(tmp_path / "log.parquet")
    assert table.num_rows == 25
    assert table.column("policy_fields").to_pylist()[0] == ["labour", "women"]
    assert sum(table.column("aid_yen").to_pylist()) == 75000


async def test_an_unknown_format_is_refused(db: Database, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="csv or parquet"):
        await export_analytic_log(db, tmp_path / "x", "xlsx")


async def test_report_counts_and_sums_yen_and_hides_small_cells(db: Database) -> None:
    rows = [_row(i, topic="labour", aid_category="shelter", aid_yen=10_000) for i in range(30)]
    rows += [_row(100 + i, topic="housing") for i in range(12)]
    rows += [_row(200 + i, topic="medical") for i in range(3)]
    await _fill(db, rows)
    report = await build_report(db, ["topic"], k=10)
    by_topic = {c.values: (c.count, c.yen) for c in report.cells}
    assert by_topic[("labour",)] == (30, 300_000)
    assert by_topic[("medical",)] == (None, None)  # 3 cases: hidden
    assert by_topic[("housing",)] == (None, None)  # hidden too, or the total would give "medical" away
    assert report.total == 45
    text = report.to_text()
    assert "300,000" in text
    assert " 3 " not in text


async def test_report_by_policy_field_counts_a_case_in_each_of_its_fields(db: Database) -> None:
    await _fill(db, [_row(i, policy_fields=["labour", "trainees"]) for i in range(10)])
    report = await build_report(db, ["policy_field"], k=10)
    assert {c.values: c.count for c in report.cells} == {("labour",): 10, ("trainees",): 10}


async def test_region_groups_prefectures(db: Database) -> None:
    await _fill(db, [_row(i, prefecture=8 if i % 2 else 10) for i in range(20)])  # Ibaraki and Gunma
    report = await build_report(db, ["region"], k=10)
    assert [(c.values, c.count) for c in report.cells] == [(("kanto",), 20)]
    assert (region_of(1), region_of(13), region_of(47), region_of(None)) == (
        "hokkaido",
        "kanto",
        "kyushu_okinawa",
        "unknown",
    )


def test_more_than_three_dimensions_are_refused() -> None:
    with pytest.raises(ValueError, match="at most 3"):
        tabulate(["topic", "hub", "month", "language"], [])
    with pytest.raises(ValueError, match="unknown dimension"):
        tabulate(["name"], [])


def test_a_lonely_cell_in_a_row_takes_the_next_smallest_with_it() -> None:
    grouped = [
        (("labour", "tokyo"), 50, 0),
        (("labour", "osaka"), 40, 0),
        (("housing", "tokyo"), 30, 0),
        (("housing", "osaka"), 4, 0),
    ]
    report = tabulate(["topic", "hub"], grouped, k=10)
    hidden = {c.values for c in report.cells if c.count is None}
    # 4 is hidden; its row and its column each need a second hidden cell, and so on around the square.
    assert hidden == {("housing", "osaka"), ("housing", "tokyo"), ("labour", "osaka"), ("labour", "tokyo")}
    assert report.total == 124


def test_the_chart_is_an_svg_bar_chart_without_hidden_numbers() -> None:
    grouped = [(("labour",), 120, 0), (("housing",), 35, 0), (("medical",), 3, 0), (("other",), 11, 0)]
    report = tabulate(["topic"], grouped, k=10)
    svg = report.to_svg()
    root = ET.fromstring(svg)  # noqa: S314 - our own output, not untrusted input
    texts = [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "120" in texts
    assert "3" not in texts
    assert "11" not in texts  # the next smallest, hidden with "medical"
    assert len(list(root.iter("{http://www.w3.org/2000/svg}rect"))) == 1 + 2  # background and two bars


_VALUES = st.sampled_from(["a", "b", "c", "d"])


@settings(max_examples=300, deadline=None)
@given(
    dims=st.integers(min_value=1, max_value=3),
    counts=st.lists(st.tuples(_VALUES, _VALUES, _VALUES, st.integers(min_value=1, max_value=40)), max_size=30),
    k=st.integers(min_value=10, max_value=30),
)
def test_no_published_number_is_small_and_no_total_covers_exactly_one_hidden_cell(
    dims: int, counts: list[tuple[str, str, str, int]], k: int
) -> None:
    names = ["topic", "hub", "month"][:dims]
    report = tabulate(names, [(row[:dims], n, n * 100) for *row, n in counts], k=k)
    assert all(n == 0 or n >= k for n in report.published_counts())
    _assert_totals_reveal_nothing(report)


def _assert_totals_reveal_nothing(report: Report) -> None:
    hidden_in: dict[tuple[int, str], int] = defaultdict(int)
    hidden_cells = 0
    for cell in report.cells:
        if cell.count is None:
            hidden_cells += 1
            for axis, value in enumerate(cell.values):
                hidden_in[(axis, value)] += 1
    if report.total is not None:
        assert hidden_cells != 1
    if len(report.dimensions) > 1:
        for total in report.totals:
            axis = report.dimensions.index(total.dimension)
            if total.count is not None:
                assert hidden_in[(axis, total.value)] != 1
            else:  # a hidden total must not be the sum of cells that all show
                assert hidden_in[(axis, total.value)] >= 1
        if report.total is not None:
            for axis, name in enumerate(report.dimensions):
                assert sum(1 for t in report.totals if t.dimension == name and t.count is None) != 1, axis
