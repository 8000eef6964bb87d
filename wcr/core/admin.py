"""Task results in the admin without personal data: no arguments, return values or tracebacks.

django-tasks-db's own admin shows a task's arguments and traceback; for a mail task those held the
message (now sealed, and purged once sent). This admin shows what an administrator needs to keep the
queue healthy — which task, its state, times, attempt and the class of the error — and nothing else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

SAFE_FIELDS = (
    "id",
    "task_name",
    "status",
    "queue_name",
    "enqueued_at",
    "started_at",
    "finished_at",
    "attempt",
    "error_class",
)

# ModelAdmin is generic only in django-stubs (no ``__class_getitem__`` at run time).
if TYPE_CHECKING:
    _TaskResultAdmin = admin.ModelAdmin[DBTaskResult[..., Any]]
else:
    _TaskResultAdmin = admin.ModelAdmin

if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(_TaskResultAdmin):
    list_display = SAFE_FIELDS
    list_filter = ("status", "queue_name")
    ordering = ["-enqueued_at"]
    fields = SAFE_FIELDS
    readonly_fields = SAFE_FIELDS

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.display(description=_("attempt"))
    def attempt(self, obj: DBTaskResult[..., Any]) -> int:
        return int(obj.args_kwargs.get("kwargs", {}).get("_attempt", 1))

    @admin.display(description=_("error"))
    def error_class(self, obj: DBTaskResult[..., Any]) -> str:
        return obj.exception_class_path.rsplit(".", 1)[-1] or "–"
