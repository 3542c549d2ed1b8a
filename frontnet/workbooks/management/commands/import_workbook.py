from django.core.management.base import BaseCommand, CommandError

from frontnet.audit.models import Channel
from frontnet.units.commands import add_import_arguments, command_file, command_unit, command_user
from frontnet.workbooks.importing import UnreadableFile, plan_import
from frontnet.workbooks.services import column_mappings_for, plan_apply_locked


class Command(BaseCommand):
    help = "Kiểm tra (và với --commit thì ghi) một biểu mẫu đã điền của một đơn vị."

    def add_arguments(self, parser):
        add_import_arguments(parser, unit=True)
        parser.add_argument("--commit", action="store_true", help="Ghi các dòng hợp lệ.")

    def handle(self, *args, file, unit, username, commit, **options):
        user = command_user(username, required=True, returncode=2)
        target = command_unit(user, unit, returncode=2)
        path = command_file(file, returncode=2)
        mappings = {key: m.mapping for key, m in column_mappings_for(target).items()}
        data = path.read_bytes()

        def make_plan():
            return plan_import(data=data, filename=path.name, unit=target, mappings=mappings)

        try:
            plan = make_plan()
        except UnreadableFile as exc:
            raise CommandError(str(exc), returncode=2) from None
        if plan.needs_mapping:
            raise CommandError(
                f"Tệp “{path.name}” không theo biểu mẫu; hãy tải lên trên web để ghép cột một lần.",
                returncode=2,
            )
        if commit:
            # Under the province's lock, planned again if another import wrote its new cadres.
            plan = plan_apply_locked(
                plan=plan,
                replan=make_plan,
                by=user,
                channel=Channel.COMMAND,
                note=f"import_workbook {path.name}",
            )
        for rejection in plan.rejections:
            self.stderr.write(rejection.message(path.name))
        self.stdout.write(plan.summary())
