"""The whole learning-records loop on one machine, for a trainer trying it out (`make records`) and for the
tests: Ralph with its file-system backend and generated credentials, and nginx serving a built portal with
the shipped configuration (deploy/nginx/) and its learning-records gate."""

from __future__ import annotations

import base64
import os
import re
import secrets
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
DEPLOY = REPOSITORY / "deploy" / "nginx"
RALPH_VENV = REPOSITORY / ".venv-records"
RALPH_APP = REPOSITORY / "deploy" / "ralph"  # ralph_fs_append.py: Ralph's API, its file backend appending
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
LRS_USER = "portal"
PAGE_SIZE = 500


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


JS_MODULE = Path("/usr/lib/nginx/modules/ngx_http_js_module.so")  # Debian's libnginx-mod-http-js


def write_nginx_main_config(workdir: Path, conf: Path, access_log: bool, javascript: bool = False) -> Path:
    """nginx.conf for a private nginx under `workdir` that serves conf/training-portal.conf (the shipped site
    configuration, already adapted) with its temp files, pid and logs inside `workdir`; `javascript` loads
    nginx's JavaScript module, which the learning-records gate runs on."""
    temp = workdir / "temp"
    temp.mkdir(exist_ok=True)
    if javascript and not JS_MODULE.exists():
        raise LocalRecordsError(f"{JS_MODULE}: nginx's JavaScript module is not installed (Debian package "
                                "libnginx-mod-http-js; make test installs it)")
    module = f"load_module {JS_MODULE};\n" if javascript else ""
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read private temp folders
    log = f"access_log {workdir}/access.log;" if access_log else "access_log off;"
    (conf / "nginx.conf").write_text(
        f"{module}{user}worker_processes 1;\npid {workdir}/nginx.pid;\nerror_log {workdir}/error.log warn;\n"
        "events { worker_connections 1024; }\n"
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
        # Pages of 500 statements (Ralph's default is 100): a learner's progress is read in fewer rounds.
        return {**os.environ, "RALPH_RUNSERVER_BACKEND": "fs", "RALPH_APP_DIR": str(self.workdir / "ralph"),
                "RALPH_RUNSERVER_MAX_SEARCH_HITS_COUNT": str(PAGE_SIZE),
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

    def start(self) -> LocalLrs:
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


@dataclass
class LocalPortal:
    """nginx serving `site` with the shipped configuration, passing /xapi/ through the learning-records gate to
    `lrs`; with `logins` (account -> password), the portal asks for HTTP basic auth, /whoami names the account
    and the gate takes it as the signed-in learner; `trainers` are the accounts that may post classroom
    scores; with `dashboard` (a folder) and `department` (account -> password), /records-dashboard/ serves
    the folder behind a login of its own."""
    site: Path
    workdir: Path
    port: int
    lrs: LocalLrs
    logins: dict[str, str] | None = None
    trainers: tuple[str, ...] = ()
    dashboard: Path | None = None
    department: dict[str, str] | None = None
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def conf(self) -> Path:
        return self.workdir / "conf"

    def _adapt(self, file: str, replacements: list[tuple[str, str]]) -> str:
        """The shipped file with its installation paths pointed at this machine's; each must match once."""
        text = (DEPLOY / file).read_text(encoding="utf-8")
        for pattern, replacement in replacements:
            text, count = re.subn(pattern, replacement, text, count=1, flags=re.M)
            if count != 1:
                raise LocalRecordsError(f"deploy/nginx/{file} changed shape: no match for {pattern}")
        return text

    @staticmethod
    def _passwords(file: Path, accounts: dict[str, str]) -> None:
        # nginx reads {PLAIN} passwords: enough for a machine's own trial and tests, never for production.
        file.write_text("".join(f"{name}:{{PLAIN}}{password}\n" for name, password in accounts.items()), encoding="utf-8")

    def _write_config(self) -> Path:
        conf = self.conf
        conf.mkdir(parents=True, exist_ok=True)
        replacements = [
            (r"^(\s*)listen 80;", rf"\g<1>listen 127.0.0.1:{self.port};"),
            (r"^(\s*)root /srv/training-portal/current;", rf"\g<1>root {self.site.resolve()};"),
            (r"^(\s*)# include training-portal-records.conf;", r"\g<1>include training-portal-records.conf;"),
        ]
        if self.logins is not None:
            replacements.append((r"^(\s*)server_name _;",
                                 rf'\g<0>\n\g<1>auth_basic "客服培训门户";\n\g<1>auth_basic_user_file {conf}/htpasswd;'))
            self._passwords(conf / "htpasswd", self.logins)
        if self.dashboard is not None:
            replacements.append((r"^(\s*)# include training-records-dashboard.conf;", r"\g<1>include training-records-dashboard.conf;"))
            self._passwords(conf / "department.htpasswd", self.department or {})
            dashboard = self._adapt("training-records-dashboard.conf", [
                (r"alias /srv/training-records-dashboard/;", f"alias {self.dashboard.resolve()}/;"),
                (r"auth_basic_user_file /etc/nginx/training-department.htpasswd;",
                 f"auth_basic_user_file {conf}/department.htpasswd;")])
            (conf / "training-records-dashboard.conf").write_text(dashboard, encoding="utf-8")
        server = self._adapt("training-portal.conf", replacements)
        records = self._adapt("training-portal-records.conf", [
            (r"proxy_pass http://127\.0\.0\.1:8100/", f"proxy_pass http://127.0.0.1:{self.lrs.port}/"),
            (r"alias /etc/nginx/training-whoami\.shtml;", f"alias {conf}/training-whoami.shtml;"),
            (r"js_import training_gate from /etc/nginx/training-records-gate\.js;",
             f"js_import training_gate from {conf}/training-records-gate.js;"),
            (r"set \$training_trainers /etc/nginx/training-trainers\.txt;", f"set $training_trainers {conf}/training-trainers.txt;"),
            (r'set \$training_account "";', "set $training_account $remote_user;" if self.logins is not None
             else 'set $training_account "";'),
        ])
        for name in ("training-whoami.shtml", "training-records-gate.js", "training-portal-headers.conf"):
            shutil.copy(DEPLOY / name, conf)
        (conf / "training-trainers.txt").write_text(
            (DEPLOY / "training-trainers.txt").read_text(encoding="utf-8") + "".join(f"{name}\n" for name in self.trainers),
            encoding="utf-8")
        token = base64.b64encode(self.lrs.credentials.encode("utf-8")).decode("ascii")
        (conf / "training-lrs-credentials.conf").write_text(f'proxy_set_header Authorization "Basic {token}";\n',
                                                            encoding="utf-8")
        (conf / "training-lrs-credentials.conf").chmod(0o600)
        (conf / "training-portal.conf").write_text(server, encoding="utf-8")
        (conf / "training-portal-records.conf").write_text(records, encoding="utf-8")
        return write_nginx_main_config(self.workdir, conf, access_log=True, javascript=True)

    def start(self) -> LocalPortal:
        self.process = start_nginx(self.workdir, self._write_config(), self.port)
        return self

    def reload(self) -> None:
        """nginx -s reload: new workers with the configuration as written, old ones finish what they serve."""
        result = subprocess.run([NGINX, "-p", str(self.workdir), "-c", str(self.conf / "nginx.conf"), "-s", "reload"],
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise LocalRecordsError(f"nginx -s reload: {result.stderr}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None
