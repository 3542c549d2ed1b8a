from django.contrib import admin

from .models import Target


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    """Read-only: targets are changed on the province's target pages (/units/<id>/targets/),
    which check scope and write the audit log; the admin would do neither."""

    list_display = ["name", "measure", "level", "threshold", "deadline", "active"]
    list_filter = ["measure", "level", "active"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
