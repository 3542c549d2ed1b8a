from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from frontnet.audit.models import Channel
from frontnet.scoring.periods import period_end, period_parse
from frontnet.scoring.services import scores_compute
from frontnet.units.access import user_manages_province
from frontnet.units.commands import command_unit, command_user
from frontnet.units.models import Unit


class Command(BaseCommand):
    help = (
        "Chấm điểm thi đua mọi đơn vị của tỉnh cho một tháng (--period 2022-01) hoặc cả năm "
        "(--period 2022), theo số liệu đến ngày cuối kỳ. Kỳ đã công bố không tính lại."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="YYYY-MM (tháng) hoặc YYYY (năm).")
        parser.add_argument(
            "--province", default=None, help="Mã hoặc tên tỉnh (mặc định: mọi tỉnh)."
        )
        parser.add_argument(
            "--as", dest="username", default=None, help="Người thực hiện (mặc định: toàn quyền)."
        )

    def handle(self, *args, period, province, username, **options):
        user = command_user(username)
        try:
            kind, start = period_parse(period)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        # The provinces valid at the end of the period: a 2022 month is the legacy province's.
        day = min(period_end(kind, start), timezone.localdate())
        if province:
            provinces = [command_unit(user, province, day=day)]
        else:
            provinces = list(
                Unit.objects.filter(parent__isnull=True).valid_on(day).order_by("name")
            )
        for unit in provinces:
            if not user_manages_province(user=user, province=unit):
                raise CommandError(f"{user.username} không được chấm điểm {unit.name}.")
            try:
                done = scores_compute(
                    province=unit, kind=kind, start=start, by=user, channel=Channel.COMMAND
                )
            except ValidationError as error:
                raise CommandError(f"{unit.name}: {' '.join(error.messages)}") from None
            self.stdout.write(f"{unit.name}: {done.label}, {done.scores.count()} đơn vị.")
