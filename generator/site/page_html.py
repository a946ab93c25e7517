"""A page's HTML as the engine rendered it from Markdown, made into the portal's page: the trainer's HTML
audited and cut to the allow-list, the portal's own parts put around it, and the quiz answers held back
until search has indexed the page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from generator.html_audit import audit_html
from generator.messages import text
from generator.render.sanitize import sanitise
from generator.site.pages import HOME_MARKER, CoursePage, PageParts

if TYPE_CHECKING:
    from generator.site.site import Site

# The deferred part (a milestone quiz) joins the page here, after search has indexed it.
DEFERRED_MARKER = "<!-- training:quiz -->"


@dataclass
class PortalHtml:
    html: str  # the page body, with DEFERRED_MARKER where `deferred` goes
    trainer_html: str  # the trainer's own text, sanitised: what a handbook prints of a course
    course_id: str | None = None  # the course this page shows, if any
    deferred: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def portal_html(site: Site, src_uri: str, html: str, docs_dir: str, parts: PageParts | None = None) -> PortalHtml:
    """`html`: the engine's rendering of the page's Markdown; `docs_dir` names the file in warnings; `parts`: the
    page's parts when they were made ahead (parts_ahead.py)."""
    warnings = [f"{docs_dir}/{src_uri}: {text('B901', finding=finding.describe())} [B901]"
                for finding in audit_html(html).findings]
    # The portal's own parts are added after sanitising: only the trainers' HTML is cut to the allow-list.
    trainer_html = HOME_MARKER.join(sanitise(part) for part in html.split(HOME_MARKER))
    site_page = site.page(src_uri)
    parts = parts if parts is not None else site_page.parts(site, site.links(src_uri))
    meta = dict(parts.meta)
    if parts.scripts:
        meta["training_scripts"] = list(parts.scripts)
    if parts.styles:
        meta["training_styles"] = list(parts.styles)
    if 'class="mermaid"' in trainer_html:
        meta["training_mermaid"] = True  # else Material fetches Mermaid from a CDN
    body = trainer_html if parts.home is None else trainer_html.replace(HOME_MARKER, parts.home)
    course = site_page.course if isinstance(site_page, CoursePage) else None
    return PortalHtml(
        html=parts.before + body + parts.after + (DEFERRED_MARKER if parts.deferred else ""),
        trainer_html=trainer_html,
        course_id=course.id if course is not None else None,
        deferred=parts.deferred,
        meta=meta,
        warnings=warnings,
    )


def join_deferred(output: str, deferred: str) -> str:
    return output.replace(DEFERRED_MARKER, deferred, 1)
