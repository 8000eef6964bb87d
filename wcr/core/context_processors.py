from django.conf import settings
from django.http import HttpRequest


def platform(request: HttpRequest) -> dict[str, object]:
    """Values every template may use: demo mode, the acting membership and the languages."""
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "membership": getattr(request, "membership", None),
        "memberships": getattr(request, "memberships", ()),
    }
