import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from frontnet.audit.models import Channel
from frontnet.core.sheets import UnreadableFile
from frontnet.pagestats import services
from frontnet.units.commands import add_import_arguments, command_file, command_unit, command_user


class Command(BaseCommand):
    help = (
        "Kiểm tra (và với --commit thì ghi) một tệp số liệu trang: tệp bài viết hoặc chỉ số "
        "xuất từ Meta Business Suite, hoặc trang “Hiệu quả trang” của biểu mẫu."
    )

    def add_arguments(self, parser):
        add_import_arguments(parser, unit=True)
        parser.add_argument("--page", type=int, default=None, help="Mã (id) trang cộng đồng.")
        parser.add_argument("--exported-on", dest="exported_on", default=None, help="YYYY-MM-DD.")
        parser.add_argument("--commit", action="store_true", help="Ghi các dòng hợp lệ.")

    def handle(self, *args, file, unit, username, page, exported_on, commit, **options):
        user = command_user(username, required=True, returncode=2)
        target = command_unit(user, unit, returncode=2)
        path = command_file(file, returncode=2)
        chosen = None
        if page is not None:
            chosen = services.pages_for_upload(user=user, unit=target).filter(pk=page).first()
            if chosen is None:
                raise CommandError(f"Không có trang {page} trong phạm vi.", returncode=2)
        try:
            day = dt.date.fromisoformat(exported_on) if exported_on else None
        except ValueError:
            raise CommandError(f"Ngày “{exported_on}” không đúng dạng YYYY-MM-DD.") from None
        try:
            plan = services.stats_plan(
                data=path.read_bytes(),
                filename=path.name,
                user=user,
                unit=target,
                page=chosen,
                exported_on=day,
            )
        except UnreadableFile as exc:
            raise CommandError(str(exc), returncode=2) from None
        if plan.missing:
            raise CommandError(
                f"Tệp “{path.name}” có cột không nhận ra; hãy tải lên trên web để ghép cột một lần.",
                returncode=2,
            )
        if plan.needs_page:
            raise CommandError(f"Tệp “{path.name}” không ghi trang nào: thêm --page.", returncode=2)
        for message in plan.messages():
            self.stderr.write(message)
        if commit:
            services.stats_apply(plan=plan, by=user, channel=Channel.COMMAND)
        self.stdout.write(plan.summary())
