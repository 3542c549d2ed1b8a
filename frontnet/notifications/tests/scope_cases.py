"""A notification of someone else is 404, like anything out of scope."""

from frontnet.accounts.models import Role, User
from frontnet.notifications.models import Notification


def someone_elses(tree, user):
    other, _ = User.objects.get_or_create(username="nguoi-khac", defaults={"role": Role.VIEWER})
    return Notification.objects.create(recipient=other, kind="page_verified").pk


OUT_OF_SCOPE = {"notification_open": someone_elses}
