"""One message under its stable code, in Chinese and English."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    code: str
    zh: str
    en: str
