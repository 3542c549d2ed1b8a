"""Every main page, in English, as each demo role: no Vietnamese text but the users' own data.

A word with a Vietnamese letter (ă, â, đ, ê, ô, ơ, ư or a tone mark) that no stored record
holds is interface text that missed the catalogue. What users typed (unit, cadre and page
names, threads, a criterion the province named) is data and stays as typed; what the app
wrote or seeded (score lines, notifications, the history's own words, the seeded lists,
criteria and targets) must read in English. Text marked `lang="vi"` is Vietnamese on
purpose (the official name a page must carry, a sheet's name in the Vietnamese workbook).
"""

import datetime as dt
import importlib
import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.urls import reverse

from frontnet.accounts.models import AreaAssignment
from frontnet.cadres.models import Cadre, Platform
from frontnet.pages.models import CommunityPage
from frontnet.pages.services import page_register, page_return
from frontnet.scoring.services import period_publish, scores_compute
from frontnet.scoring.tests.conftest import criteria  # noqa: F401
from frontnet.support.models import Topic
from frontnet.support.services import thread_open
from tests.browser.conftest import province_story, seeded_targets  # noqa: F401

pytestmark = pytest.mark.django_db

VIETNAMESE = re.compile(r"[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]")
WORD = re.compile(r"\w+")
# Vietnamese on purpose inside English sentences: an example of a page's official name, and the
# name of a sheet of the Vietnamese workbook.
QUOTED_VIETNAMESE = ["“Mặt trận huyện Nghi Lộc tỉnh Nghệ An”", "“Hiệu quả trang”"]
# The provinces the seeded letters come from: proper names in any language.
PROPER_NAMES = {"nghệ", "định"}
ROLES = ["tinh", "chuyenvien1", "chuyenvien2", "huyen", "xa", "xem"]

# Written or seeded by the app: their text is interface, not data.
APP_TEXT_MODELS = {
    "scoring.scoreline",
    "scoring.period",
    "scoring.score",
    "notifications.notification",
    "audit.auditentry",
    "units.level",
    "cadres.cadrecategory",
    "cadres.platform",
    "pages.namingrule",
    "support.topic",
}


def _seeded_codes(module: str, name: str) -> set[str]:
    return {row[0] for row in getattr(importlib.import_module(module), name)}


def user_data_words() -> set[str]:
    seeded = {
        "scoring.criterion": _seeded_codes(
            "frontnet.scoring.migrations.0002_seed_criteria", "CRITERIA"
        ),
    }
    words = set()
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in APP_TEXT_MODELS:
            continue
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if f.get_internal_type() in ("CharField", "TextField", "SlugField")
        ]
        if not fields:
            continue
        rows = model._default_manager.all()
        if label in seeded:
            rows = rows.exclude(code__in=seeded[label])
        if label == "monitoring.target":
            rows = rows.exclude(root__isnull=True)  # the seeded targets of every province
        for values in rows.values_list(*fields):
            for value in values:
                words.update(w.casefold() for w in WORD.findall(str(value or "")))
    return words


class _Text(HTMLParser):
    """The text a reader sees or hears: text nodes and the attributes read out, outside
    scripts, styles and elements marked lang="vi"."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self):
        super().__init__()
        self.parts, self.stack = [], []

    def _hidden(self):
        return any(tag in ("script", "style") or vi for tag, vi in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        vi = (attrs.get("lang") or "").startswith("vi") and tag != "html"
        if not self._hidden() and not vi:
            for name in ("title", "placeholder", "aria-label", "alt", "data-label"):
                if attrs.get(name):
                    self.parts.append(attrs[name])
            if tag == "input" and attrs.get("type") in ("submit", "button"):
                self.parts.append(attrs.get("value") or "")
        if tag not in self.VOID:
            self.stack.append((tag, vi))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not self._hidden():
            self.parts.append(data)


def vietnamese_ui(html: str, known: set[str]) -> list[str]:
    parser = _Text()
    parser.feed(html)
    found = []
    for part in parser.parts:
        for quoted in QUOTED_VIETNAMESE:
            part = part.replace(quoted, "")
        for line in part.splitlines():
            words = [w for w in WORD.findall(line) if VIETNAMESE.search(w.casefold())]
            if any(w.casefold() not in known for w in words):
                found.append(line.strip())
    return found


@pytest.fixture
def english_story(tree, users, seeded_targets, province_story, criteria):  # noqa: F811
    """The browser tests' province, scored and published for January 2022, with a page named
    against the convention, a returned page, a difficulty and a second area for chuyenvien1."""
    AreaAssignment.objects.create(
        user=users["chuyenvien1"], unit=tree["district_b"], valid_from=dt.date(2020, 1, 1)
    )
    page = page_register(
        unit=tree["commune_a2"],
        by=users["tinh"],
        platform=Platform.objects.get(key="facebook_page"),
        name="MTTQ xa An Hai",
        link="https://www.facebook.com/mttq.anhai",
    )
    page_return(
        page=province_story["pages"]["commune_a1"], by=users["huyen"], reason="Sửa liên kết"
    )
    period = scores_compute(
        province=tree["province"], kind="month", start=dt.date(2022, 1, 1), by=users["tinh"]
    )
    period_publish(period=period, by=users["tinh"])
    thread_open(
        unit=tree["commune_a1"],
        topic=Topic.objects.first(),
        title="Không mở được biểu mẫu",
        text="Máy tính của xã báo lỗi",
        by=users["xa"],
    )
    return {"page": page, "cadre": Cadre.objects.filter(unit=tree["commune_a1"]).first()}


def main_pages(tree, story) -> list[str]:
    province, district, commune = tree["province"], tree["district_a"], tree["commune_a1"]
    page = CommunityPage.objects.filter(unit=commune).first()
    urls = [reverse("home"), reverse("areas_dashboard")]
    for unit in (province, district, commune):
        urls += [
            reverse("unit_detail", args=[unit.pk]),
            reverse("unit_dashboard", args=[unit.pk]),
            reverse("cadre_list", args=[unit.pk]),
            reverse("page_list", args=[unit.pk]),
            reverse("batch_upload", args=[unit.pk]),
            reverse("batch_list", args=[unit.pk]),
            reverse("unit_scores", args=[unit.pk]) + "?period=2022-01",
            reverse("unit_page_stats", args=[unit.pk]),
            reverse("user_list", args=[unit.pk]),
        ]
    urls += [
        reverse("unit_children", args=[province.pk]),
        reverse("cadre_detail", args=[story["cadre"].pk]),
        reverse("cadre_add", args=[commune.pk]),
        reverse("page_detail", args=[page.pk]),
        reverse("page_detail", args=[story["page"].pk]),
        reverse("page_add", args=[commune.pk]),
        reverse("page_review_queue"),
        reverse("target_list", args=[province.pk]),
        reverse("criteria_list", args=[province.pk]),
        reverse("support_inbox"),
        reverse("support_office"),
        reverse("guidance_list"),
        reverse("examples_page"),
        reverse("campaign_list"),
        reverse("privacy_home", args=[province.pk]),
        reverse("notification_list"),
        reverse("profile"),
        reverse("token_list"),
    ]
    return urls


def test_every_main_page_reads_in_english_for_every_role(client, users, tree, english_story):
    known = user_data_words() | PROPER_NAMES
    found: dict[str, list[str]] = {}
    opened = 0
    for role in ROLES:
        client.force_login(users[role])
        client.cookies["django_language"] = "en"
        for url in main_pages(tree, english_story):
            response = client.get(url, follow=True)
            if response.status_code != 200 or "html" not in response["Content-Type"]:
                continue
            opened += 1
            for line in vietnamese_ui(response.content.decode(), known):
                found.setdefault(line, []).append(f"{role} {url}")
    assert opened > 100
    assert found == {}, "\n".join(f"{line!r}: {where[:2]}" for line, where in found.items())


def test_the_detector_sees_interface_text_and_spares_data():
    known = {"xã", "an", "một"}
    html = (
        '<main><h1>Xã An Một</h1><p title="Chưa có">Dashboard</p>'
        '<dd lang="vi">Mặt trận xã An Một</dd><script>var a = "đã";</script></main>'
    )
    assert vietnamese_ui(html, known) == ["Chưa có"]


def test_a_score_line_reads_in_the_readers_language_and_an_old_one_as_stored(
    tree,
    users,
    province_story,  # noqa: F811
    criteria,  # noqa: F811
):
    from django.utils import translation

    from frontnet.scoring.models import ScoreLine

    scores_compute(
        province=tree["province"], kind="month", start=dt.date(2022, 1, 1), by=users["tinh"]
    )
    line = ScoreLine.objects.get(score__unit=tree["commune_a1"], criterion=criteria["accounts"])
    # Stored whole in Vietnamese for the signed report, whoever computed it.
    assert line.value_text == "66,67% (2/3 cán bộ)"
    with translation.override("en"):
        assert line.value_display == "66.67% (2/3 cadres)"
        assert line.rule_display.startswith("50% or less: 0 points; 100% reached: 40 points")
    ScoreLine.objects.filter(pk=line.pk).update(texts={})  # a line stored before the keys
    line.refresh_from_db()
    with translation.override("en"):
        assert line.value_display == "66,67% (2/3 cán bộ)"


def test_naming_check_reasons_read_in_english(client_for, tree):
    client = client_for("xa")
    client.cookies["django_language"] = "en"
    html = client.get(
        reverse("page_name_check", args=[tree["commune_a1"].pk]), {"name": "MTTQ xa An Mot"}
    ).content.decode()
    assert "Abbreviation “MTTQ”: the convention writes it in full, “Mặt trận”." in html
    assert "Viết tắt" not in html


def test_a_page_state_in_a_score_line_is_kept_as_its_key(tree, users, levels):
    """A lazy label (the page's state) is kept as its msgid, so the line can be stored."""
    import json

    from django.utils import translation

    from frontnet.monitoring.measures import PAGE_STATE_LABELS
    from frontnet.scoring import texts

    pieces = [texts.piece("%(state)s", state=texts.label(PAGE_STATE_LABELS["registered"]))]
    assert json.loads(json.dumps(pieces)) == [["%(state)s", {"state": {"t": "Chưa báo cáo"}}]]
    with translation.override("en"):
        assert texts.render(pieces) == str(PAGE_STATE_LABELS["registered"])
