from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never changed: for records whose own pages check scope and write the audit
    log, which the admin would do neither of. Each subclass says where they are changed."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
