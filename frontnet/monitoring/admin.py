from django.contrib import admin

from .models import Target


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["name", "measure", "level", "threshold", "deadline", "active"]
    list_filter = ["measure", "level", "active"]
    raw_id_fields = ["units", "root"]
