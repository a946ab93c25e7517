"""Where a content repository keeps each kind of file, as mkdocs.yml and the plugin options place them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.model.file_access import relative
from generator.model.source import ContentLimits


@dataclass(frozen=True)
class ContentLayout:
    """Where the contract puts each kind of file, relative to the content root."""

    root: Path
    docs_dir: str = "curriculum"
    assessments_dir: str = "assessments"
    handbooks_file: str = "handbooks.yml"
    overrides_dir: str | None = None  # the theme's custom_dir, checked for links only
    # Generated output no link may point into: the built site and the trainer pack.
    output_dirs: tuple[str, ...] = ("site", "trainer-pack")
    limits: ContentLimits = ContentLimits()

    @property
    def docs(self) -> Path:
        return self.root / self.docs_dir

    def relative(self, path: Path) -> str:
        return relative(self.root, path)

    def data_outside_docs(self) -> list[Path]:
        """Content read from outside docs_dir (which the engine watches itself): a preview rebuilds on
        their changes too."""
        return [path for path in (self.root / self.assessments_dir, self.root / self.handbooks_file) if path.exists()]
