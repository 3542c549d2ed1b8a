"""Every field's error message ends with an example of its own kind (issue #12, item 9): on
the web form and in the import, a bad Zalo value gets a Zalo example, never a Facebook one,
and each message fits a phone's screen."""

import pytest

from frontnet.cadres.fields import BY_NAME, CADRE_FIELDS, NETWORK_EXAMPLES, SHARED, WEB
from frontnet.cadres.forms import CadreForm, SocialAccountForm
from frontnet.cadres.models import CadreCategory, Platform
from frontnet.workbooks.importing import plan_import
from frontnet.workbooks.tests.conftest import write_book

pytestmark = pytest.mark.django_db

# A phone screen shows about 40 characters a line: three lines and a half at most.
SHORT = 140

# A bad value for each field of the web form (the add form has them all).
BAD_WEB = {
    "full_name": "   ",
    "gender": "x",
    "birth_year": "năm 80",
    "position": "x" * 151,
    "category": "",
    "active_from": "31/02/2025",
    "phone": "0992 123 456",
    "email": "an@",
    "facebook": "https://www.facebook.com/",
    "zalo": "https://zalo.me/",
    "consent": "31/02/2026",
}

# And for each column of the template (the unit, the links, the category are read there).
BAD_CELLS = {
    "unit": "Xã Không Có",
    "gender": "x",
    "birth_year": "năm 80",
    "category": "Không có loại này",
    "phone": "0992 123 456",
    "email": "an@",
    "facebook": "https://www.facebook.com/",
    "zalo": "https://zalo.me/",
    "consent": "hôm qua",
}


def test_every_form_field_has_an_example_and_a_bad_value_here():
    on_form = {f.name for f in CADRE_FIELDS if f.form in (SHARED, WEB)}
    assert on_form == set(BAD_WEB)
    # The unit has none of its own: its messages name the import's scope (a right value).
    assert all(BY_NAME[name].example for name in on_form | set(BAD_CELLS) - {"unit"})


def _others(name):
    return {f.example for f in CADRE_FIELDS if f.example and f.name != name} - {
        BY_NAME[name].example
    }


@pytest.mark.parametrize("name", sorted(BAD_WEB))
def test_the_web_form_says_each_field_s_own_example(levels, name):
    data = {"full_name": "Nguyễn Văn An", "category": CadreCategory.objects.first().pk}
    data[name] = BAD_WEB[name]
    form = CadreForm(data)
    assert not form.is_valid()
    message = form.errors[name][-1]
    assert message.endswith(f"Ví dụ: {BY_NAME[name].example}") or (
        f"ví dụ {BY_NAME[name].example}" in message
    ), message
    assert not any(other in message for other in _others(name) if len(other) > 4), message
    assert len(message) <= SHORT, message


@pytest.mark.parametrize(
    "key,bad", [("facebook_profile", "https://zalo.me/0912345678"), ("zalo", "https://zalo.me/")]
)
def test_the_account_form_gives_the_example_of_the_chosen_platform(levels, key, bad):
    platform = Platform.objects.get(key=key)
    form = SocialAccountForm({"platform": platform.pk, "link": bad}, for_cadre=True)
    assert not form.is_valid()
    (message,) = form.errors["link"]
    mine, other = (
        NETWORK_EXAMPLES[platform.network],
        NETWORK_EXAMPLES["zalo" if platform.network == "facebook" else "facebook"],
    )
    assert message.endswith(f"Ví dụ: {mine}") and other not in message, message
    assert len(message) <= SHORT


def test_each_rejected_cell_of_an_import_says_its_own_example(tree):
    header = [f.header for f in CADRE_FIELDS if f.header]
    names = [f.name for f in CADRE_FIELDS if f.header]
    good = {
        "unit": "Xã An Một",
        "full_name": "Hoàng Văn Thử",
        "category": "Cán bộ chuyên trách",
    }
    rows = []
    for name, bad in BAD_CELLS.items():
        cells = {**good, name: bad}
        rows.append([cells.get(n, "") for n in names])
    data = write_book({"Cán bộ": [header, *rows]})
    plan = plan_import(data=data, filename="cb.xlsx", unit=tree["district_a"])
    by_column = {}
    for rejection in plan.rejections:
        by_column.setdefault(rejection.column, []).append(rejection.reason)
    (reason,) = by_column[BY_NAME["unit"].header]
    assert "Xã Không Có" in reason and tree["district_a"].name in reason, reason
    for name in set(BAD_CELLS) - {"unit"}:
        (reason,) = by_column[BY_NAME[name].header]
        example = BY_NAME[name].example
        assert reason.endswith(f"Ví dụ: {example}") or f"ví dụ {example}" in reason, reason
        assert len(reason) <= SHORT, reason
    assert "facebook" not in by_column[BY_NAME["zalo"].header][0].lower()
