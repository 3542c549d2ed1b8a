"""How to find a thread, file or guidance entry outside a user's scope, for the scope sweep."""

from django.utils import timezone

from frontnet.accounts.models import User
from frontnet.support.models import Attachment, Guidance, Thread, Topic
from frontnet.units.access import scope_roots, units_visible_to
from frontnet.units.tests.scope_cases import unit_outside


def _author():
    user, _ = User.objects.get_or_create(username="scope-sweep-author")
    return user


def _topic():
    return Topic.objects.get_or_create(name="Khác")[0]


def thread_outside(tree, user):
    # Written directly: the sweep needs a row, not the routing rules.
    now = timezone.now()
    thread = Thread.objects.create(
        unit_id=unit_outside(tree, user),
        topic=_topic(),
        title="Ngoài phạm vi",
        text="…",
        opened_by=_author(),
        created_at=now,
        last_activity_at=now,
    )
    return thread.pk


def attachment_outside(tree, user):
    return Attachment.objects.create(
        thread_id=thread_outside(tree, user),
        storage_name="support/none.png",
        name="a.png",
        kind="png",
        content_type="image/png",
        size=1,
        uploaded_by=_author(),
        created_at=timezone.now(),
    ).pk


def guidance_outside(tree, user):
    """Guidance for a subtree the user is neither in nor above."""
    visible = set(units_visible_to(user=user).values_list("pk", flat=True))
    above = {int(p) for r in scope_roots(user=user) for p in r.path.split("/") if p}
    unit = next(u for u in tree.values() if u.pk not in visible and u.pk not in above)
    return Guidance.objects.create(
        unit=unit,
        topic=_topic(),
        title="Ngoài phạm vi",
        text="…",
        published_by=_author(),
        published_at=timezone.now(),
    ).pk


OUT_OF_SCOPE = {
    "support_thread_create": unit_outside,
    "support_thread_detail": thread_outside,
    "support_thread_reply": thread_outside,
    "support_thread_state": thread_outside,
    "support_thread_guidance": thread_outside,
    "support_attachment": attachment_outside,
    "guidance_detail": guidance_outside,
}


def example_outside(tree, user):
    """An example in a province the user does not work in."""
    from frontnet.support.models import ExampleUnit
    from frontnet.units.access import province_path_of

    mine = {province_path_of(unit=r) for r in scope_roots(user=user)}
    unit = next((u for u in tree.values() if province_path_of(unit=u) not in mine), None)
    if unit is None:  # examples are shown province-wide: out of scope means another province
        from frontnet.units.models import Level, Unit
        from frontnet.units.services import unit_create

        unit = Unit.objects.filter(name="Tỉnh Mẫu Khác").first() or unit_create(
            parent=None,
            name="Tỉnh Mẫu Khác",
            division_type="tỉnh",
            level=Level.objects.get(key="province"),
            by=None,
        )
    return ExampleUnit.objects.create(
        unit=unit,
        starts_on=timezone.localdate(),
        note="…",
        marked_by=_author(),
        marked_at=timezone.now(),
    ).pk


OUT_OF_SCOPE |= {
    "example_mark": unit_outside,
    "example_end": example_outside,
    "example_form_xlsx": example_outside,
}

OUT_OF_SCOPE |= {
    "api_thread_open": unit_outside,
    **dict.fromkeys(
        ["api_thread_detail", "api_thread_replies", "api_thread_state", "api_thread_guidance"],
        thread_outside,
    ),
    "api_guidance_detail": guidance_outside,
}


def province_outside(tree, user):
    from frontnet.campaigns.tests.scope_cases import province_outside as outside

    return outside(tree, user)


OUT_OF_SCOPE["support_topics"] = province_outside
