"""Security headers on every curation response (pages, API, redirects and errors alike), and whether cookies
must be Secure.

The pages load nothing from elsewhere and post forms only to this site; the policy says so, and `base-uri`
stops an injected `<base>` from sending relative links and forms away. No Referer leaves a curation page
(its URLs name entries and carry messages). Nothing is cached: pages show unpublished text and tokens.
"""

from __future__ import annotations

from aiohttp import web

from knowledge.settings import Settings

HEADERS = {
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; base-uri 'none'; "
                               "form-action 'self'; frame-ancestors 'none'; object-src 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


async def add_security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """on_response_prepare: a handler's own header (e.g. a CSV's caching) is kept."""
    if request.path == "/curation" or request.path.startswith("/curation/"):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)


def served_over_https(request: web.Request) -> bool:
    """TLS here, or at a proxy in front that says so. A client faking the header only makes its own cookie
    Secure (its browser then keeps it off plain HTTP), so trusting it can weaken nothing."""
    forwarded = request.headers.get("X-Forwarded-Proto", "").split(",")[0].strip().lower()
    return request.secure or forwarded == "https"


def secure_cookies(request: web.Request, settings: Settings) -> bool:
    """NHSBOT_SECURE_COOKIES when set; unset: Secure whenever the request came over HTTPS."""
    return served_over_https(request) if settings.secure_cookies is None else settings.secure_cookies
