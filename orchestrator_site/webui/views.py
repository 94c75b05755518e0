"""The UI's entry page: ``index.html`` for every client-side route, so deep links survive a reload.

Hashed files under ``/_app/`` are served by whitenoise (``WHITENOISE_ROOT``) before any view runs.
"""

from functools import lru_cache

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_safe

from . import INDEX_FILE

# Scripts only from this origin: user text that slipped into the page as markup could not run.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)

NOT_BUILT = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Orchestrator</title></head>
<body style="font-family: system-ui; margin: 3rem; max-width: 40rem">
<h1>The web UI is not built</h1>
<p>This installation has no UI bundle. In a source checkout run <code>make ui</code> (needs Node 20)
or <code>make dev</code>, which builds it; a wheel built with <code>make dist</code> ships it.</p>
<p>The REST API works meanwhile: <a href="/api/docs/">/api/docs/</a>.</p></body></html>"""


@lru_cache(maxsize=1)
def _index_html(mtime: float) -> bytes:
    return INDEX_FILE.read_bytes()


@require_safe
@never_cache
@ensure_csrf_cookie
def spa_index(request: HttpRequest, route: str = "") -> HttpResponse:
    try:
        body = _index_html(INDEX_FILE.stat().st_mtime)
    except FileNotFoundError:
        return HttpResponse(NOT_BUILT, status=503)
    response = HttpResponse(body, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    return response
