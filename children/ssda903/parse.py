"""Reading SSDA903 CSV files: decoding, recognising each table by its columns, and
turning cell text into dates. Row numbers are counted as a spreadsheet shows them:
the header is row 1, so the first child is on row 2."""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from vsh.core.uploads import decode_csv as decode

from . import columns as cols


@dataclass(frozen=True)
class SourceFile:
    name: str
    content: bytes


@dataclass(frozen=True, order=True)
class RowError:
    """One problem with one cell (or a whole file when `row` is None)."""

    file: str
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.row is None else f"{self.file} row {self.row}"
        if self.column:
            where = f"{where}, {self.column}"
        return f"{where}: {self.message}"


@dataclass
class RawRow:
    number: int  # spreadsheet row number
    values: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values.get(column, "")


@dataclass
class RawTable:
    table: cols.Table
    filename: str
    rows: list[RawRow] = field(default_factory=list)


def read_directory(path: str | Path) -> list[SourceFile]:
    folder = Path(path)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} is not a folder")
    return [
        SourceFile(p.name, p.read_bytes())
        for p in sorted(folder.iterdir())
        if p.is_file() and p.suffix.lower() == ".csv"
    ]


def read_tables(sources: list[SourceFile]) -> tuple[dict[str, RawTable], list[RowError]]:
    """Recognise each file's table from its header row. File names do not matter."""
    tables: dict[str, RawTable] = {}
    errors: list[RowError] = []
    for source in sources:
        reader = csv.reader(io.StringIO(decode(source.content), newline=""))
        try:
            header = next(reader)
        except StopIteration:
            errors.append(RowError(source.name, None, "", "The file is empty."))
            continue
        header = [h.strip().upper() for h in header]
        while header and header[-1] == "":
            header.pop()  # trailing commas some spreadsheets add
        table = cols.BY_COLUMNS.get(frozenset(header))
        if table is None or len(set(header)) != len(header):
            near = cols.nearest_table(frozenset(header))
            missing = [c for c in near.columns if c not in header]
            extra = [c for c in header if c not in near.column_set]
            detail = []
            if missing:
                detail.append("it lacks " + ", ".join(missing))
            if extra:
                detail.append("it has " + ", ".join(c or "(blank)" for c in extra) + " as well")
            errors.append(
                RowError(
                    source.name,
                    1,
                    "",
                    "The column headings do not match any SSDA903 table. The nearest is "
                    f"{near.filename}, but {' and '.join(detail) or 'a column is repeated'}.",
                )
            )
            continue
        if table.name in tables:
            errors.append(
                RowError(
                    source.name,
                    None,
                    "",
                    f"This is a second {table.filename} table (the first was "
                    f"{tables[table.name].filename}). Upload each table once.",
                )
            )
            continue
        raw = RawTable(table, source.name)
        for number, record in enumerate(reader, start=2):
            if not any(cell.strip() for cell in record):
                continue
            if len(record) > len(header) and any(c.strip() for c in record[len(header) :]):
                errors.append(
                    RowError(
                        source.name,
                        number,
                        "",
                        f"The row has {len(record)} values but the file has {len(header)} columns.",
                    )
                )
                continue
            record = (record + [""] * len(header))[: len(header)]
            raw.rows.append(
                RawRow(number, {h: v.strip() for h, v in zip(header, record, strict=True)})
            )
        tables[table.name] = raw
    return tables, errors


# Dates -------------------------------------------------------------------------

_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_DMY_OTHER = re.compile(r"^(\d{1,2})[-.](\d{1,2})[-.](\d{4})$")


class DateError(ValueError):
    pass


def parse_date(value: str) -> date:
    """A dd/mm/yyyy date, the only form the DfE validator reads."""
    match = _DMY.match(value)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            raise DateError(f"'{value}' is not a real date.") from None
    hint = ""
    guess = _guess(value)
    if guess:
        hint = f" Write {format_date(guess)} for {guess.day} {guess:%B %Y}."
    raise DateError(f"'{value}' is not a date in the form dd/mm/yyyy.{hint}")


def _guess(value: str) -> date | None:
    for pattern, order in ((_ISO, (2, 1, 0)), (_DMY_OTHER, (0, 1, 2))):
        match = pattern.match(value)
        if match:
            parts = [int(g) for g in match.groups()[:3]]
            day, month, year = (parts[i] for i in order)
            try:
                return date(year, month, day)
            except ValueError:
                return None
    return None


def format_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


_PARTIAL_DATE = re.compile(r"^(\d{2}|ZZ)/(\d{2}|ZZ)/(\d{4}|ZZZZ)$")


def check_partial_date(value: str) -> None:
    """DATE_PERM: dd/mm/yyyy where an unknown part may be written ZZ (ZZZZ for the year)."""
    text = value.upper()
    match = _PARTIAL_DATE.match(text)
    if not match:
        raise DateError(
            f"'{value}' is not a date in the form dd/mm/yyyy (write ZZ for a part not known)."
        )
    if "Z" not in text:
        parse_date(value)
        return
    day, month, _year = match.groups()
    if (month != "ZZ" and not 1 <= int(month) <= 12) or (day != "ZZ" and not 1 <= int(day) <= 31):
        raise DateError(f"'{value}' is not a real date.")


# Collection years ---------------------------------------------------------------


def period(year: int) -> tuple[date, date]:
    """Collection year 2026 runs from 1 April 2025 to 31 March 2026."""
    return date(year - 1, 4, 1), date(year, 3, 31)


def year_label(year: int) -> str:
    return f"{year - 1}/{str(year)[-2:]}"


def collection_year_of(day: date) -> int:
    return day.year if (day.month, day.day) <= (3, 31) else day.year + 1


def infer_collection_year(tables: dict[str, RawTable], default: date) -> int:
    """The year whose 31 March is the first on or after the latest event in the
    extract; the year containing `default` when the extract has no dated events."""
    latest = None
    for raw in tables.values():
        for row in raw.rows:
            for column in cols.PERIOD_DATE_COLUMNS & row.values.keys():
                try:
                    day = parse_date(row[column])
                except DateError:
                    continue
                if latest is None or day > latest:
                    latest = day
    return collection_year_of(latest or default)
