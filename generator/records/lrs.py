"""Talking to a learning record store over xAPI 1.0.3 (Ralph, or any conformant LRS): reading statements
page by page and sending new ones. Credentials come from the environment or a file, never from a page."""

from __future__ import annotations

import base64
import json
import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

XAPI_VERSION = "1.0.3"
CREDENTIALS_VARIABLE = "TRAINING_LRS_CREDENTIALS"


class LrsError(Exception):
    """The LRS could not be reached or refused the request; the message says which and why."""


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
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            detail = error.read()[:300].decode("utf-8", "replace")
            raise LrsError(f"{method} {url}: HTTP {error.code} {detail}") from None
        except (urllib.error.URLError, OSError) as error:
            raise LrsError(f"{method} {url}: {getattr(error, 'reason', error)}") from None

    def statements(self, page_size: int = 500) -> list[dict]:
        """Every statement, following the LRS's `more` links."""
        base = self.url if self.url.endswith("/") else self.url + "/"
        url: str | None = urllib.parse.urljoin(base, f"statements?limit={page_size}")
        found: list[dict] = []
        while url:
            try:
                page = json.loads(self._request("GET", url))
            except ValueError:
                raise LrsError(f"GET {url}: the answer is not JSON") from None
            batch = page.get("statements") if isinstance(page, dict) else None
            if not isinstance(batch, list):
                raise LrsError(f"GET {url}: the answer has no statements list")
            found.extend(batch)
            more = page.get("more")
            url = urllib.parse.urljoin(base, more) if isinstance(more, str) and more and batch else None
        return found

    def send(self, statements: list[dict]) -> None:
        base = self.url if self.url.endswith("/") else self.url + "/"
        body = json.dumps(statements, ensure_ascii=False).encode("utf-8")
        self._request("POST", urllib.parse.urljoin(base, "statements"), body)


def credentials_from(file: str | None) -> str | None:
    """`user:password` from a file (first line) or the TRAINING_LRS_CREDENTIALS variable."""
    if file:
        try:
            return Path(file).read_text(encoding="utf-8").splitlines()[0].strip()
        except (OSError, IndexError, UnicodeDecodeError) as error:
            raise LrsError(f"{file}: {getattr(error, 'strerror', None) or 'empty or unreadable'}") from None
    return os.environ.get(CREDENTIALS_VARIABLE) or None
