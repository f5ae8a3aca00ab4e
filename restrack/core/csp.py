"""The Content-Security-Policy of every answer, with django-csp (settings.CONTENT_SECURITY_POLICY).

Three policies, all loading from this server only ('self') and never running a script written in
the page (no 'unsafe-inline', no 'unsafe-eval' in script-src):

- **The site's own pages** (the tracker, the working pages, sign-in): the policy in settings, as
  it is. Scripts and styles come from static files; there is no inline script, event handler,
  <style> or style="" attribute in the templates (restrack/core/tests/test_security_headers.py
  parses the pages to keep it so). A template that cannot do without an inline script writes
  `<script nonce="{{ request.csp_nonce }}">`, and the nonce is added to the header of that answer
  only; the public pages never do, since they are served from the page cache to everyone.
- **Pages others wrote** (`THIRD_PARTY_PREFIXES`: the API's Swagger UI and ReDoc, DRF's browsable
  API, Django's admin): scripts as strict, but styles may be inline, since ReDoc writes its styles
  into <style> elements as it runs and the admin's and DRF's templates carry style="" attributes;
  ReDoc also starts its search worker from a blob: address.
- **Documents**: an HTML answer sent as a file (with Content-Disposition), such as the Executive
  Director's report shown in the preview's frame and downloaded to be read offline. No script at
  all and no form; styles are inline because the file must stand alone; it may be framed by this
  site only (its views also say X-Frame-Options: SAMEORIGIN).

- **Embeds** (`/<lang>/embed/...`, restrack.publish.embed_views): the site's own policy, except
  that any site may frame them (`frame-ancestors *`), and they carry no X-Frame-Options. The only
  pages that may be framed elsewhere.

The policy is chosen by the path and the answer's headers, not by attributes a view sets on its
answer, because the page cache (restrack.publish.page_cache, inside this middleware) gives stored
answers without the view.
RESTRACK_CSP_REPORT_ONLY=on sends the same policies as Content-Security-Policy-Report-Only.
"""

from __future__ import annotations

from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts

THIRD_PARTY_PREFIXES = ("/api/", "/admin/")
THIRD_PARTY_POLICY = {
    "style-src": [SELF, UNSAFE_INLINE],
    "worker-src": [SELF, "blob:"],
    "font-src": [SELF, "data:"],
}
DOCUMENT_POLICY = {
    "default-src": [NONE],
    "script-src": [NONE],
    "style-src": [UNSAFE_INLINE],
    "img-src": [SELF, "data:"],
    "font-src": [SELF, "data:"],
    "connect-src": None,
    "object-src": [NONE],
    "base-uri": [NONE],
    "form-action": [NONE],
    "frame-ancestors": [SELF],
}


EMBED_POLICY = {"frame-ancestors": ["*"]}


class RestrackCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, choosing the policy of documents, of others' pages and of embeds."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if parts.replace is None:
            if is_document(response):
                parts.replace = DOCUMENT_POLICY
            elif request.path_info.startswith(THIRD_PARTY_PREFIXES):
                parts.replace = THIRD_PARTY_POLICY
            elif is_embed(request):
                parts.replace = EMBED_POLICY
        return parts

    def process_response(self, request, response):
        if is_embed(request) and response.get("X-Frame-Options"):
            del response["X-Frame-Options"]  # frame-ancestors says who may frame it
        return super().process_response(request, response)


def is_embed(request) -> bool:
    """An address of restrack.publish.embed_views: /<lang>/embed/..."""
    parts = request.path_info.split("/", 3)
    return len(parts) > 2 and parts[2] == "embed"


def is_document(response) -> bool:
    """An HTML file sent for download or for a frame, not a page of the site."""
    return response.has_header("Content-Disposition") and response.get("Content-Type", "").startswith("text/html")
