"""Everything that leans on mkdocs-material's internals, fenced in one folder.

- `theme/`: Material's inline start-up scripts served as files (the portal's CSP forbids inline script),
  the search dialog's accessible name, the page template that loads the portal's scripts; registered
  behind the site's own `custom_dir`, so a site can still override any of it.
- `nav.py` (with `theme/partials/nav.html`): Material's primary navigation written once per part of the tree
  instead of by its recursive macros on every page.
- `search.py`: finding Material's search plugin and giving jieba the portal's domain words.
- `parallel.py`: the search entries made in a worker process, through Material's own indexing function.
- `prebuilt.py`, `worker_patch.py`, `prebuilt_loader.js`, `finish.py`: the search index built at build time
  and Material's worker patched to use it.

Each piece checks that Material still looks as expected (guard), keeps Material's own behaviour when it
does not (fallback) and says so in the build log (warning); tests compare the copies with Material's
originals (upstream identity), so a Material release that changes them fails the suite.
"""
