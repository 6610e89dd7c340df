from django.contrib import admin

from .models import QueuedTask


@admin.register(QueuedTask)
class QueuedTaskAdmin(admin.ModelAdmin):
    """Read-only: what waits for the broker, and why."""

    list_display = ["task", "created_at", "attempts", "last_error"]
    readonly_fields = ["task", "args", "kwargs", "created_at", "attempts", "last_error"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
