"""The whole learning-records loop on one machine, for a trainer trying it out (`make records`) and for the
tests: Ralph with its file-system backend and generated credentials, and nginx serving a built portal with
the shipped configuration (deploy/nginx/) and its records proxy."""

from __future__ import annotations

import base64
import os
import re
import secrets
import shutil
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
DEPLOY = REPOSITORY / "deploy" / "nginx"
RALPH_VENV = REPOSITORY / ".venv-records"
RALPH_APP = REPOSITORY / "deploy" / "ralph"  # ralph_fs_append.py: Ralph's API, its file backend appending
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
LRS_USER = "portal"


class LocalRecordsError(Exception):
    """Ralph or nginx did not start; the message carries what they printed."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, what: str, seconds: float = 60) -> None:
    """Until `process` listens on 127.0.0.1:`port`; LocalRecordsError with what it printed if it never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    process.kill()
    output = process.communicate()[0] if process.stdout else b""
    raise LocalRecordsError(f"{what} did not start on port {port}: {output.decode('utf-8', 'replace')[-2000:]}")


def write_nginx_main_config(workdir: Path, conf: Path, access_log: bool) -> Path:
    """nginx.conf for a private nginx under `workdir` that serves conf/training-portal.conf (the shipped site
    configuration, already adapted) with its temp files, pid and logs inside `workdir`."""
    temp = workdir / "temp"
    temp.mkdir(exist_ok=True)
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read private temp folders
    log = f"access_log {workdir}/access.log;" if access_log else "access_log off;"
    (conf / "nginx.conf").write_text(
        f"{user}worker_processes 1;\npid {workdir}/nginx.pid;\nerror_log {workdir}/error.log warn;\n"
        "events { worker_connections 256; }\n"
        f"http {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n  {log}\n"
        + "".join(f"  {kind}_temp_path {temp}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        + "  include training-portal.conf;\n}\n",
        encoding="utf-8")
    return conf / "nginx.conf"


def start_nginx(workdir: Path, config: Path, port: int) -> subprocess.Popen:
    """nginx in the foreground with `config` (checked with nginx -t first), once it listens on `port`."""
    check = subprocess.run([NGINX, "-t", "-p", str(workdir), "-c", str(config)], capture_output=True, text=True)
    if check.returncode != 0:
        raise LocalRecordsError(f"nginx -t: {check.stderr}")
    process = subprocess.Popen([NGINX, "-p", str(workdir), "-c", str(config), "-g", "daemon off;"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    wait_for_port(port, process, "nginx")
    return process


@dataclass
class LocalLrs:
    """Ralph on 127.0.0.1 with the file-system backend; statements under `store`."""
    workdir: Path
    port: int
    venv: Path = RALPH_VENV
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/xAPI/"

    @property
    def store(self) -> Path:
        return self.workdir / "lrs"

    @property
    def credentials_file(self) -> Path:
        return self.workdir / "lrs-credentials"

    @property
    def credentials(self) -> str:
        return self.credentials_file.read_text(encoding="utf-8").strip()

    def _environment(self) -> dict[str, str]:
        return {**os.environ, "RALPH_RUNSERVER_BACKEND": "fs", "RALPH_APP_DIR": str(self.workdir / "ralph"),
                "RALPH_AUTH_FILE": str(self.workdir / "ralph-auth.json"),
                "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.store)}

    def _create_credentials(self) -> None:
        """A new password, stored bcrypt-hashed by `ralph auth` and in clear in a file only the owner reads."""
        password = secrets.token_urlsafe(18)
        result = subprocess.run(
            [str(self.venv / "bin" / "ralph"), "auth", "-u", LRS_USER, "-p", password, "-s", "all",
             "-A", LRS_USER, "https://training-portal.invalid/", "-w"],
            env=self._environment(), capture_output=True, text=True)
        if result.returncode != 0:
            raise LocalRecordsError(f"ralph auth failed: {result.stderr[-2000:]}")
        self.credentials_file.write_text(f"{LRS_USER}:{password}\n", encoding="utf-8")
        self.credentials_file.chmod(0o600)

    def start(self) -> "LocalLrs":
        if not (self.venv / "bin" / "uvicorn").exists():
            raise LocalRecordsError(f"{self.venv}: Ralph is not installed (make records-lrs installs it)")
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.store.mkdir(exist_ok=True)
        if not self.credentials_file.exists() or not (self.workdir / "ralph-auth.json").exists():
            self._create_credentials()
        self.process = subprocess.Popen(
            [str(self.venv / "bin" / "uvicorn"), "ralph_fs_append:app", "--app-dir", str(RALPH_APP),
             "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning"],
            env=self._environment(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        wait_for_port(self.port, self.process, "Ralph")
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False


@dataclass
class LocalPortal:
    """nginx serving `site` with the shipped configuration, proxying /xapi/statements to `lrs`; with
    `logins` (account -> password), the portal asks for HTTP basic auth and /whoami names the account."""
    site: Path
    workdir: Path
    port: int
    lrs: LocalLrs
    logins: dict[str, str] | None = None
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def _write_config(self) -> Path:
        conf = self.workdir / "conf"
        conf.mkdir(parents=True, exist_ok=True)
        server = (DEPLOY / "training-portal.conf").read_text(encoding="utf-8")
        replacements = [
            (r"^(\s*)listen 80;", rf"\g<1>listen 127.0.0.1:{self.port};"),
            (r"^(\s*)root /srv/training-portal/current;", rf"\g<1>root {self.site.resolve()};"),
            (r"^(\s*)# include training-portal-records.conf;", r"\g<1>include training-portal-records.conf;"),
        ]
        if self.logins is not None:
            replacements.append((r"^(\s*)server_name _;",
                                 rf'\g<0>\n\g<1>auth_basic "客服培训门户";\n\g<1>auth_basic_user_file {conf}/htpasswd;'))
            # nginx reads {PLAIN} passwords: enough for a machine's own trial and tests, never for production.
            (conf / "htpasswd").write_text("".join(f"{name}:{{PLAIN}}{password}\n" for name, password in self.logins.items()),
                                           encoding="utf-8")
        for pattern, replacement in replacements:
            server, count = re.subn(pattern, replacement, server, count=1, flags=re.M)
            if count != 1:
                raise LocalRecordsError(f"deploy/nginx/training-portal.conf changed shape: no match for {pattern}")
        records = (DEPLOY / "training-portal-records.conf").read_text(encoding="utf-8")
        records, count = re.subn(r"proxy_pass http://127\.0\.0\.1:8100/", f"proxy_pass http://127.0.0.1:{self.lrs.port}/",
                                 records)
        records, aliased = re.subn(r"alias /etc/nginx/training-whoami\.shtml;", f"alias {conf}/training-whoami.shtml;", records)
        if count != 1 or aliased != 1:
            raise LocalRecordsError("deploy/nginx/training-portal-records.conf changed shape: no proxy_pass or whoami")
        shutil.copy(DEPLOY / "training-whoami.shtml", conf)
        token = base64.b64encode(self.lrs.credentials.encode("utf-8")).decode("ascii")
        (conf / "training-lrs-credentials.conf").write_text(f'proxy_set_header Authorization "Basic {token}";\n',
                                                            encoding="utf-8")
        (conf / "training-lrs-credentials.conf").chmod(0o600)
        (conf / "training-portal.conf").write_text(server, encoding="utf-8")
        (conf / "training-portal-records.conf").write_text(records, encoding="utf-8")
        shutil.copy(DEPLOY / "training-portal-headers.conf", conf)
        return write_nginx_main_config(self.workdir, conf, access_log=True)

    def start(self) -> "LocalPortal":
        self.process = start_nginx(self.workdir, self._write_config(), self.port)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None
