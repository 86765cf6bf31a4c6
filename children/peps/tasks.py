from celery import shared_task

from . import notifications


@shared_task(
    name="peps.notify_pep_event",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def notify_pep_event(event_id: int) -> int:
    """Email the people involved about one step of a PEP's workflow. Safe to run
    twice: an event's emails are sent once."""
    return notifications.send_for_event(event_id)
