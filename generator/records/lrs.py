"""Talking to a learning record store over xAPI 1.0.3 (Ralph, or any conformant LRS): reading statements
page by page and sending new ones. Credentials come from the environment or a file, never from a page."""

from __future__ import annotations

import base64
import http.client
import json
import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from generator.messages import text

XAPI_VERSION = "1.0.3"
CREDENTIALS_VARIABLE = "TRAINING_LRS_CREDENTIALS"


class LrsError(Exception):
    """The LRS could not be reached or refused the request; the message says which and why."""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """The credentials go to the LRS that was named, never to where an answer points."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme, (parts.hostname or "").lower(), parts.port


def check_lrs_url(url: str) -> str:
    """The xAPI base address, ending in /; LrsError when it is not an http(s) address with a host."""
    try:
        scheme, host, _ = _origin(url)
    except ValueError:
        raise LrsError(text("X1745", url=url)) from None
    if scheme not in ("http", "https") or not host:
        raise LrsError(text("X1746", url=url))
    return url if url.endswith("/") else url + "/"


@dataclass(frozen=True)
class Lrs:
    url: str  # the xAPI base, e.g. http://127.0.0.1:8100/xAPI/
    credentials: str | None  # "user:password"
    timeout: float = 30.0

    def _request(self, method: str, url: str, body: bytes | None = None) -> bytes:
        request = urllib.request.Request(url, data=body, method=method)
        request.add_header("X-Experience-API-Version", XAPI_VERSION)
        if body is not None:
            request.add_header("Content-Type", "application/json")
        if self.credentials:
            token = base64.b64encode(self.credentials.encode("utf-8")).decode("ascii")
            request.add_header("Authorization", f"Basic {token}")
        try:
            with _OPENER.open(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            detail = error.read()[:300].decode("utf-8", "replace")
            raise LrsError(f"{method} {url}: HTTP {error.code} {detail}") from None
        except (urllib.error.URLError, OSError) as error:
            raise LrsError(f"{method} {url}: {getattr(error, 'reason', error)}") from None
        except (http.client.HTTPException, ValueError) as error:
            raise LrsError(text("X1747", method=method, url=url, kind=type(error).__name__)) from None

    def statements(self, page_size: int = 500) -> list[dict]:
        """Every statement, following the LRS's `more` links (on the same server only)."""
        base = check_lrs_url(self.url)
        url: str | None = urllib.parse.urljoin(base, f"statements?limit={page_size}")
        found: list[dict] = []
        seen: set[str] = set()
        while url:
            seen.add(url)
            try:
                page = json.loads(self._request("GET", url))
            except (ValueError, RecursionError):
                raise LrsError(text("X1748", url=url)) from None
            batch = page.get("statements") if isinstance(page, dict) else None
            if not isinstance(batch, list):
                raise LrsError(text("X1749", url=url))
            found.extend(batch)
            more = page.get("more")
            url = urllib.parse.urljoin(base, more) if isinstance(more, str) and more and batch else None
            if url and _origin(url) != _origin(base):
                raise LrsError(text("X1750", url=base, more=more))
            if url in seen:
                url = None
        return found

    def send(self, statements: list[dict]) -> None:
        body = json.dumps(statements, ensure_ascii=False).encode("utf-8")
        self._request("POST", urllib.parse.urljoin(check_lrs_url(self.url), "statements"), body)


def credentials_from(file: str | None) -> str | None:
    """`user:password` from a file (first line) or the TRAINING_LRS_CREDENTIALS variable."""
    if file:
        try:
            return Path(file).read_text(encoding="utf-8").splitlines()[0].strip()
        except (OSError, IndexError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or text("X1752" if isinstance(error, IndexError) else "X1740")
            raise LrsError(text("X1751", file=file, reason=reason)) from None
    return os.environ.get(CREDENTIALS_VARIABLE) or None
