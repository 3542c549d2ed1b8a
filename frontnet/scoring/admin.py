from django.contrib import admin

from frontnet.core.admin import ReadOnlyAdmin

from .models import Criterion, Period, YearRule

# Criteria and the year rule are changed on the province's criteria page
# (/units/<id>/criteria/), periods are computed, published and unpublished on the unit's
# scoring page (/units/<id>/scores/) or by `compute_scores`: each checks scope and writes the
# audit log.


@admin.register(Criterion)
class CriterionAdmin(ReadOnlyAdmin):
    list_display = ["name", "measure", "rule", "weight", "deadline", "active", "order"]
    list_filter = ["measure", "rule", "levels", "active"]


@admin.register(YearRule)
class YearRuleAdmin(ReadOnlyAdmin):
    list_display = ["province", "method"]


@admin.register(Period)
class PeriodAdmin(ReadOnlyAdmin):
    list_display = ["province", "kind", "start", "as_of", "published", "computed_at"]
    list_filter = ["kind", "published"]
