"""Schemathesis against the API's own schema, with a real token for each demo role: no
server error, and every answer (status, media type, body, headers) as the schema says.

Bounded: a few examples per operation, no shrinking, no stateful phase; ids are drawn from
the rows that exist (in and out of each user's scope) and a few that do not."""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from frontnet.api.services import token_create
from frontnet.cadres.tests.scope_cases import account_outside, cadre_outside, channel_outside
from frontnet.pages.tests.scope_cases import page_outside

pytestmark = pytest.mark.django_db

EXAMPLES = 5
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


@pytest.fixture
def fast_rate(settings):
    from copy import deepcopy

    conf = deepcopy(settings.REST_FRAMEWORK)
    conf["DEFAULT_THROTTLE_RATES"] = {"token": "100000/minute"}
    settings.REST_FRAMEWORK = conf
    cache.clear()


@pytest.fixture
def wsgi_app():
    """The real WSGI app, in the test's transaction: like Django's test client, it must not
    close the database connection at the end of each request."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _rows_in_scope(tree, users) -> set[int]:
    """One row of each kind the wave's endpoints read, inside the demo users' scope: a thread
    answered once, guidance, a campaign, a page with a month and an upload, a data-subject
    request, an account; the seeded targets and criteria are there already."""
    import datetime as dt

    from frontnet.accounts.services import account_create
    from frontnet.cadres.models import CadreCategory, Platform
    from frontnet.cadres.services import cadre_create
    from frontnet.campaigns.services import campaign_create
    from frontnet.pages.services import page_register
    from frontnet.pagestats.services import month_figures_save, stats_upload_create
    from frontnet.privacy.models import GrantKind, PersonalDataGrant
    from frontnet.privacy.services import request_create
    from frontnet.support.models import Topic
    from frontnet.support.services import guidance_publish, thread_open, thread_reply

    PersonalDataGrant.objects.create(
        user=users["tinh"], province=tree["province"], kind=GrantKind.DPO
    )
    topic = Topic.objects.get_or_create(name="Phần mềm")[0]
    thread = thread_open(
        unit=tree["commune_a1"], topic=topic, title="Lỗi", text="Không mở được.", by=users["xa"]
    )
    reply = thread_reply(thread=thread, text="Thử lại.", by=users["chuyenvien1"])
    guidance = guidance_publish(
        unit=tree["district_a"], topic=topic, title="Mẹo", text="…", by=users["chuyenvien1"]
    )
    campaign = campaign_create(
        province=tree["province"],
        name="Đợt thử",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        units=[tree["commune_a1"]],
        items=[("Bài 1", "page", "https://www.facebook.com/mattrantinh/posts/1")],
        by=users["tinh"],
    )
    page = page_register(
        unit=tree["commune_a1"],
        platform=Platform.objects.get(key="facebook_page"),
        name="Mặt trận xã An Một",
        link="https://www.facebook.com/profile.php?id=100000000000001",
        by=None,
    )
    month_figures_save(page=page, month=dt.date(2026, 1, 1), by=users["xa"], values={"posts": 3})
    upload = stats_upload_create(
        unit=tree["commune_a1"], by=users["xa"], data=b"Month,Posts\n", filename="a.csv"
    )
    cadre = cadre_create(
        unit=tree["commune_a1"],
        by=users["xa"],
        full_name="Lê Văn Tư",
        category=CadreCategory.objects.get(key="full_time"),
    )
    subject = request_create(
        cadre=cadre, kind="access", received_on=dt.date(2026, 1, 5), by=users["tinh"]
    )
    account = account_create(
        by=users["huyen"], unit=tree["commune_a1"], role="viewer", full_name="Đỗ Thị Sáu"
    )
    rows = (thread, reply, guidance, campaign, page, upload, cadre, subject, account)
    return {row.pk for row in rows}


def _rows_out_of_scope(tree, user) -> set[int]:
    """A row of each kind the user may not see (the scope sweep's own cases)."""
    from frontnet.campaigns.tests.scope_cases import campaign_outside
    from frontnet.pagestats.tests.scope_cases import upload_outside
    from frontnet.privacy.tests.scope_cases import request_outside
    from frontnet.support.tests.scope_cases import guidance_outside, thread_outside

    cases = (thread_outside, guidance_outside, campaign_outside, upload_outside, request_outside)
    return {case(tree, user) for case in cases}


def _ids(tree, users) -> list[int]:
    ids = {u.pk for u in tree.values()} | {0, 999999} | _rows_in_scope(tree, users)
    for username in ("xa", "chuyenvien2"):
        user = users[username]
        ids |= {
            cadre_outside(tree, user),
            account_outside(tree, user),
            page_outside(tree, user),
            channel_outside(tree, user),
        } | _rows_out_of_scope(tree, user)
    return sorted(ids)


ROLES = ["tinh", "chuyenvien1", "huyen", "xa", "xem"]


def _run(operation, ids, headers):
    has_pk = "{id}" in operation.path  # drf-spectacular names the pk "id"

    @settings(
        max_examples=EXAMPLES,
        phases=[Phase.explicit, Phase.generate],
        database=None,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(), pk=st.sampled_from(ids))
    def run(case, pk):
        if has_pk:
            case.path_parameters = {**(case.path_parameters or {}), "id": pk}
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()


def test_the_api_keeps_to_its_schema_for_every_role(users, tree, fast_rate, wsgi_app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    ids = _ids(tree, users)
    failures = []
    for username in ROLES:
        _token, text = token_create(user=users[username], name="schemathesis")
        headers = {"Authorization": f"Bearer {text}"}
        for operation in operations:
            try:
                _run(operation, ids, headers)
            except Exception as exc:  # noqa: BLE001 - collect every operation's failure
                failures.append(f"{username} {operation.method.upper()} {operation.path}: {exc}")
    assert not failures, "\n\n".join(failures)
