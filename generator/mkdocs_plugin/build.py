"""Build into a staging directory and move it into place only when the whole build succeeded."""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
from pathlib import Path

import mkdocs
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from generator.messages import text


def _log_to_stderr() -> None:
    logger = logging.getLogger(mkdocs.__name__)  # "properdocs" when ProperDocs stands in for MkDocs
    if not any(getattr(h, "_training", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler._training = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def replace_directory(staging: Path, target: Path) -> None:
    """Swap staging into target; the previous site is removed only after the swap."""
    previous = None
    if target.exists():
        previous = target.with_name(f".{target.name}.previous")
        if previous.exists():
            shutil.rmtree(previous)
        target.rename(previous)
    staging.rename(target)
    if previous is not None:
        shutil.rmtree(previous)


def build_site(config_file: Path, strict: bool = False, site_dir: str | None = None) -> int:
    _log_to_stderr()
    try:
        config = load_config(str(config_file), strict=strict, **({"site_dir": site_dir} if site_dir else {}))
    except (ConfigurationError, PluginError) as error:
        print(f"ERROR   -  {error}", file=sys.stderr)
        return 1
    target = Path(config.site_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.staging-", dir=target.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a web server's workers must be able to read the site
    config.site_dir = str(staging)
    try:
        build(config)
    except (Abort, PluginError, ConfigurationError) as error:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"ERROR   -  {error}", file=sys.stderr)
        print(text("B903", target=target), file=sys.stderr)
        return 1
    except Exception as error:  # MkDocs has logged the page it was building; say what happened, not where
        shutil.rmtree(staging, ignore_errors=True)
        print(f"ERROR   -  {text('B904', error=f'{type(error).__name__}: {str(error)[:300]}')}", file=sys.stderr)
        print(text("B903", target=target), file=sys.stderr)
        return 1
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    replace_directory(staging, target)
    print(f"INFO    -  {text('B905', target=target)}", file=sys.stderr)
    return 0
