"""Ralph's xAPI server with the file-system backend appending statements: Ralph 5.0.1 writes its statements
file with the operation type `index`, which refuses every POST after the first ("fs_lrs.jsonl already exists
and overwrite is not allowed", HTTP 500). For one machine only (`make records`, the tests); in production Ralph
runs with ClickHouse or Elasticsearch (README.md here), which need no such change.

Run with Ralph's venv: uvicorn ralph_fs_append:app --app-dir deploy/ralph (RALPH_RUNSERVER_BACKEND=fs)."""

from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

from ralph.api import app  # noqa: E402  (imported after the change: the API builds its backend on import)

__all__ = ["app"]
