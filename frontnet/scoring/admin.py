from django.contrib import admin

from .models import Criterion, Period, YearRule


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "measure", "rule", "weight", "deadline", "active", "order"]
    list_filter = ["measure", "rule", "levels", "active"]
    filter_horizontal = ["levels"]
    raw_id_fields = ["province"]


@admin.register(YearRule)
class YearRuleAdmin(admin.ModelAdmin):
    list_display = ["province", "method"]
    raw_id_fields = ["province"]


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["province", "kind", "start", "as_of", "published", "computed_at"]
    list_filter = ["kind", "published"]
    # Publishing is audited: done on the unit's scoring page, never here.
    readonly_fields = ["published", "published_at", "published_by", "computed_at", "as_of"]
