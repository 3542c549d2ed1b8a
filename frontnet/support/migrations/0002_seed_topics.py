from django.db import migrations

TOPICS = [
    ("Biểu mẫu", 10),
    ("Đặt tên trang", 20),
    ("Lập trang", 30),
    ("Tài khoản", 40),
    ("Đề nghị Đoàn Thanh niên hỗ trợ", 50),
    ("Khác", 90),
]


def seed(apps, schema_editor):
    Topic = apps.get_model("support", "Topic")
    for name, order in TOPICS:
        Topic.objects.get_or_create(name=name, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("support", "0001_threads_guidance_attachments")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
