"""Changes to carers, each in one transaction with its audit entry."""

from django.db import transaction

from vsh.audit.services import record_create, record_update, snapshot

from .models import Carer


def create_carer(*, actor, data: dict) -> Carer:
    with transaction.atomic():
        carer = Carer.objects.create(**data)
        record_create(actor, carer)
    return carer


def update_carer(*, actor, carer: Carer, data: dict) -> Carer:
    with transaction.atomic():
        # The form has already changed the instance, so compare with the stored row.
        before = snapshot(Carer.objects.select_for_update().get(pk=carer.pk))
        for name, value in data.items():
            setattr(carer, name, value)
        carer.save()
        record_update(actor, carer, before=before)
    return carer
