from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import AreaAssignment, User


class AreaAssignmentInline(admin.TabularInline):
    model = AreaAssignment
    fk_name = "user"
    raw_id_fields = ["unit", "assigned_by"]
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + (
        ("FrontNet", {"fields": ("full_name", "unit", "role", "phone")}),
    )
    list_display = ["username", "full_name", "unit", "role", "is_active"]
    list_filter = ["role", "is_active"]
    raw_id_fields = ["unit"]
    inlines = [AreaAssignmentInline]
