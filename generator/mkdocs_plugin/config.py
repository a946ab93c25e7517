from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class TrainingConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off, for example to preview plain Markdown."""

    assessments_dir = c.Type(str, default="assessments")
    """Folder of quiz banks and rubrics, relative to mkdocs.yml."""

    handbooks_file = c.Type(str, default="handbooks.yml")
    """Handbook definitions, relative to mkdocs.yml."""

    build_date = c.Optional(c.Type(str))
    """YYYY-MM-DD used to decide which courses are stale; defaults to today."""

    navigation = c.Type(bool, default=True)
    """Generate the navigation from the model when mkdocs.yml has no `nav`."""

    search_dictionary = c.Type(bool, default=True)
    """Feed glossary terms, titles and tags to jieba so domain words stay whole."""

    search_prebuilt = c.Type(bool, default=True)
    """Build the search index at build time (search/prebuilt_index.json) so browsers answer the first query
    without indexing every page; not during `mkdocs serve`, where browsers build it as Material does."""

    search_parallel = c.Type(bool, default=True)
    """Segment the search index's Chinese text (jieba) in a second process while pages render; the index
    is the same either way. Not during `mkdocs serve`, and only on processors the handbook printing leaves free."""

    handbook_pdfs = c.Type(bool, default=True)
    """Print every handbook of handbooks.yml to site/handbooks/<id>.pdf (needs WeasyPrint and fonts-noto-cjk)."""

    max_file_kb = c.Type(int, default=1024)
    """Largest content file (Markdown or YAML) the build reads, in KB; a larger one is a located problem."""

    max_yaml_depth = c.Type(int, default=20)
    """Deepest nesting of YAML mappings and lists in any content file or front matter."""

    max_markdown_depth = c.Type(int, default=20)
    """Deepest nesting of Markdown lists, quotes and Markdown-in-HTML blocks in any page."""
