"""Changes managers make to the school calendar, each in one transaction with its
audit entry. Term dates and non-working days move PEP deadlines, so every change
is recorded with what it was before."""

from django.db import transaction

from vsh.audit.services import record_create, record_delete, record_update, snapshot

from .models import AcademicYear, NonWorkingDay, Season, Term
from .services import ensure_academic_year


def update_term_dates(*, actor, year: AcademicYear, values: dict[str, dict]) -> list[Term]:
    """Set the dates of the year's terms (values: season -> field -> date)."""
    changed = []
    with transaction.atomic():
        terms = {t.season: t for t in Term.objects.select_for_update().filter(academic_year=year)}
        for season, _ in Season.choices:
            fields = values[season]
            term = terms.get(season)
            if term is None:
                term = Term.objects.create(academic_year=year, season=season, **fields)
                record_create(actor, term, detail="School calendar")
                changed.append(term)
                continue
            before = snapshot(term)
            for name, value in fields.items():
                setattr(term, name, value)
            term.save()
            if record_update(actor, term, before=before, detail="School calendar"):
                changed.append(term)
    return changed


def add_next_academic_year(*, actor) -> AcademicYear:
    """The academic year after the latest one set up (or the current one if there is
    none), with England's usual term dates and bank holidays, for the manager to
    adjust to the authority's published dates."""
    from django.utils import timezone

    from children.school_years import academic_year_start

    with transaction.atomic():
        latest = AcademicYear.objects.order_by("-start_year").first()
        start_year = latest.start_year + 1 if latest else academic_year_start(timezone.localdate())
        existing_days = set(NonWorkingDay.objects.values_list("pk", flat=True))
        year = ensure_academic_year(start_year)
        record_create(actor, year, detail="School calendar: default terms and bank holidays")
        for term in year.terms.all():
            record_create(actor, term, detail="School calendar")
        for day in NonWorkingDay.objects.exclude(pk__in=existing_days):
            record_create(actor, day, detail="School calendar: bank holiday")
    return year


def add_non_working_day(*, actor, data: dict) -> NonWorkingDay:
    with transaction.atomic():
        day = NonWorkingDay.objects.create(**data)
        record_create(actor, day, detail="School calendar")
    return day


def remove_non_working_day(*, actor, day: NonWorkingDay) -> None:
    with transaction.atomic():
        record_delete(actor, day, detail="School calendar")
        day.delete()
