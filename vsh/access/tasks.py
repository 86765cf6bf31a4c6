from celery import shared_task

from . import services


@shared_task(name="access.expire_grants", acks_late=True)
def expire_grants() -> int:
    return services.expire_grants()
