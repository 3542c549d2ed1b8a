from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from frontnet.reform.plan import NoNewTree, build_plan
from frontnet.reform.selectors import pages_to_rename
from frontnet.reform.services import (
    Undecided,
    decisions_read,
    decisions_save,
    decisions_workbook,
    reform_commit,
)
from frontnet.units.commands import command_user
from frontnet.units.models import Scheme, Unit


class Command(BaseCommand):
    help = (
        "Chuyển cán bộ, trang, tài khoản và ban công tác Mặt trận của một tỉnh từ danh mục 3 cấp "
        "sang danh mục 2025 (2 cấp). Không có --commit: chỉ xem trước. In "
        "cadres=N pages=N users=N residential=N undecided=N."
    )

    def add_arguments(self, parser):
        parser.add_argument("--province", required=True, help="Mã tỉnh theo danh mục 2025.")
        parser.add_argument("--decisions", default=None, help="Tệp quyết định (xlsx, ods, csv).")
        parser.add_argument("--commit", action="store_true", help="Thực hiện (ghi dữ liệu).")
        parser.add_argument(
            "--use-defaults",
            dest="use_defaults",
            action="store_true",
            help="Dùng lựa chọn mặc định cho câu hỏi chưa quyết định.",
        )
        parser.add_argument(
            "--questions", default=None, help="Ghi các câu hỏi ra tệp xlsx để điền quyết định."
        )
        parser.add_argument(
            "--as", dest="username", default=None, help="Người thực hiện (mặc định: toàn quyền)."
        )

    def handle(self, *args, province, decisions, commit, use_defaults, questions, username, **o):
        user = command_user(username)
        by = user if user.pk else None
        root = Unit.objects.filter(
            parent__isnull=True, scheme=Scheme.REFORM_2025, code=str(province).strip().lstrip("0")
        ).first()
        if root is None:
            raise CommandError(
                f"Không có tỉnh mã “{province}” theo danh mục 2025 "
                f"(chạy load_units --province {province} --shape 2025 trước)."
            )
        try:
            plan = build_plan(root)
        except NoNewTree as exc:
            raise CommandError(str(exc)) from None
        if decisions:
            path = Path(decisions)
            if not path.is_file():
                raise CommandError(f"Không đọc được tệp “{decisions}”.", returncode=2)
            read = decisions_read(plan=plan, data=path.read_bytes(), filename=path.name)
            if read.errors:
                for error in read.errors:
                    self.stderr.write(str(error))
                raise CommandError(f"Tệp quyết định có {len(read.errors)} lỗi.", returncode=2)
            if commit:
                try:
                    decisions_save(plan=plan, decisions=read.decisions, by=by, channel="command")
                except PermissionDenied:
                    raise CommandError(f"{user.username} không quản trị {root.name}.") from None
            else:
                plan = build_plan(root, decisions=read.decisions)
        if questions:
            Path(questions).write_bytes(decisions_workbook(plan))
        self.stdout.write(plan.summary())
        undecided = plan.undecided()
        if not commit:
            for q in undecided:
                self.stdout.write(f"  {q.key}: {q.label} (mặc định: {q.option_label(q.default)})")
            return
        if undecided and not use_defaults:
            for q in undecided:
                self.stderr.write(f"  {q.key}: {q.label} (mặc định: {q.option_label(q.default)})")
            raise CommandError(
                f"Còn {len(undecided)} câu hỏi chưa quyết định: dùng --decisions hoặc "
                "--use-defaults.",
                returncode=2,
            )
        try:
            result = reform_commit(plan=plan, by=by, use_defaults=use_defaults)
        except Undecided as exc:
            raise CommandError(str(exc), returncode=2) from None
        except PermissionDenied:
            raise CommandError(f"{user.username} không quản trị {root.name}.") from None
        self.stdout.write(f"Đã chuyển: {result}")
        self.stdout.write("  " + " ".join(f"{k}={v}" for k, v in result.movers.items()))
        rename = pages_to_rename(root).count()
        if rename:
            self.stdout.write(
                f"  {rename} trang cần đổi tên theo quy định 2025 (xem trang Sắp xếp 2025)."
            )
