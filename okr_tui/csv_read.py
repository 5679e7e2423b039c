"""Reading a CSV file as spreadsheets save it, one checked row at a time.

UTF-8 with or without a BOM, "," or ";" or tab separators, quoted newlines,
numbers like "70%" or "250,000". The text is decoded as it is read, so a large
file is never in memory twice. A bad row becomes a problem ('line N: reason')
and reading goes on, so one pass names every bad line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, TextIO

from okr_tui.csv_format import CHOICES, COLUMNS, TEXT_COLUMNS, format_plain
from okr_tui.i18n import _, ngettext
from okr_tui.models import period_for
from okr_tui.numbers import NumberError, read_number
from okr_tui.store import WorkspaceError

if TYPE_CHECKING:
    from _csv import Reader as _reader

Progress = Callable[[int, int], None]
"""Called with (rows read, rows in the file) as an import goes."""
PROGRESS_EVERY = 2000
"""Rows between two progress calls."""
HEADER_PEEK = 64 * 1024
"""Characters read to find the separator: the header row is in them."""


class CsvImportError(WorkspaceError):
    """The file cannot be imported; `problems` lists every bad row as 'line N: reason'."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        shown = "; ".join(self.problems[:3]) + ("; ..." if count > 3 else "")
        super().__init__(
            ngettext(
                "{count} problem, nothing was imported: {problems}",
                "{count} problems, nothing was imported: {problems}",
                count,
            ).format(count=count, problems=shown)
        )


def at_line(line: int, problem: str) -> str:
    """A problem as 'line 3: reason', the form every problem of a file takes."""
    return _("line {line}: {problem}").format(line=line, problem=problem)


@dataclass(slots=True)
class Row:
    """One checked CSV row: text cleaned, numbers read, choices lowered."""

    line: int
    period: str = ""
    unit: str = ""
    unit_kind: str = ""
    parent_unit: str = ""
    objective: str = ""
    objective_kind: str = ""
    track: str = ""
    visibility: str = ""
    owner: str = ""
    key_result: str = ""
    indicator: str = ""
    baseline: float | None = None
    target: float | None = None
    current: float | None = None
    measure: str = ""
    direction: str = ""
    due: date | None = None
    weight: float | None = None
    score: float | None = None


def decode(raw: bytes) -> str:
    """The file's text: UTF-8, with or without the BOM Excel writes."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _not_utf8(raw, exc) from None


def _not_utf8(raw: bytes, exc: UnicodeDecodeError) -> CsvImportError:
    # The stream's error counts from its own buffer: find the first bad byte in the file.
    try:
        raw.decode("utf-8-sig")
        start = exc.start
    except UnicodeDecodeError as whole:
        start = whole.start
    line = raw[:start].count(b"\n") + 1
    return CsvImportError(
        [at_line(line, _("the file is not UTF-8 text (in Excel, save as 'CSV UTF-8')"))]
    )


def _header_cells(text: str, delimiter: str) -> list[str]:
    first = next(csv.reader(io.StringIO(text), delimiter=delimiter), [])
    return [cell.strip().lstrip("\ufeff").casefold() for cell in first]


def sniff_delimiter(text: str) -> str:
    """The separator that splits the header into the most known column names."""
    best, best_hits = ",", -1
    for candidate in (",", ";", "\t"):
        hits = sum(1 for cell in _header_cells(text, candidate) if cell in COLUMNS)
        if hits > best_hits:
            best, best_hits = candidate, hits
    return best


class CsvSource:
    """A CSV file's bytes (or text), read as often as needed without a decoded copy."""

    def __init__(self, raw: bytes | str) -> None:
        self.raw = raw

    def _stream(self) -> TextIO:
        if isinstance(self.raw, str):
            return io.StringIO(self.raw.lstrip("\ufeff"), newline="")
        return io.TextIOWrapper(io.BytesIO(self.raw), encoding="utf-8-sig", newline="")

    def _open_reader(self, stream: TextIO) -> _reader:
        try:
            peek = stream.read(HEADER_PEEK)
        except UnicodeDecodeError as exc:
            raise self._decode_error(exc) from None
        delimiter = sniff_delimiter(peek)
        stream.seek(0)
        return csv.reader(stream, delimiter=delimiter)

    def _decode_error(self, exc: UnicodeDecodeError) -> CsvImportError:
        assert isinstance(self.raw, bytes)
        return _not_utf8(self.raw, exc)

    def count_rows(self) -> int:
        """How many rows follow the header (blank ones too): the total for progress."""
        count = -1
        try:
            for _ in self._open_reader(self._stream()):
                count += 1
        except csv.Error:
            pass  # reading the rows reports it, with its line
        except UnicodeDecodeError as exc:
            raise self._decode_error(exc) from None
        return max(count, 0)

    def rows(self, problems: list[str], progress: Progress | None = None) -> Iterator[Row]:
        """The good rows; each bad one adds 'line N: reason' to `problems`.

        A bad header raises CsvImportError: no row can be read without it.
        """
        total = self.count_rows() if progress is not None else 0
        reader = self._open_reader(self._stream())
        header = self._header(reader)
        line = reader.line_num + 1
        done = 0
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                problems.append(at_line(line, str(exc)))
                break
            except UnicodeDecodeError as exc:
                raise self._decode_error(exc) from None
            start, line = line, reader.line_num + 1
            done += 1
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done, max(total, done))
            if not any(cell.strip() for cell in cells):
                continue  # Spreadsheets leave blank rows (";;;;") at the end.
            if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
                problems.append(
                    at_line(
                        start,
                        _("{cells} cells but the header has {columns} columns").format(
                            cells=len(cells), columns=len(header)
                        ),
                    )
                )
                continue
            try:
                yield read_row(start, dict(zip(header, cells, strict=False)))
            except ValueError as exc:
                problems.append(at_line(start, str(exc)))
        if progress is not None:
            progress(done, max(total, done))

    @staticmethod
    def _header(reader: _reader) -> list[str]:
        try:
            header_row = next(reader)
        except StopIteration:
            raise CsvImportError(
                [at_line(1, _("the file is empty (expected a header row)"))]
            ) from None
        except csv.Error as exc:
            raise CsvImportError([at_line(1, str(exc))]) from None
        header = [cell.strip().lstrip("\ufeff").casefold() for cell in header_row]
        problems: list[str] = []
        unknown = [h for h in header if h and h not in COLUMNS]
        if unknown:
            problems.append(
                at_line(
                    1,
                    _("unknown column {column!r} (the columns are: {columns})").format(
                        column=unknown[0], columns=", ".join(COLUMNS)
                    ),
                )
            )
        duplicates = sorted({h for h in header if h and header.count(h) > 1})
        if duplicates:
            problems.append(
                at_line(1, _("column {column!r} appears twice").format(column=duplicates[0]))
            )
        if "unit" not in header:
            problems.append(
                at_line(
                    1,
                    _("no 'unit' column (the columns are: {columns})").format(
                        columns=", ".join(COLUMNS)
                    ),
                )
            )
        if problems:
            raise CsvImportError(problems)
        return header


def _read_choice(column: str, cell: str) -> str:
    value = cell.strip().casefold().replace(" ", "-").replace("_", "-")
    if not value:
        return ""
    if value not in CHOICES[column]:
        allowed = _("{choices} or {last}").format(
            choices=", ".join(CHOICES[column][:-1]), last=CHOICES[column][-1]
        )
        raise ValueError(
            _("{column} is {allowed}, not {value!r}").format(
                column=column, allowed=allowed, value=cell.strip()
            )
        )
    return value


def _read_number(column: str, cell: str) -> tuple[float | None, str]:
    if not cell.strip():
        return None, ""
    try:
        number = read_number(cell)
    except NumberError as exc:
        raise ValueError(f"{column}: {exc}") from None
    return number.value, number.measure


def _read_date(cell: str) -> date | None:
    text = cell.strip()
    if not text:
        return None
    # Spreadsheets sometimes turn a date into a date-time at midnight.
    if len(text) > 10 and text[10] in " T" and text[11:].strip("0: ") == "":
        text = text[:10]
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            _("due: {text!r} is not a date like 2026-09-30").format(text=text)
        ) from None


def _text(values: dict[str, str], column: str) -> str:
    # Keep quoted newlines: the text comes back exactly as it was exported.
    # Windows spreadsheets save a line break in a cell as CRLF: store it as one newline.
    cell = values.get(column, "").replace("\r\n", "\n").replace("\r", "\n").strip()
    return cell[1:].strip() if cell.startswith("'") else cell


def read_row(line: int, values: dict[str, str]) -> Row:
    """Check one row's cells (column -> text); ValueError says what is wrong."""
    row = Row(line=line)
    for column in TEXT_COLUMNS:
        setattr(row, column, _text(values, column))
    for column in CHOICES:
        setattr(row, column, _read_choice(column, values.get(column, "")))
    measures: list[str] = []
    for column in ("baseline", "target", "current", "weight", "score"):
        value, measure = _read_number(column, values.get(column, ""))
        setattr(row, column, value)
        if measure and column in ("baseline", "target", "current"):
            measures.append(measure)
        if measure == "%" and column == "score" and value is not None:
            row.score = value / 100
    row.due = _read_date(values.get("due", ""))
    _check_row(row, measures)
    return row


def _check_row(row: Row, measures: list[str]) -> None:
    if not row.unit:
        raise ValueError(_("unit is empty (every row names its unit)"))
    if row.objective and not row.period:
        raise ValueError(_("period is empty (say which quarter or year, like 2026-Q3)"))
    if row.period:
        try:
            row.period = period_for(row.period).id
        except ValueError as exc:
            raise ValueError(f"period: {exc}") from None
    if row.key_result and not row.objective:
        raise ValueError(_("key_result without an objective"))
    kr_cells = ("indicator", "baseline", "target", "current", "measure", "due", "weight", "score")
    if not row.key_result and any(getattr(row, c) not in ("", None) for c in kr_cells):
        raise ValueError(_("key result values but no key_result title"))
    if not row.measure and measures:
        row.measure = measures[0]  # "70%" in target says the measure is %.
    if row.weight is not None and not 0 < row.weight <= 100:
        raise ValueError(
            _("weight is more than 0 and at most 100, not {weight}").format(
                weight=format_plain(row.weight)
            )
        )
    if row.score is not None:
        if not 0 <= row.score <= 1:
            raise ValueError(
                _("score is 0.0 to 1.0, not {score}").format(score=format_plain(row.score))
            )
        if abs(round(row.score, 1) - row.score) > 1e-6:
            raise ValueError(
                _("score goes in steps of 0.1 (0.0, 0.1 ... 1.0), not {score}").format(
                    score=format_plain(row.score)
                )
            )
        row.score = round(row.score, 1)
    for column in ("unit", "parent_unit"):
        if len(getattr(row, column)) > 120:
            raise ValueError(too_long(column, 120))
    for column in ("objective", "key_result"):
        if len(getattr(row, column)) > 300:
            raise ValueError(too_long(column, 300))
    if len(row.measure) > 40:
        raise ValueError(too_long("measure", 40))


def too_long(column: str, limit: int) -> str:
    return _("{column} is longer than {limit} characters").format(column=column, limit=limit)
