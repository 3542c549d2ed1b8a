from django.core.management.base import BaseCommand

from frontnet.demo.build import demo_build


class Command(BaseCommand):
    help = "Tạo tỉnh mẫu: đơn vị thật, Ban công tác Mặt trận và người dùng mẫu."

    def add_arguments(self, parser):
        parser.add_argument("--province", default="40")
        # "today": the 2022 data in the legacy tree, carried onto the 2025 tree (make run).
        parser.add_argument("--shape", choices=["legacy", "2025", "today"], default="legacy")
        parser.add_argument("--seed", type=int, default=2022)

    def handle(self, *args, province, shape, seed, **options):
        result = demo_build(
            province=province, shape="legacy" if shape == "today" else shape, seed=seed
        )
        if shape == "today":
            from frontnet.demo.reform import demo_reform

            result.notes += demo_reform(province=province)
        self.stdout.write(f"Tỉnh mẫu: {result.province} ({shape})")
        for note in result.notes:
            self.stdout.write(note)
        self.stdout.write("Người dùng mẫu (mật khẩu chỉ in một lần, tạo lại mỗi lần chạy demo):")
        for username, password in result.passwords.items():
            self.stdout.write(f"  {username:<12} {password}")
