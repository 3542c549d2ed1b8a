from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from frontnet.accounts.bulk import commit_accounts, plan_accounts
from frontnet.audit.models import Channel
from frontnet.units.commands import add_import_arguments, command_file, command_user


class Command(BaseCommand):
    help = (
        "Tạo/cập nhật tài khoản từ bảng tính (cột: Họ và tên, Đơn vị, Vai trò, Điện thoại, "
        "Email, Tên đăng nhập). Không có --commit: chỉ kiểm tra và xem trước."
    )

    def add_arguments(self, parser):
        add_import_arguments(parser)
        parser.add_argument("--commit", action="store_true", help="Ghi các dòng hợp lệ.")

    def handle(self, *args, file, username, commit, **options):
        user = command_user(username, required=True)
        path = command_file(file, returncode=2)
        plan = plan_accounts(data=path.read_bytes(), filename=path.name, by=user)
        if plan.unreadable:
            raise CommandError(plan.unreadable, returncode=2)
        for error in plan.errors:
            self.stderr.write(str(error))
        if commit:
            try:
                commit_accounts(plan=plan, by=user, channel=Channel.COMMAND)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
        else:
            self.stderr.write("Xem trước: chưa ghi gì (thêm --commit để ghi các dòng hợp lệ).")
        self.stdout.write(plan.summary)
