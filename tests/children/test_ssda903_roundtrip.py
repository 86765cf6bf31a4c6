"""Round trip through the DfE-rules validator: import the sample return, export it
again, and have csc-validator-be-903 check the export in its own environment.

The validator is set up once with `bash ../shared/tools/setup-validator903` run in
the project root (it makes .venv-903 there). Without it these tests are skipped,
except in CI (the CI environment variable is set), where they fail.
"""

import csv
import os
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from children.ssda903 import columns as cols
from children.ssda903.validator import missing_parts, run_validator

pytestmark = [pytest.mark.validator, pytest.mark.django_db]

COPIES = Path(__file__).resolve().parents[1] / "data" / "ssda903"
SHARED = Path(settings.BASE_DIR).parent / "shared" / "data" / "ssda903"
SAMPLES = SHARED if (SHARED / "valid").is_dir() else COPIES
YEAR = 2026


@pytest.fixture
def validator():
    missing = missing_parts()
    if missing:
        reason = "SSDA903 validator not set up: " + "; ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


def read_rows(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, list(reader)


@pytest.fixture
def exported(tmp_path):
    call_command("import_903", str(SAMPLES / "valid"), stdout=StringIO())
    out = tmp_path / "return"
    call_command("export_903", str(out), "--year", str(YEAR), stdout=StringIO())
    return out


def _sorted(rows: list[dict], table) -> list[dict]:
    return sorted(rows, key=lambda row: tuple(row[c] for c in table.columns))


@pytest.mark.parametrize("previous", [None, "valid_prev_2025"], ids=["this-year", "with-last-year"])
def test_the_exported_return_passes_the_dfe_validator(validator, exported, previous):
    run = run_validator(exported, YEAR, previous=SAMPLES / previous if previous else None)
    assert run.last_line == "903 errors: 0", run.output


def test_every_modelled_column_comes_back_with_the_values_imported(exported):
    for table in cols.tables_for_year(YEAR):
        source = SAMPLES / "valid" / table.filename
        columns, expected = read_rows(source)
        written_columns, written = read_rows(exported / table.filename)
        assert written_columns == columns == list(table.columns), table.filename
        assert _sorted(written, table) == _sorted(expected, table), table.filename
