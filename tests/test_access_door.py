"""Views reach children's records only through the access policy. This reads the
view modules' source so that a shortcut such as `Child.objects.get(pk=...)` in a
view fails the build rather than leaking a record."""

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings

from vsh.access.querysets import ChildLinkedQuerySet, ChildQuerySet


def _child_record_models():
    return sorted(
        model.__name__
        for model in apps.get_models()
        if isinstance(model._default_manager.all(), ChildQuerySet | ChildLinkedQuerySet)
    )


def _view_modules():
    root = Path(settings.BASE_DIR)
    for folder in ["children", "schools", "carers", "interventions", "vsh"]:
        yield from (root / folder).rglob("views*.py")


def test_child_record_models_are_known():
    names = _child_record_models()
    assert {"Child", "CaseNote", "CareEpisode", "Enrolment"} <= set(names)


def test_views_use_visible_to_for_every_child_record():
    models = "|".join(_child_record_models())
    shortcut = re.compile(rf"\b({models})\.objects\.(?!visible_to\()\w+\(")
    offenders = []
    for path in _view_modules():
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if shortcut.search(line):
                offenders.append(f"{path.relative_to(settings.BASE_DIR)}:{number}: {line.strip()}")
    assert not offenders, "Fetch through Model.objects.visible_to(user):\n" + "\n".join(offenders)
