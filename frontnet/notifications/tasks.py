"""E-mail leaves the request: the web enqueues these; the database worker sends them."""

from django.tasks import task

from . import email


@task
def send_notification_emails(ids: list[int]) -> int:
    return email.send_now(ids)


@task
def send_digest_emails() -> int:
    return email.send_digests()


@task
def retry_failed_emails() -> int:
    return email.retry_failed()
