"""After Material's search plugin has written the site's index: write the changed worker, prebuild the index."""

from __future__ import annotations

from pathlib import Path

from generator.mkdocs_plugin.material.prebuilt import (
    Postings,
    UnsupportedSearchConfig,
    prebuilt_postings,
    write_prebuilt_files,
)
from generator.mkdocs_plugin.material.worker_patch import PatchedWorker, write_worker


def finish_search(site_dir: Path, worker: PatchedWorker | None, *, whole_words: bool, prebuilt: bool,
                  ahead: Postings | None = None, partial: bool = False) -> list[str]:
    """Apply what is asked for; return a warning for each part that could not be applied (the
    search then works as Material ships it). `worker`: Material's, changed before the pages named it (None: the
    theme has none); `ahead`: postings made while the index's entries were made; `partial`: only some pages were
    written (--dirty), so Material's worker stays for the pages an earlier build wrote."""
    warnings = []
    postings = None
    if prebuilt:
        try:
            postings = prebuilt_postings(site_dir, ahead)
        except UnsupportedSearchConfig as error:
            warnings.append(f"Search index not prebuilt ({error}): browsers build it before the first search")
    if worker is not None:
        write_worker(site_dir, worker, keep_material=partial)
    if whole_words and not (worker and worker.whole_words):
        warnings.append("Could not patch Material's search worker: whole-word Chinese queries will be split "
                        "(see generator/mkdocs_plugin/material/worker_patch.py)")
    if not (worker and worker.highlight):
        warnings.append("Could not patch Material's search worker: a whole-page result opens without its words "
                        "highlighted (see generator/mkdocs_plugin/material/worker_patch.py)")
    if postings is not None:
        if worker is not None and worker.prebuilt:
            # The word breaks leave the sections' texts only for a worker that puts them back before it highlights:
            # not in a build that keeps Material's worker for the pages an earlier build wrote.
            write_prebuilt_files(site_dir, postings, word_breaks_apart=worker.first_results_first and not partial)
            if not worker.first_results_first:
                warnings.append("Could not patch Material's search worker: the first search results wait until "
                                "every result is highlighted (see generator/mkdocs_plugin/material/worker_patch.py)")
        else:
            warnings.append("Could not add the prebuilt index to Material's search worker: browsers build the "
                            "index before the first search (see generator/mkdocs_plugin/material/worker_patch.py)")
    return warnings
