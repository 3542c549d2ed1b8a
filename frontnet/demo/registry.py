"""Demo registry data: official channels, cadres for every unit, accounts, follows, pages.

Realistic on purpose: some cadres have no account, a few accounts are registered twice,
some pages are named right, some wrong, some not yet reported, some verified or returned.
"""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from frontnet.accounts.models import User
from frontnet.audit.models import Action, AuditEntry, Channel
from frontnet.audit.services import audit_entry
from frontnet.cadres.models import (
    Cadre,
    CadreCategory,
    ChannelFollow,
    OfficialChannel,
    Platform,
    SocialAccount,
)
from frontnet.core.vntext import fold_search
from frontnet.monitoring.models import Measure, Target
from frontnet.pages.models import CommunityPage
from frontnet.pages.selectors import expected_name_for
from frontnet.pages.services import page_register, page_report, page_return, page_verify
from frontnet.units.models import Unit

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Hồ",
]
MALE_MIDDLE = ["Văn", "Hữu", "Đức", "Công", "Minh", "Quang", "Xuân", "Đình"]
FEMALE_MIDDLE = ["Thị", "Thị", "Ngọc", "Thu", "Thanh", "Hồng"]
MALE_GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hải",
    "Hùng",
    "Khánh",
    "Long",
    "Nam",
    "Phong",
    "Quân",
    "Sơn",
    "Thắng",
    "Tuấn",
    "Việt",
]
FEMALE_GIVEN = [
    "Anh",
    "Chi",
    "Dung",
    "Hà",
    "Hằng",
    "Hoa",
    "Hòa",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "Nga",
    "Thảo",
    "Thủy",
    "Yến",
]
POSITIONS = {
    "province": ["Chủ tịch", "Phó Chủ tịch", "Trưởng ban", "Chuyên viên"],
    "district": ["Chủ tịch", "Phó Chủ tịch", "Ủy viên Ban Thường trực", "Cán bộ"],
    "commune": ["Chủ tịch", "Phó Chủ tịch", "Ủy viên", "Cán bộ hợp đồng"],
    "residential": ["Trưởng ban công tác Mặt trận", "Thành viên"],
}
# Mobile prefixes (after the 0) that carriers really use: Viettel, VinaPhone, MobiFone.
# Every number made from them is one `phonenumbers` calls a valid mobile (0992…, which the
# demo once made, is a range that does not exist).
MOBILE_PREFIXES = (
    "86 96 97 98 32 33 34 35 36 37 38 39 88 91 94 81 82 83 84 85 90 93 70 76 77 78 79".split()
)


def demo_phone(number: int) -> str:
    """A distinct real-looking mobile (E.164) for each distinct number below 10**8."""
    prefix = MOBILE_PREFIXES[number % len(MOBILE_PREFIXES)]
    return f"+84{prefix}{number // len(MOBILE_PREFIXES) % 10_000_000:07d}"


CHANNELS = [
    (
        "facebook_page",
        "Fanpage Mặt trận tỉnh Nghệ An",
        "https://www.facebook.com/mattrantinhnghean",
    ),
    ("zalo_oa", "Zalo Mặt trận tỉnh Nghệ An", "https://zalo.me/2150000000000000001"),
    ("website", "Cổng thông tin Mặt trận tỉnh", "https://mattran.nghean.gov.vn"),
]


def _name(rng: random.Random) -> tuple[str, str]:
    if rng.random() < 0.5:
        return f"{rng.choice(SURNAMES)} {rng.choice(MALE_MIDDLE)} {rng.choice(MALE_GIVEN)}", "male"
    return (
        f"{rng.choice(SURNAMES)} {rng.choice(FEMALE_MIDDLE)} {rng.choice(FEMALE_GIVEN)}",
        "female",
    )


@transaction.atomic
def demo_registry(*, rng: random.Random, province: Unit, result) -> None:
    if Cadre.objects.filter(unit__path__startswith=province.path).exists():
        return  # already made: the demo never duplicates
    admin = User.objects.filter(username="tinh").first()
    platforms = {p.key: p for p in Platform.objects.all()}
    channels = []
    for order, (key, name, link) in enumerate(CHANNELS, start=1):
        channel, _created = OfficialChannel.objects.get_or_create(
            province=province,
            canonical=link,
            defaults={"platform": platforms[key], "name": name, "link_raw": link, "order": order},
        )
        channels.append(channel)

    categories = {c.key: c for c in CadreCategory.objects.all()}
    units = list(Unit.objects.filter(path__startswith=province.path).select_related("level"))
    cadres: list[Cadre] = []
    phones = iter(rng.sample(range(10_000_000, 99_999_999), 20_000))
    for unit in units:
        level = unit.level.key
        if level == "residential":
            count, kinds = rng.randint(2, 3), ["residential_member"]
        elif level == "commune":
            count, kinds = (
                rng.randint(4, 7),
                ["full_time", "full_time", "part_time", "contract", "committee_member"],
            )
        else:
            count, kinds = (
                rng.randint(5, 9),
                ["full_time", "full_time", "contract", "committee_member"],
            )
        names = set()  # two people of one name in a unit would need phones to tell apart
        for index in range(count):
            name, gender = _name(rng)
            while name in names:
                name, gender = _name(rng)
            names.add(name)
            phone = demo_phone(next(phones)) if rng.random() < 0.85 else ""
            cadres.append(
                Cadre(
                    unit=unit,
                    full_name=name,
                    search_name=fold_search(name),
                    gender=gender,
                    birth_year=rng.randint(1962, 1998) if rng.random() < 0.8 else None,
                    position=POSITIONS[level][min(index, len(POSITIONS[level]) - 1)],
                    category=categories[rng.choice(kinds)],
                    phone=phone,
                    phone_raw=("0" + phone[3:]) if phone else "",
                    phone_kind="mobile" if phone else "",
                    active_from=dt.date(2021, 1, 1),
                )
            )
    Cadre.objects.bulk_create(cadres, batch_size=1000)

    accounts, follows = [], []
    facebook_links: list[str] = []
    for cadre in cadres:
        roll = rng.random()
        if roll < 0.75:  # three in four are on Facebook
            handle = f"{fold_search(cadre.full_name).replace(' ', '.')}.{cadre.pk}"
            link = f"https://www.facebook.com/{handle}"
            # A few cadres share one account (a unit's clerk registered the same link twice).
            if facebook_links and rng.random() < 0.01:
                link = rng.choice(facebook_links)
            facebook_links.append(link)
            accounts.append(
                SocialAccount(
                    unit=cadre.unit,
                    cadre=cadre,
                    platform=platforms["facebook_profile"],
                    link_raw=link.replace("www.", "m."),
                    canonical=link,
                )
            )
        if cadre.phone and rng.random() < 0.8:
            accounts.append(
                SocialAccount(
                    unit=cadre.unit,
                    cadre=cadre,
                    platform=platforms["zalo"],
                    link_raw=cadre.phone_raw,
                    canonical=f"https://zalo.me/{cadre.phone}",
                    phone=cadre.phone,
                )
            )
        for channel in channels:
            answer = rng.random()
            status = "yes" if answer < 0.6 else "no" if answer < 0.85 else "unknown"
            follows.append(
                ChannelFollow(
                    cadre=cadre,
                    channel=channel,
                    status=status,
                    confirmed_on=dt.date(2021, 12, rng.randint(1, 25)),
                )
            )
    SocialAccount.objects.bulk_create(accounts, batch_size=1000)
    ChannelFollow.objects.bulk_create(follows, batch_size=1000)
    _backdate(rng, cadres, accounts, follows)
    now = timezone.now()
    AuditEntry.objects.bulk_create(
        [
            audit_entry(
                obj=c, by=None, action=Action.CREATE, channel=Channel.COMMAND, at=now, note="demo"
            )
            for c in cadres
        ],
        batch_size=1000,
    )
    _demo_pages(rng, province, platforms["facebook_page"], admin)
    _demo_campaign_target(province)
    result.notes.append(
        f"{len(cadres)} cán bộ, {len(accounts)} tài khoản, {CommunityPage.objects.filter(unit__path__startswith=province.path).count()} trang cộng đồng mẫu."
    )


def _demo_campaign_target(province: Unit) -> None:
    """A target still running today, so the demo dashboard shows one on track or at risk
    beside the 2022 targets that were met or missed."""
    today = timezone.localdate()
    units, cadres = 70, 50  # the title says the rule: a share of units, each with a share
    Target.objects.get_or_create(
        name=f"Đợt cao điểm: {units}% đơn vị cấp xã, mỗi đơn vị {cadres}% cán bộ theo dõi đủ các kênh của tỉnh",
        root=province,
        defaults={
            "measure": Measure.FOLLOWS_ALL,
            "level": province.level.__class__.objects.get(key="commune"),
            "threshold": units,
            "unit_threshold": cadres,
            "start": today - dt.timedelta(days=30),
            "deadline": today + dt.timedelta(days=60),
            "source": "Kế hoạch mẫu của Ban Thường trực (dữ liệu mẫu)",
        },
    )


def _moment(day: dt.date, rng: random.Random) -> dt.datetime:
    return timezone.make_aware(
        dt.datetime.combine(day, dt.time(rng.randint(7, 17), rng.randint(0, 59)))
    )


def _backdate(rng: random.Random, cadres, accounts, follows) -> None:
    """The demo tells the story of early 2022: most cadres reported by the province's
    roll-up of 25/12/2021, the rest and their accounts trickling in over the next months,
    so dashboards "as of" a past date and monthly scores show progress."""
    start = dt.date(2021, 12, 1)
    for cadre in cadres:
        roll = rng.random()
        offset = (
            rng.randint(0, 24)
            if roll < 0.6
            else rng.randint(31, 61)
            if roll < 0.9
            else rng.randint(62, 100)
        )
        cadre.created_at = _moment(start + dt.timedelta(days=offset), rng)
    Cadre.objects.bulk_update(cadres, ["created_at"], batch_size=1000)
    joined = {c.pk: c.created_at for c in cadres}
    for account in accounts:
        account.created_at = joined[account.cadre_id] + dt.timedelta(
            days=rng.choice([0, 0, 5, 20, 45, 80])
        )
    SocialAccount.objects.bulk_update(accounts, ["created_at"], batch_size=1000)
    for follow in follows:
        if follow.status != "unknown":
            follow.confirmed_on = (
                joined[follow.cadre_id] + dt.timedelta(days=rng.randint(0, 70))
            ).date()
    ChannelFollow.objects.bulk_update(follows, ["confirmed_on"], batch_size=1000)


def _backdate_page(rng: random.Random, page: CommunityPage, level: str) -> None:
    """Registered in January 2022, reported a few days later; some districts after the
    31/01 deadline, verified or returned within two weeks."""
    registered = page.created_on
    moments = []
    for event in page.events.order_by("at", "pk"):
        if event.action == "register":
            day = registered
        elif event.action == "report":
            late = level == "district" and rng.random() < 0.25
            day = registered + dt.timedelta(
                days=rng.randint(20, 40) if late else rng.randint(1, 12)
            )
        else:
            day = moments[-1].date() + dt.timedelta(days=rng.randint(1, 14))
        event.at = _moment(day, rng)
        if moments and event.at <= moments[-1]:
            event.at = moments[-1] + dt.timedelta(hours=1)
        moments.append(event.at)
        event.save(update_fields=["at"])
        if event.action == "report":
            page.reported_at = event.at
        if event.action == "verify":
            page.verified_at = event.at
    page.created_at = moments[0] if moments else page.created_at
    page.save(update_fields=["reported_at", "verified_at", "created_at"])


def _demo_pages(rng: random.Random, province: Unit, platform: Platform, admin) -> None:
    """Pages for every district and about half the communes, in every state of the flow."""
    units = (
        Unit.objects.filter(path__startswith=province.path, level__key__in=["district", "commune"])
        .select_related("level", "parent")
        .order_by("path")
    )
    staff = {u.unit_id: u for u in User.objects.filter(unit__path__startswith=province.path)}
    for unit in units:
        if unit.level.key == "commune" and rng.random() < 0.25:
            continue  # no page yet
        expected = expected_name_for(unit)
        roll = rng.random()
        if roll < 0.55:
            name = expected
        elif roll < 0.7:
            name = expected.lower()  # right except for form
        elif roll < 0.8:
            name = expected.replace("Mặt trận", "MTTQ", 1)
        elif roll < 0.9:
            name = expected.replace("Mặt trận", "Mặt trận Tổ quốc", 1)
        else:
            name = expected.rsplit(" tỉnh ", 1)[0]  # province missing
        manager = unit.cadres.order_by("pk").first()
        by = staff.get(unit.pk) or admin
        page = page_register(
            unit=unit,
            platform=platform,
            name=name,
            link=f"https://www.facebook.com/mattran.{unit.search_name.replace(' ', '')}.{unit.pk}",
            by=by,
            manager=manager,
            created_on=dt.date(2022, 1, rng.randint(3, 20))
            if unit.level.key == "district"
            else dt.date(2022, rng.randint(1, 3), rng.randint(1, 20)),
            channel=Channel.COMMAND,
        )
        state = rng.random()
        if state >= 0.2:
            # Reported by the unit's own staff (or, with none, by the command): the province
            # administrator who answers below never checks their own report.
            page_report(page=page, by=staff.get(unit.pk), channel=Channel.COMMAND)
            if state >= 0.45:  # else still waiting for the level above
                if page.name_verdict == "mismatch":
                    reason = f"Đề nghị đổi tên trang thành “{page.expected_name}”."
                    page_return(page=page, by=admin, reason=reason, channel=Channel.COMMAND)
                else:
                    page_verify(page=page, by=admin, channel=Channel.COMMAND)
        _backdate_page(rng, page, unit.level.key)
