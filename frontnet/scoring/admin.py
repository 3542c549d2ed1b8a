from django.contrib import admin

from .models import Criterion, Period, YearRule


class ReadOnly(admin.ModelAdmin):
    """Criteria and the year rule are changed on the province's criteria page
    (/units/<id>/criteria/), which checks scope and writes the audit log; here they are
    only shown."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Criterion)
class CriterionAdmin(ReadOnly):
    list_display = ["name", "measure", "rule", "weight", "deadline", "active", "order"]
    list_filter = ["measure", "rule", "levels", "active"]


@admin.register(YearRule)
class YearRuleAdmin(ReadOnly):
    list_display = ["province", "method"]


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["province", "kind", "start", "as_of", "published", "computed_at"]
    list_filter = ["kind", "published"]
    # Publishing is audited: done on the unit's scoring page, never here.
    readonly_fields = ["published", "published_at", "published_by", "computed_at", "as_of"]
