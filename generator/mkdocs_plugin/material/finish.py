"""After Material's search plugin has written the site's index: patch its worker, prebuild the index."""

from __future__ import annotations

from pathlib import Path

from generator.mkdocs_plugin.material.prebuilt import (
    Postings,
    UnsupportedSearchConfig,
    prebuilt_postings,
    write_prebuilt_files,
)
from generator.mkdocs_plugin.material.worker_patch import patch_search_worker


def finish_search(site_dir: Path, *, whole_words: bool, prebuilt: bool, ahead: Postings | None = None) -> list[str]:
    """Apply what is asked for; return a warning for each part that could not be applied (the
    search then works as Material ships it). `ahead`: postings made while the index's entries were made."""
    warnings = []
    postings = None
    if prebuilt:
        try:
            postings = prebuilt_postings(site_dir, ahead)
        except UnsupportedSearchConfig as error:
            warnings.append(f"Search index not prebuilt ({error}): browsers build it before the first search")
    languages = postings.index["config"].get("lang") if postings is not None else None
    patched = patch_search_worker(site_dir, whole_words=whole_words, prebuilt=postings is not None,
                                  languages=languages if isinstance(languages, list) else None)
    if whole_words and not patched.whole_words:
        warnings.append("Could not patch Material's search worker: whole-word Chinese queries will be split "
                        "(see generator/mkdocs_plugin/material/worker_patch.py)")
    if not patched.highlight:
        warnings.append("Could not patch Material's search worker: a whole-page result opens without its words "
                        "highlighted (see generator/mkdocs_plugin/material/worker_patch.py)")
    if postings is not None:
        if patched.prebuilt:
            write_prebuilt_files(site_dir, postings)
            if not patched.first_results_first:
                warnings.append("Could not patch Material's search worker: the first search results wait until "
                                "every result is highlighted (see generator/mkdocs_plugin/material/worker_patch.py)")
        else:
            warnings.append("Could not add the prebuilt index to Material's search worker: browsers build the "
                            "index before the first search (see generator/mkdocs_plugin/material/worker_patch.py)")
    return warnings
