import pytest
from django.utils import translation

from frontnet.notifications.kinds import register_kind
from frontnet.notifications.selectors import notifications_of, unread_count
from frontnet.notifications.services import notifications_mark_read, notify

pytestmark = pytest.mark.django_db

HELLO = register_kind(
    "test_hello", label="Lời chào", text="Xin chào %(unit)s, có %(count)d việc mới."
)


def test_only_users_who_see_the_unit_are_told(users, tree):
    sent = notify(
        kind=HELLO,
        recipients=[users["xa"], users["huyen"], users["chuyenvien2"], users["tinh"]],
        unit=tree["commune_a1"],
        args={"unit": "Xã An Một", "count": 3},
    )
    # chuyenvien2 follows huyện Bình only: not told about a commune of huyện An.
    assert {n.recipient.username for n in sent} == {"xa", "huyen", "tinh"}
    assert notifications_of(user=users["xa"]).get().text == "Xin chào Xã An Một, có 3 việc mới."


def test_a_recipient_named_twice_is_told_once_and_marks_it_read(users, tree):
    notify(
        kind=HELLO,
        recipients=[users["xa"], users["xa"]],
        unit=tree["commune_a1"],
        args={"unit": "x", "count": 1},
    )
    assert unread_count(user=users["xa"]) == 1
    assert notifications_mark_read(user=users["xa"]) == 1
    assert unread_count(user=users["xa"]) == 0


def test_text_with_missing_arguments_falls_back_to_the_label(users, tree):
    (n,) = notify(kind=HELLO, recipients=[users["tinh"]], unit=None, args={})
    with translation.override("en"):
        assert n.text == "Lời chào"
