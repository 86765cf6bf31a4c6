"""Changes managers make to the authority's settings and quality ratings, each in
one transaction with an audit entry of what changed."""

from decimal import Decimal

from django.db import transaction

from children.peps.models import QaRating
from vsh.audit.services import Action, diff, record, record_create, record_update, snapshot

from .models import AuthoritySettings


def _json_safe(values: dict) -> dict:
    """The audit log stores changes as JSON, which has no decimals."""
    return {k: str(v) if isinstance(v, Decimal) else v for k, v in values.items()}


def update_authority_settings(*, actor, data: dict) -> AuthoritySettings:
    with transaction.atomic():
        rules = AuthoritySettings.objects.select_for_update().get(pk=AuthoritySettings.load().pk)
        before = _json_safe(snapshot(rules))
        for name, value in data.items():
            setattr(rules, name, value)
        rules.save()
        rules.refresh_from_db()  # decimals as stored, so 90 and 90.0 are no change
        changes = diff(before, _json_safe(snapshot(rules)))
        if changes:
            record(
                Action.UPDATE, actor=actor, obj=rules, changes=changes, detail="Authority settings"
            )
    return rules


def create_rating(*, actor, data: dict) -> QaRating:
    with transaction.atomic():
        rating = QaRating.objects.create(**data)
        record_create(actor, rating, detail="Quality ratings")
    return rating


def update_rating(*, actor, rating: QaRating, data: dict) -> QaRating:
    with transaction.atomic():
        # The form has already changed the instance: compare with the stored row.
        before = snapshot(QaRating.objects.select_for_update().get(pk=rating.pk))
        for name, value in data.items():
            setattr(rating, name, value)
        rating.save()
        record_update(actor, rating, before=before, detail="Quality ratings")
    return rating
