"""E-mail leaves the request: the web enqueues these; the database worker sends them."""

from crontask import cron
from django.core.management import call_command
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


# The daily schedule (django-crontask: `manage.py crontask`, started by `make worker`,
# enqueues these at the times given, in TIME_ZONE; the database worker runs them).
# Reminders are sent exactly once whatever runs them (monitoring/reminders.py).


@cron("0 6 * * *")
@task
def daily_reminders_and_pruning() -> None:
    call_command("send_reminders")
    call_command("prune_figures")
    # Files kept past their use: unreadable uploads (their retention period) and account
    # previews nobody committed; both hold personal data.
    call_command("purge_unreadable_files")
    call_command("purge_kept_uploads")


@cron("0 7 * * *")
@task
def daily_digests() -> int:
    return email.send_digests()


@cron("*/30 * * * *")
@task
def retry_emails() -> int:
    return email.retry_failed()
