"""Demo of the working loop (issue 14): difficulties in every state with replies, two
guidance entries, an example unit, two campaigns with shares (in `xa`'s commune with the
cadres who shared or commented each post) and a target on them.

Signature of a `frontnet.demo.build.DEMO_STEPS` step (rng, province, result); run again, it
finds its threads already there and adds nothing.
"""

import datetime as dt

from django.utils import timezone

from frontnet.accounts.models import User
from frontnet.campaigns import services as campaigns
from frontnet.campaigns.models import Campaign
from frontnet.campaigns.selectors import addressed_units, unit_cadres
from frontnet.monitoring.models import Measure, Target
from frontnet.support import services as support
from frontnet.support.models import Thread
from frontnet.support.selectors import topics_of
from frontnet.units.access import in_scope
from frontnet.units.models import Level

THREADS = [
    # (days ago, topic, title, text, [(days ago, who, reply)], then: action by whom)
    (
        9,
        "Đặt tên trang",
        "Trang của xã bị báo sai tên",
        "Tên trang đã theo mẫu nhưng hệ thống vẫn báo sai quy ước.",
        [(8, "chuyenvien1", "Tên trang cần đủ: Mặt trận xã … huyện … tỉnh …, viết đúng dấu.")],
        ("solve", "xa"),
    ),
    (
        6,
        "Biểu mẫu",
        "Không tải được biểu mẫu lên",
        "Tệp báo lỗi cột Số điện thoại ở dòng 12.",
        [(5, "chuyenvien1", "Số điện thoại cần đủ 10 số; sửa dòng 12 rồi tải lại.")],
        None,
    ),
    (
        4,
        "Tài khoản",
        "Quên mật khẩu tài khoản xã",
        "Cán bộ mới không đăng nhập được.",
        [],
        ("take", "chuyenvien1"),
    ),
    (5, "Lập trang", "Cách lập trang Zalo OA cho xã", "Xã chưa biết đăng ký Zalo OA.", [], None),
    (
        12,
        "Đề nghị Đoàn Thanh niên hỗ trợ",
        "Đề nghị Đoàn Thanh niên hỗ trợ lập trang",
        "Xã cần đoàn viên hỗ trợ chụp ảnh, đăng bài.",
        [(11, "chuyenvien1", "Đã liên hệ Huyện đoàn, tuần sau có đoàn viên về xã.")],
        ("solve", "xa"),
    ),
]


def demo_loop(*, province, rng=None, result=None, today=None) -> None:
    xa = User.objects.filter(username="xa", is_active=True).first()
    if xa is None or Thread.objects.filter(unit__path__startswith=province.path).exists():
        return
    users = {u.username: u for u in User.objects.filter(is_active=True)}
    tinh, specialist = users["tinh"], users["chuyenvien1"]
    now = timezone.now()

    def ago(days):
        return now - dt.timedelta(days=days)

    topics = {t.name: t for t in topics_of(province)}  # the province's list
    threads = []
    for days, topic, title, text, replies, then in THREADS:
        thread = support.thread_open(
            unit=xa.unit, topic=topics[topic], title=title, text=text, by=xa, now=ago(days)
        )
        for reply_days, who, reply in replies:
            support.thread_reply(thread=thread, text=reply, by=users[who], now=ago(reply_days))
        if then:
            support.thread_transition(thread=thread, action=then[0], by=users[then[1]])
        threads.append(thread)
    # The asker came back to the last one: reopened.
    support.thread_transition(thread=threads[-1], action="reopen", by=xa)
    support.flag_stale_threads(today=(today or timezone.localdate()))

    support.guidance_publish(
        unit=province,
        topic=topics["Đặt tên trang"],
        title="Cách đặt tên trang cộng đồng",
        text="Tên trang theo mẫu: Mặt trận xã … huyện … tỉnh …, viết đủ dấu; không viết tắt "
        "MTTQ. Kiểm tra tên trên trang của đơn vị trước khi báo cáo.",
        by=tinh,
        thread=threads[0],
    )
    # The district the specialist follows (legacy shape), else the commune (2025: no district).
    area = xa.unit.parent if in_scope(user=specialist, unit=xa.unit.parent) else xa.unit
    support.guidance_publish(
        unit=area,
        topic=topics["Biểu mẫu"],
        title="Điền số điện thoại trong biểu mẫu",
        text="Ghi đủ 10 số, có thể có dấu cách (0912 345 678); không ghi hai số trong một ô.",
        by=specialist,
        thread=threads[1],
    )
    support.example_mark(
        unit=xa.unit,
        starts_on=(today or timezone.localdate()).replace(day=1),
        note="Trang cộng đồng đúng tên, biểu mẫu điền đủ, cán bộ theo dõi đủ các kênh của tỉnh.",
        by=tinh,
    )
    _campaigns(province, tinh, xa, users, today or timezone.localdate())


def _campaigns(province, tinh, xa, users, today):
    if Campaign.objects.filter(province=province).exists():
        return
    commune = Level.objects.get(key="commune")
    first = campaigns.campaign_create(
        province=province,
        name="Tháng cao điểm tuyên truyền Đại hội",
        levels=[commune],
        starts_on=today - dt.timedelta(days=20),
        ends_on=today + dt.timedelta(days=10),
        description="Chia sẻ các bài của Mặt trận tỉnh về Đại hội đại biểu các cấp.",
        items=[
            ("Thông báo Đại hội", "page", "https://www.facebook.com/mattrantinhnghean/posts/1001"),
            ("Phóng sự Đại hội", "page", "https://www.facebook.com/mattrantinhnghean/posts/1002"),
            ("Tin trên cổng thông tin", "website", "https://mattrannghean.vn/tin/dai-hoi"),
        ],
        by=tinh,
    )
    items = list(first.items.all())
    units = [xa.unit, *addressed_units(first).exclude(pk=xa.unit_id)[:11]]
    # xa's commune also names its cadres who shared or commented each post.
    people = list(unit_cadres(xa, xa.unit)[:8])
    for n, unit in enumerate(units):
        by = xa if unit.pk == xa.unit_id else tinh  # the office enters what others phoned in
        for i, item in enumerate(items[: (3, 2, 1, 0)[n % 4]]):
            named = (
                {"shared": people[i : i + 3], "commented": people[i + 3 : i + 5]}
                if unit.pk == xa.unit_id
                else {}
            )
            campaigns.share_report(
                item=item,
                unit=unit,
                post_link=f"https://www.facebook.com/mt{unit.pk}/posts/{item.pk}",
                cadres_shared=3 + n % 5,
                by=by,
                **named,
            )
    # A target on the campaigns, so the dashboard shows one (each commune: at least 2 posts).
    Target.objects.get_or_create(
        name="Đợt cao điểm: 60% đơn vị cấp xã chia sẻ ít nhất 2 bài của tỉnh",
        root=province,
        defaults={
            "measure": Measure.CAMPAIGN_SHARED,
            "level": commune,
            "threshold": 60,
            "unit_threshold": 2,
            "start": first.starts_on,
            "deadline": first.ends_on,
            "source": "Kế hoạch đợt cao điểm (dữ liệu mẫu)",
        },
    )
    district = Level.objects.filter(key="district").first()
    second = campaigns.campaign_create(
        province=province,
        name="Ngày hội Đại đoàn kết toàn dân tộc",
        levels=[district or commune],
        starts_on=today - dt.timedelta(days=45),
        ends_on=today - dt.timedelta(days=15),
        items=[("Lời kêu gọi Ngày hội", "zalo_oa", "https://zalo.me/mattrannghean")],
        by=tinh,
    )
    for n, unit in enumerate(addressed_units(second, today - dt.timedelta(days=20))[:8]):
        campaigns.share_report(
            item=second.items.get(),
            unit=unit,
            post_link=f"https://www.facebook.com/mt{unit.pk}/posts/9",
            cadres_shared=5 + n,
            by=tinh,
        )
