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
from generator.publish.manifest import remove_manifest


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


PREVIEW_NOTES = """门户预览（合并请求的构建产物）
================================

这是合并请求构建出的门户预览，只用于检查内容，不能发布。

打开方法：
1. 解压下载的压缩包。
2. 双击打开 index.html（用 Chrome、Edge 或 Firefox）。页面之间的链接、自测和学习进度都可以直接使用。
3. 直接打开本地文件时，浏览器不允许运行搜索，搜索框不显示。需要搜索时，在这个文件夹里打开命令行，运行：
       python3 -m http.server 8000
   然后在浏览器打开 http://127.0.0.1:8000/ 。

预览中的学习进度只保存在这台设备的浏览器里，与正式门户互不影响。
"""


def write_preview_notes(site: Path) -> None:
    (site / "预览说明.txt").write_text(PREVIEW_NOTES, encoding="utf-8")
    remove_manifest(site)  # a preview is never published


def build_site(config_file: Path, strict: bool = False, site_dir: str | None = None, preview: bool = False) -> int:
    """`preview`: a copy to open from disk (a pull request's preview artifact): pages as x.html, so that links
    work without a web server, with instructions at the top; never publishable."""
    _log_to_stderr()
    overrides: dict = {"site_dir": site_dir} if site_dir else {}
    if preview:
        overrides["use_directory_urls"] = False
    try:
        config = load_config(str(config_file), strict=strict, **overrides)
    except (ConfigurationError, PluginError) as error:
        print(f"ERROR   -  {error}", file=sys.stderr)
        return 1
    target = Path(config.site_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.staging-", dir=target.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a web server's workers must be able to read the site
    config.site_dir = str(staging)
    # The events `mkdocs build` sends around a build, so that a plugin sees the same sequence either way.
    config.plugins.on_startup(command="build", dirty=False)
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
    finally:
        config.plugins.on_shutdown()
    if preview:
        write_preview_notes(staging)
    replace_directory(staging, target)
    print(f"INFO    -  {text('B905', target=target)}", file=sys.stderr)
    return 0
