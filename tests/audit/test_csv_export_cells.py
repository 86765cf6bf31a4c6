"""Exported CSV files open in Excel: text that would start a formula must show as
typed, not run."""

import csv
import io

import pytest
from django.urls import reverse

from tests.factories import ChildFactory
from vsh.audit.services import Action, record
from vsh.core.csvsafe import cell

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+44 20 7946 0000 ext", "'+44 20 7946 0000 ext"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-3", "-3"),
        ("+1.5", "+1.5"),
        ("-.5e3", "-.5e3"),
        ("Amara Okafor", "Amara Okafor"),
        ("a=b", "a=b"),
        ("", ""),
        (7, 7),
        (None, None),
    ],
)
def test_only_text_that_would_start_a_formula_is_prefixed(value, shown):
    assert cell(value) == shown


def _rows(response):
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_audit_export_shows_typed_formulas_as_text(client, manager):
    child = ChildFactory(local_id="900002")
    record(
        Action.VIEW,
        actor=manager,
        child=child,
        detail='=HYPERLINK("http://evil.example","Click")',
        actor_label="@SUM(1+1)*cmd|' /C calc'!A0",
    )
    record(Action.VIEW, actor=manager, child=child, detail="-3")
    client.force_login(manager)

    response = client.get(reverse("child_audit:child_history", args=[child.pk]), {"format": "csv"})

    rows = _rows(response)
    details = {r["detail"] for r in rows}
    assert '\'=HYPERLINK("http://evil.example","Click")' in details
    assert "-3" in details
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in {r["who"] for r in rows}
    assert not any(value.startswith(("=", "@")) for r in rows for value in r.values())
