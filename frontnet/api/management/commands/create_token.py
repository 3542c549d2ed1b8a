from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from frontnet.api.services import token_create
from frontnet.audit.models import Channel


class Command(BaseCommand):
    help = "Tạo mã truy cập API cho một người dùng và in nó ra (chỉ một lần)."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="tên đăng nhập")
        parser.add_argument("--expires-days", type=int, default=None)
        parser.add_argument("--name", default="Dòng lệnh")

    def handle(self, *args, **options):
        try:
            user = get_user_model().objects.get(username=options["user"], is_active=True)
        except get_user_model().DoesNotExist:
            raise CommandError(f"Không có người dùng “{options['user']}” đang hoạt động.") from None
        try:
            _token, text = token_create(
                user=user,
                name=options["name"],
                expires_days=options["expires_days"],
                by=None,
                channel=Channel.COMMAND,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(text)
