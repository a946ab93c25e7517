"""A real Debian nginx on 127.0.0.1 running the shipped site configuration against a test web root."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from generator.records.local import DEPLOY, free_port, start_nginx, write_nginx_main_config


class Nginx:
    def __init__(self, webroot: Path, workdir: Path, sub_path: str = ""):
        """With `sub_path` ("portal"), the site is published in that folder of the web root, as a department
        serving it at https://intranet/portal/ does: only the 404 page's address changes in the configuration."""
        self.webroot, self.workdir, self.port = webroot, workdir, free_port()
        self.sub_path = sub_path
        self.url = f"http://127.0.0.1:{self.port}/"
        self.process: subprocess.Popen | None = None

    def _write_config(self) -> Path:
        conf = self.workdir / "conf"
        conf.mkdir(parents=True, exist_ok=True)
        site = (DEPLOY / "training-portal.conf").read_text(encoding="utf-8")
        site, listens = re.subn(r"^(\s*)listen 80;", rf"\1listen 127.0.0.1:{self.port};", site, flags=re.M)
        site, roots = re.subn(r"^(\s*)root /srv/training-portal/current;", rf"\1root {self.webroot}/current;", site, flags=re.M)
        assert listens == 1 and roots == 1, "the shipped configuration changed shape"
        if self.sub_path:
            site, pages = re.subn(r"error_page 404 /404.html;", f"error_page 404 /{self.sub_path}/404.html;", site)
            assert pages == 1, "the shipped configuration changed shape"
        (conf / "training-portal.conf").write_text(site, encoding="utf-8")
        shutil.copy(DEPLOY / "training-portal-headers.conf", conf)
        return write_nginx_main_config(self.workdir, conf, access_log=False)

    def start(self) -> Nginx:
        self.process = start_nginx(self.workdir, self._write_config(), self.port)
        return self

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
