"""A real Debian nginx on 127.0.0.1 running the shipped site configuration against a test web root."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

DEPLOY = Path(__file__).resolve().parents[1] / "deploy" / "nginx"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Nginx:
    def __init__(self, webroot: Path, workdir: Path):
        self.webroot, self.workdir, self.port = webroot, workdir, free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.process: subprocess.Popen | None = None

    def _write_config(self) -> Path:
        conf = self.workdir / "conf"
        conf.mkdir(parents=True, exist_ok=True)
        site = (DEPLOY / "training-portal.conf").read_text(encoding="utf-8")
        site, listens = re.subn(r"^(\s*)listen 80;", rf"\1listen 127.0.0.1:{self.port};", site, flags=re.M)
        site, roots = re.subn(r"^(\s*)root /srv/training-portal/current;", rf"\1root {self.webroot}/current;", site, flags=re.M)
        assert listens == 1 and roots == 1, "the shipped configuration changed shape"
        (conf / "training-portal.conf").write_text(site, encoding="utf-8")
        shutil.copy(DEPLOY / "training-portal-headers.conf", conf)
        temp = self.workdir / "temp"
        temp.mkdir(exist_ok=True)
        user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read pytest's private tmp dirs
        (conf / "nginx.conf").write_text(
            f"{user}worker_processes 1;\npid {self.workdir}/nginx.pid;\nerror_log {self.workdir}/error.log warn;\n"
            "events { worker_connections 256; }\n"
            "http {\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n  access_log off;\n"
            + "".join(f"  {kind}_temp_path {temp}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
            + "  include training-portal.conf;\n}\n",
            encoding="utf-8",
        )
        return conf / "nginx.conf"

    def start(self) -> "Nginx":
        config = self._write_config()
        check = subprocess.run([NGINX, "-t", "-p", str(self.workdir), "-c", str(config)], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        self.process = subprocess.Popen([NGINX, "-p", str(self.workdir), "-c", str(config), "-g", "daemon off;"],
                                        stderr=subprocess.PIPE)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.05)
        raise AssertionError(f"nginx did not start: {self.process.stderr.read().decode() if self.process.stderr else ''}")

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
