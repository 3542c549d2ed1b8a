from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from frontnet.reports.scoring_reports import scores_docx, scores_xlsx
from frontnet.scoring.selectors import period_visible, scoreboard
from frontnet.units.access import province_of
from frontnet.units.commands import command_unit, command_user


def period_day(text: str):
    """The last day of the period (or today, if sooner); None when the text is no period
    (the period lookup below says why)."""
    from django.core.exceptions import ValidationError

    from frontnet.scoring.periods import period_end, period_parse

    try:
        kind, start = period_parse(text)
    except ValidationError:
        return None
    return min(period_end(kind, start), timezone.localdate())


class Command(BaseCommand):
    help = "Xuất báo cáo kết quả thi đua của một đơn vị (DOCX để ký, hoặc bảng XLSX)."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="Mã hoặc tên đơn vị.")
        parser.add_argument("--period", required=True, help="YYYY-MM (tháng) hoặc YYYY (năm).")
        parser.add_argument("--format", dest="fmt", choices=["docx", "xlsx"], default="docx")
        parser.add_argument("-o", "--output", required=True, help="Tệp ghi ra.")
        parser.add_argument("--signer", default="", help="Họ tên người ký.")
        parser.add_argument(
            "--as", dest="username", default=None, help="Người dùng (mặc định: toàn quyền)."
        )

    def handle(self, *args, unit, period, fmt, output, signer, username, **options):
        user = command_user(username)
        # The unit valid at the end of the period (a 2022 period names the legacy unit).
        target = command_unit(user, unit, day=period_day(period))
        found = period_visible(user, province_of(unit=target), period)
        if found is None:
            raise CommandError(f"Chưa có kết quả thi đua kỳ “{period}” (chạy compute_scores).")
        board = scoreboard(user, target, found)
        if fmt == "docx":
            data = scores_docx(board, day=timezone.localdate(), signer_name=signer)
        else:
            data = scores_xlsx(board)
        Path(output).write_bytes(data)
        self.stdout.write(f"{output}: {found.label}, {len(board.scores)} đơn vị.")
