from django.contrib import admin

from frontnet.core.admin import ReadOnlyAdmin

from .models import Guidance, Thread, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    """The province office edits the list of topics here; a topic in use is stopped, not deleted."""

    list_display = ("name", "order", "active")
    list_editable = ("order", "active")

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Thread)
class ThreadAdmin(ReadOnlyAdmin):
    """Changed on /support/<id>/ (scope, audit, notifications)."""

    list_display = ("title", "unit", "topic", "state", "created_at")
    list_filter = ("state", "topic")


@admin.register(Guidance)
class GuidanceAdmin(ReadOnlyAdmin):
    """Published from a thread or /guidance/new/."""

    list_display = ("title", "unit", "topic", "published_at")
