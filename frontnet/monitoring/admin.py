from django.contrib import admin

from frontnet.core.admin import ReadOnlyAdmin

from .models import Target


@admin.register(Target)
class TargetAdmin(ReadOnlyAdmin):
    """Targets are changed on the province's target pages (/units/<id>/targets/), which
    check scope and write the audit log."""

    list_display = ["name", "measure", "level", "threshold", "deadline", "active"]
    list_filter = ["measure", "level", "active"]
