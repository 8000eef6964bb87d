"""Every public page, found in the URL configuration rather than listed: each route without
parameters under the ``portal`` and ``navigator`` namespaces, and the privacy notice in force at
its version's own address. Used by the resource, caching and browser checks, so a page that
another change adds is checked without anyone listing it."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from wcr.portal.models.notices import privacy_notice_in_force

PUBLIC_NAMESPACES = ("portal", "navigator")
PUBLIC_LANGUAGES = ("de", "en", "ar", "uk", "tr")
# Routes that answer a piece of a page for htmx, not a page (checked inside their page).
FRAGMENTS = {"portal:request-municipalities"}
# Elements whose address the browser loads by itself (an <a href> is only followed when clicked).
LOADING_ATTRIBUTES = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "track": ("src",),
    "input": ("src",),
}


def _names(patterns: list[URLPattern | URLResolver], namespace: str | None) -> Iterator[str]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            yield from _names(entry.url_patterns, inner)
        elif namespace in PUBLIC_NAMESPACES and entry.name and not entry.pattern.converters:
            name = f"{namespace}:{entry.name}"
            if name not in FRAGMENTS:
                yield name


def public_routes() -> list[str]:
    """The addresses of every public route that takes no parameter, in URL-configuration order."""
    paths = [reverse(name) for name in _names(get_resolver().url_patterns, None)]
    notice = privacy_notice_in_force()
    if notice is not None:
        paths.append(reverse("portal:privacy-version", args=[notice.version]))
    return list(dict.fromkeys(paths))


def is_html_page(response: object) -> bool:
    return getattr(response, "status_code", 0) == 200 and str(
        response["Content-Type"]  # type: ignore[index]
    ).startswith("text/html")


class _LoadedAddresses(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in LOADING_ATTRIBUTES.get(tag, ()) and value:
                for candidate in value.split(","):
                    address = candidate.strip().split(" ")[0]
                    self.found.append((tag, name, address))


def foreign_resources(html: str, own_host: str) -> list[str]:
    """Every address in ``html`` that the browser would load from a host other than ``own_host``
    (absolute ``http(s)://`` or scheme-relative ``//`` addresses in script, link, img, iframe,
    source and the other loading elements); ``<a href>`` is not loaded and not counted."""
    parser = _LoadedAddresses()
    parser.feed(html)
    foreign = []
    for tag, attribute, address in parser.found:
        parts = urlsplit(address)
        loads_elsewhere = parts.scheme in ("http", "https") or address.startswith("//")
        if loads_elsewhere and parts.hostname != own_host:
            foreign.append(f"<{tag} {attribute}={address!r}>")
    return foreign
