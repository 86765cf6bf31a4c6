from django.db import migrations

RATINGS = [
    ("green", "Green: good", "green", "Meets the authority's quality criteria.", True, True, 1),
    ("amber", "Amber: requires improvement", "yellow",
     "Acceptable, with changes to make before the next review.", True, False, 2),
    ("red", "Red: inadequate", "red",
     "Does not meet the criteria: returned to the school to rework.", False, False, 3),
]


def add(apps, schema_editor):
    QaRating = apps.get_model("peps", "QaRating")
    for code, label, colour, description, allows, good, position in RATINGS:
        QaRating.objects.get_or_create(
            code=code,
            defaults=dict(label=label, colour=colour, description=description,
                          allows_approval=allows, counts_as_good=good, position=position),
        )


class Migration(migrations.Migration):
    dependencies = [("peps", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
