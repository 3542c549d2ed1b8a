import datetime as dt
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404
from django.utils import timezone

from frontnet.audit.models import Channel
from frontnet.cadres.selectors import cadre_get_for_user
from frontnet.privacy import exporting, services
from frontnet.units.commands import command_user


class Command(BaseCommand):
    help = (
        "Dữ liệu cá nhân: retention (ẩn danh cán bộ đã kết thúc quá thời hạn lưu giữ, chạy hằng "
        "ngày), erase (ẩn danh một cán bộ), export (xuất toàn bộ dữ liệu của một cán bộ)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        retention = sub.add_parser("retention")
        retention.add_argument("--today", type=dt.date.fromisoformat, default=None)
        retention.add_argument("--dry-run", action="store_true")
        for name in ("erase", "export"):
            one = sub.add_parser(name)
            one.add_argument("--cadre", type=int, required=True)
            one.add_argument("--as", dest="username", required=True)
            if name == "export":
                one.add_argument("-o", dest="output", required=True)
                one.add_argument("--reason", default="")

    def handle(self, *args, action, **options):
        if action == "retention":
            today = options["today"] or timezone.localdate()
            done = services.retention_run(today=today, dry_run=options["dry_run"])
            verb = "due" if options["dry_run"] else "anonymised"
            self.stdout.write(f"{verb}={len(done)}")
            return
        user = command_user(options["username"], required=True, returncode=2)
        try:
            cadre = cadre_get_for_user(user, options["cadre"])
        except Http404:
            raise CommandError(
                f"Không thấy cán bộ #{options['cadre']} trong phạm vi của {user.username}.",
                returncode=2,
            ) from None
        try:
            if action == "erase":
                services.cadre_erase(cadre=cadre, by=user, channel=Channel.COMMAND)
                self.stdout.write(f"erased={cadre.pk}")
                return
            data = services.subject_data(
                cadre=cadre, by=user, channel=Channel.COMMAND, reason=options["reason"]
            )
        except PermissionDenied:
            raise CommandError(
                f"{user.username} không phải cán bộ bảo vệ dữ liệu cá nhân của tỉnh.", returncode=2
            ) from None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages), returncode=2) from None
        path = Path(options["output"])
        body = (
            exporting.subject_json(data) if path.suffix == ".json" else exporting.subject_xlsx(data)
        )
        path.write_bytes(body)
        self.stdout.write(f"exported={cadre.pk} -> {path}")
