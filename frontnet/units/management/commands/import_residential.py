from django.core.management.base import BaseCommand, CommandError

from frontnet.audit.models import Channel
from frontnet.units.access import scope_roots
from frontnet.units.commands import add_import_arguments, command_file, command_user
from frontnet.units.services import residential_committees_import


class Command(BaseCommand):
    help = "Nạp danh sách Ban công tác Mặt trận từ tệp (cột: Tên, Mã xã)."

    def add_arguments(self, parser):
        add_import_arguments(parser)

    def handle(self, *args, file, username, **options):
        user = command_user(username, required=True)
        path = command_file(file)
        result = residential_committees_import(
            data=path.read_bytes(),
            filename=path.name,
            within=scope_roots(user=user, history=False),
            by=user,
            channel=Channel.COMMAND,
        )
        for error in result.errors:
            self.stderr.write(str(error))
        self.stdout.write(
            f"created={result.created} unchanged={result.unchanged} rejected={len(result.errors)}"
        )
        if result.errors:
            raise CommandError("Không nạp dòng nào vì tệp có lỗi.", returncode=2)
