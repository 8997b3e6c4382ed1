"""Exports of the analytic log (CSV, Parquet) and reports of counts and yen with small-cell suppression.

A report is a table of up to three dimensions. Its published numbers are the cells, the totals of each value of
each dimension (for two or three dimensions) and the grand total. Suppression works on the true counts and
returns only what may be published, so a `Report` cannot leak what it hides:

1. primary: a cell or total of 1 to k-1 cases is hidden;
2. secondary: wherever a published total covers exactly one hidden cell (or one hidden total of a dimension),
   the next smallest cell (or total) beside it is hidden too, and a hidden total whose cells are all visible
   has its smallest cell hidden, so no subtraction gives a hidden number back. Repeated until nothing changes.
"""

from __future__ import annotations

import asyncio
import csv
import functools
import json
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from sqlalchemy import Text, cast, create_engine, func, select
from sqlalchemy.pool import NullPool

from storage.db import Database
from storage.models import AnalyticCase

if TYPE_CHECKING:
    import pyarrow as pa

Progress = Callable[[int, int], None]  # (rows written, rows in all)
MAX_DIMENSIONS = 3
DEFAULT_K = 10  # also the least k anyone may ask for: smaller cells could single a person out
MASK = "*"

# The analytic log's columns in export order. pyarrow (with numpy, some 35 MB of a process) is loaded by the first
# Parquet export only: a serving process that never writes one never pays for it.
EXPORT_COLUMNS = (
    "case_ref",
    "person",
    "key_version",
    "channel",
    "language",
    "hub",
    "prefecture",
    "month",
    "topic",
    "urgent",
    "policy_fields",
    "actions",
    "aid_category",
    "aid_yen",
    "continued",
    "minutes_to_first_response",
    "hours_to_close",
    "day_id",
    "question",
    "summary",
    "consented",
    "recorded_at",
)
EXPORT_FORMATS = ("csv", "parquet")

# JIS prefecture codes 1..47 to the eight customary regions.
_REGION_BOUNDS = (
    (1, "hokkaido"),
    (7, "tohoku"),
    (14, "kanto"),
    (23, "chubu"),
    (30, "kinki"),
    (35, "chugoku"),
    (39, "shikoku"),
    (47, "kyushu_okinawa"),
)


def region_of(prefecture: int | None) -> str:
    if prefecture is None or not 1 <= prefecture <= 47:
        return "unknown"
    return next(name for last, name in _REGION_BOUNDS if prefecture <= last)


# What each dimension groups by in SQL, and how a grouped value becomes the label printed.
_SQL: dict[str, Any] = {  # column or expression
    "policy_field": cast(AnalyticCase.policy_fields, Text),
    "topic": AnalyticCase.topic,
    "language": AnalyticCase.language,
    "hub": AnalyticCase.hub,
    "prefecture": AnalyticCase.prefecture,
    "region": AnalyticCase.prefecture,
    "month": AnalyticCase.month,
    "aid_category": AnalyticCase.aid_category,
}
DIMENSIONS = tuple(_SQL)


def _label(dimension: str, value: Any) -> str:
    if dimension == "region":
        return region_of(value)
    if value is None or value == "":
        return "none" if dimension == "aid_category" else "unknown"
    if dimension == "prefecture":
        return f"{int(value):02d}"
    return str(value)


def check_dimensions(dims: Sequence[str]) -> tuple[str, ...]:
    dims = tuple(dims)
    if not dims:
        raise ValueError("a report needs at least one dimension")
    if len(dims) > MAX_DIMENSIONS:
        raise ValueError(f"a report has at most {MAX_DIMENSIONS} dimensions, not {len(dims)}")
    unknown = [d for d in dims if d not in _SQL]
    if unknown:
        raise ValueError(f"unknown dimension {unknown[0]!r}; choose among {', '.join(DIMENSIONS)}")
    if len(set(dims)) != len(dims):
        raise ValueError("a dimension appears twice")
    return dims


@dataclass(frozen=True)
class Cell:
    values: tuple[str, ...]
    count: int | None  # None: suppressed
    yen: int | None


@dataclass(frozen=True)
class Total:
    dimension: str
    value: str
    count: int | None
    yen: int | None


@dataclass(frozen=True)
class Report:
    """What may be published of one table: suppressed numbers are None."""

    dimensions: tuple[str, ...]
    k: int
    cells: tuple[Cell, ...]
    totals: tuple[Total, ...]
    total: int | None
    total_yen: int | None

    def published_counts(self) -> list[int]:
        counts = [c.count for c in self.cells] + [t.count for t in self.totals] + [self.total]
        return [c for c in counts if c is not None]

    def to_text(self) -> str:
        def number(value: int | None) -> str:
            return MASK if value is None else f"{value:,}"

        header = [*self.dimensions, "cases", "yen"]
        rows = [[*c.values, number(c.count), number(c.yen)] for c in self.cells]
        for t in self.totals:
            labels = ["(all)"] * len(self.dimensions)
            labels[self.dimensions.index(t.dimension)] = t.value
            rows.append([*labels, number(t.count), number(t.yen)])
        rows.append([*(["(all)"] * len(self.dimensions)), number(self.total), number(self.total_yen)])
        widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
        lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
        lines += [
            "  ".join(
                v.rjust(w) if i >= len(self.dimensions) else v.ljust(w)
                for i, (v, w) in enumerate(zip(r, widths, strict=True))
            )
            for r in rows
        ]
        lines.append(f"{MASK} hidden: fewer than {self.k} cases, or would let another hidden number be worked out.")
        return "\n".join(lines) + "\n"

    def to_svg(self, title: str | None = None) -> str:
        """A horizontal bar chart of the cells; hidden cells get a mark and no bar."""
        title = title or "Cases by " + " × ".join(self.dimensions)
        bar_h, gap, label_w, bar_w, top = 16, 4, 280, 440, 40
        counts = [c.count for c in self.cells if c.count is not None]
        most = max(counts, default=1) or 1
        height = top + len(self.cells) * (bar_h + gap) + 30
        width = label_w + bar_w + 100
        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
            f'<rect width="{width}" height="{height}" fill="white"/>',
            f'<text x="10" y="24" font-size="16" font-weight="bold">{escape(title)}</text>',
        ]
        for i, cell in enumerate(self.cells):
            y = top + i * (bar_h + gap)
            label = escape(" / ".join(cell.values))
            parts.append(f'<text x="{label_w - 8}" y="{y + bar_h - 4}" text-anchor="end">{label}</text>')
            if cell.count is None:
                parts.append(f'<text x="{label_w + 4}" y="{y + bar_h - 4}" fill="#888">{MASK} hidden</text>')
                continue
            length = max(1, round(bar_w * cell.count / most))
            parts.append(f'<rect x="{label_w}" y="{y}" width="{length}" height="{bar_h}" fill="#3b6ea5"/>')
            parts.append(f'<text x="{label_w + length + 4}" y="{y + bar_h - 4}">{cell.count:,}</text>')
        footer_y = height - 10
        parts.append(
            f'<text x="10" y="{footer_y}" fill="#555">{MASK} hidden: fewer than {self.k} cases '
            "or would reveal another hidden number</text>"
        )
        parts.append("</svg>")
        return "\n".join(parts) + "\n"


Grouped = Iterable[tuple[tuple[Any, ...], int, int]]  # (raw values in dimension order, count, yen)


def tabulate(dims: Sequence[str], grouped: Grouped, k: int = DEFAULT_K) -> Report:
    """Fold grouped counts into cells and suppress them. A case in several policy fields counts in each."""
    dims = check_dimensions(dims)
    if k < DEFAULT_K:
        raise ValueError(f"k must be at least {DEFAULT_K}: a smaller cell could single a person out.")
    cells: dict[tuple[str, ...], list[int]] = defaultdict(lambda: [0, 0])
    for raw, count, yen in grouped:
        choices: list[list[str]] = []
        for dimension, value in zip(dims, raw, strict=True):
            if dimension == "policy_field":
                fields = json.loads(value) if isinstance(value, str) else (value or [])
                choices.append([str(f) for f in fields] or ["none"])
            else:
                choices.append([_label(dimension, value)])
        for key in _product(choices):
            cells[key][0] += count
            cells[key][1] += yen
    return _suppress(dims, {key: (c, y) for key, (c, y) in cells.items() if c > 0}, k)


def _product(choices: list[list[str]]) -> list[tuple[str, ...]]:
    keys: list[tuple[str, ...]] = [()]
    for options in choices:
        keys = [(*key, option) for key in keys for option in options]
    return keys


def _suppress(dims: tuple[str, ...], cells: dict[tuple[str, ...], tuple[int, int]], k: int) -> Report:
    GRAND = (-1, "")
    groups: dict[tuple[int, str], list[tuple[str, ...]]] = defaultdict(list)
    if len(dims) > 1:
        for key in cells:
            for axis, value in enumerate(key):
                groups[(axis, value)].append(key)
    groups[GRAND] = list(cells)

    def count(keys: Iterable[tuple[str, ...]]) -> int:
        return sum(cells[key][0] for key in keys)

    hidden = {key for key, (n, _) in cells.items() if n < k}
    hidden_totals = {g for g, members in groups.items() if 0 < count(members) < k}
    changed = True
    while changed:
        changed = False
        for group, members in groups.items():
            inside = [m for m in members if m in hidden]
            if group in hidden_totals:
                if members and not inside:  # a hidden total whose cells all show is no secret: hide a cell
                    hidden.add(min(members, key=lambda m: (cells[m][0], m)))
                    changed = True
                continue
            if len(inside) == 1:
                visible = [m for m in members if m not in hidden]
                if visible:
                    hidden.add(min(visible, key=lambda m: (cells[m][0], m)))
                else:
                    hidden_totals.add(group)
                changed = True
        if GRAND in hidden_totals:
            continue
        for axis in range(len(dims) if len(dims) > 1 else 0):
            margins = [g for g in groups if g[0] == axis]
            inside_totals = [g for g in margins if g in hidden_totals]
            if len(inside_totals) == 1:
                visible_totals = [g for g in margins if g not in hidden_totals]
                if visible_totals:
                    hidden_totals.add(min(visible_totals, key=lambda g: (count(groups[g]), g)))
                else:
                    hidden_totals.add(GRAND)
                changed = True

    def yen(keys: Iterable[tuple[str, ...]]) -> int:
        return sum(cells[key][1] for key in keys)

    published = tuple(
        Cell(key, None, None) if key in hidden else Cell(key, cells[key][0], cells[key][1]) for key in sorted(cells)
    )
    totals = tuple(
        Total(dims[axis], value, None, None)
        if (axis, value) in hidden_totals
        else Total(dims[axis], value, count(groups[(axis, value)]), yen(groups[(axis, value)]))
        for axis, value in sorted(g for g in groups if g != GRAND)
    )
    grand_hidden = GRAND in hidden_totals
    return Report(
        dimensions=dims,
        k=k,
        cells=published,
        totals=totals,
        total=None if grand_hidden else count(cells),
        total_yen=None if grand_hidden else yen(cells),
    )


async def build_report(db: Database, dims: Sequence[str], k: int = DEFAULT_K) -> Report:
    """Counts and yen of the analytic log by up to three dimensions, with small cells suppressed."""
    dims = check_dimensions(dims)
    columns = [_SQL[d] for d in dims]
    distinct = list(dict.fromkeys(columns))
    statement = select(*distinct, func.count(), func.coalesce(func.sum(AnalyticCase.aid_yen), 0)).group_by(*distinct)
    async with db.sessions() as session:
        result = await session.execute(statement)
        grouped = [(tuple(row[distinct.index(c)] for c in columns), int(row[-2]), int(row[-1])) for row in result.all()]
    return tabulate(dims, grouped, k)


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(text: str) -> str:
    """A CSV cell a spreadsheet will not run as a formula: text starting with = + - @ (or a tab or carriage
    return) gets a leading apostrophe, as OWASP advises."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return neutralise_cell(";".join(str(v) for v in value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return neutralise_cell(str(value))


class _CsvSink:
    def __init__(self, path: Path) -> None:
        self._file = path.open("w", newline="", encoding="utf-8")
        self._writer = csv.writer(self._file)
        self._writer.writerow(EXPORT_COLUMNS)

    def write(self, rows: Sequence[Sequence[Any]]) -> None:
        self._writer.writerows([_csv_value(v) for v in row] for row in rows)

    def close(self) -> None:
        self._file.close()


@functools.cache
def export_schema() -> pa.Schema:
    """The Parquet schema of an export (imports pyarrow)."""
    import pyarrow as pa

    types = {
        "case_ref": pa.string(),
        "person": pa.string(),
        "key_version": pa.int32(),
        "channel": pa.string(),
        "language": pa.string(),
        "hub": pa.string(),
        "prefecture": pa.int16(),
        "month": pa.string(),
        "topic": pa.string(),
        "urgent": pa.bool_(),
        "policy_fields": pa.list_(pa.string()),
        "actions": pa.list_(pa.string()),
        "aid_category": pa.string(),
        "aid_yen": pa.int64(),
        "continued": pa.bool_(),
        "minutes_to_first_response": pa.int32(),
        "hours_to_close": pa.int32(),
        "day_id": pa.int32(),
        "question": pa.string(),
        "summary": pa.string(),
        "consented": pa.bool_(),
        "recorded_at": pa.timestamp("us", tz="UTC"),
    }
    return pa.schema([(name, types[name]) for name in EXPORT_COLUMNS])


class _ParquetSink:
    def __init__(self, path: Path) -> None:
        import pyarrow.parquet as pq

        self._schema = export_schema()
        self._writer = pq.ParquetWriter(str(path), self._schema)

    def write(self, rows: Sequence[Sequence[Any]]) -> None:
        import pyarrow as pa

        data = {name: [row[i] for row in rows] for i, name in enumerate(EXPORT_COLUMNS)}
        self._writer.write_table(pa.table(data, schema=self._schema))

    def close(self) -> None:
        self._writer.close()


async def export_analytic_log(
    db: Database, path: Path | str, fmt: str, progress: Progress | None = None, *, batch: int = 10_000
) -> int:
    """Write the whole analytic log to `path` as "csv" or "parquet"; returns the rows written.

    Rows are read in batches of `batch` by id, each batch in a short read transaction of its own, so memory
    stays flat, no write lock is taken and a long export holds nothing up. `progress(done, total)` is called
    after each batch (and once at the start) so a CLI can draw a progress bar. On SQLite the reading and the
    file work run on a thread with a connection of its own: the event loop (webhooks) never waits for them.
    """
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"unknown export format {fmt!r}; use csv or parquet")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if db.sqlite_path is not None and db.sqlite_path != ":memory:":
        loop = asyncio.get_running_loop()

        def report(done: int, total: int) -> None:
            if progress is not None:
                loop.call_soon_threadsafe(progress, done, total)

        # Small batches: converting a batch's rows holds the interpreter lock, which the event loop needs too.
        return await asyncio.to_thread(_export_sqlite, db.sqlite_path, path, fmt, report, min(batch, 500))
    columns = [getattr(AnalyticCase, name) for name in EXPORT_COLUMNS]
    sink: _CsvSink | _ParquetSink = await asyncio.to_thread(_CsvSink if fmt == "csv" else _ParquetSink, path)
    done = 0
    try:
        async with db.read() as session:
            total = int(await session.scalar(select(func.count()).select_from(AnalyticCase)) or 0)
        if progress:
            progress(0, total)
        last_id = 0
        while True:
            async with db.read() as session:
                rows = (await session.execute(_batch_query(columns, last_id, batch))).all()
            if not rows:
                break
            last_id = rows[-1][0]
            await asyncio.to_thread(sink.write, [tuple(row[1:]) for row in rows])
            done += len(rows)
            if progress:
                progress(done, total)
    finally:
        await asyncio.to_thread(sink.close)
    return done


def _batch_query(columns: Sequence[Any], after_id: int, batch: int) -> Any:
    return select(AnalyticCase.id, *columns).where(AnalyticCase.id > after_id).order_by(AnalyticCase.id).limit(batch)


def _export_sqlite(database: str, path: Path, fmt: str, progress: Progress, batch: int) -> int:
    """The export on the calling thread, through a synchronous engine of its own (same types, same rows)."""
    engine = create_engine(f"sqlite:///{database}", poolclass=NullPool)
    columns = [getattr(AnalyticCase, name) for name in EXPORT_COLUMNS]
    sink: _CsvSink | _ParquetSink = _CsvSink(path) if fmt == "csv" else _ParquetSink(path)
    done = 0
    try:
        with engine.connect() as conn:
            total = int(conn.scalar(select(func.count()).select_from(AnalyticCase)) or 0)
            conn.rollback()
            progress(0, total)
            last_id = 0
            while True:
                rows = conn.execute(_batch_query(columns, last_id, batch)).all()
                conn.rollback()  # end the read transaction: a checkpoint need not wait for the export
                if not rows:
                    break
                last_id = rows[-1][0]
                sink.write([tuple(row[1:]) for row in rows])
                done += len(rows)
                progress(done, total)
                time.sleep(0.002)  # hand the interpreter to the event loop between batches
    finally:
        sink.close()
        engine.dispose()
    return done
