"""How to find a community page (or unit) outside a user's scope, for tests/test_scope_sweep.py."""

from frontnet.cadres.models import Platform
from frontnet.pages.models import CommunityPage
from frontnet.units.tests.scope_cases import unit_outside


def page_outside(tree, user):
    # Written directly: the sweep needs a row, not the registration rules.
    unit_pk = unit_outside(tree, user)
    page, _ = CommunityPage.objects.get_or_create(
        unit_id=unit_pk,
        canonical=f"facebook.com/ngoai-pham-vi-{unit_pk}",
        defaults={
            "platform": Platform.objects.get(key="facebook_page"),
            "name": "Trang ngoài phạm vi",
            "link_raw": f"https://facebook.com/ngoai-pham-vi-{unit_pk}",
            "status": "reported",
        },
    )
    return page.pk


OUT_OF_SCOPE = {
    "page_list": unit_outside,
    "page_add": unit_outside,
    "page_name_check": unit_outside,
    "page_detail": page_outside,
    "page_edit": page_outside,
    "page_report": page_outside,
    "page_verify": page_outside,
    "page_return": page_outside,
    "api_page_list": unit_outside,
    "api_page_detail": page_outside,
    "api_page_events": page_outside,
    "api_page_report": page_outside,
    "api_page_verify": page_outside,
    "api_page_return": page_outside,
}
