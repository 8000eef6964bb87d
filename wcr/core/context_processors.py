from django.conf import settings
from django.http import HttpRequest

from wcr.core.middleware import is_staff_path


def platform(request: HttpRequest) -> dict[str, object]:
    """Values every template may use: demo mode, the acting membership and the languages."""
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "membership": getattr(request, "membership", None),
        "memberships": getattr(request, "memberships", ()),
        # The language switch offers every language on public pages, the staff languages
        # (settings.STAFF_LANGUAGES) where staff_language_middleware keeps to them.
        "switch_languages": (
            [code for code, _name in settings.LANGUAGES if code in settings.STAFF_LANGUAGES]
            if is_staff_path(request.path)
            else [code for code, _name in settings.LANGUAGES]
        ),
    }
