"""The shipped deployment, running: real nginx with contrib/nginx/mailwarden.conf in front of
a real `mailwarden serve` (gunicorn) configured from contrib/systemd/mailwarden.env.example.

Nothing here touches /etc/nginx, port 80/443 or systemd: each run gets a base directory
under /tmp (mode 0755 so nginx's unprivileged worker can use its temp directories), free
loopback ports, a self-signed certificate, a SQLite database, and processes stopped by
their own PIDs. Only the values the site file marks EDIT (and its listen addresses) are
substituted; every directive under test is the shipped one.
"""

from __future__ import annotations

import datetime
import http.client
import ipaddress
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest

from mailwarden.security.secretbox import new_key
from mailwarden.web.assets import STATIC_DIR
from tests.e2e.harness import free_ports, port_open, tail

REPO = Path(__file__).resolve().parents[2]
SITE = REPO / "contrib" / "nginx" / "mailwarden.conf"
ENV_EXAMPLE = REPO / "contrib" / "systemd" / "mailwarden.env.example"
MAILWARDEN = str(Path(sys.executable).with_name("mailwarden"))
SERVER_NAME = "mailwarden.test"
ADMIN = "boss@deploy.example"
ADMIN_PASSWORD = "deploy-test password 1"
# These tests exercise the shipped nginx site and systemd unit, not the database engine: they
# use their own SQLite file whatever engine the run is for. So scripts/test runs them in its
# SQLite pass only, and the MariaDB and PostgreSQL passes report them skipped for this reason.
ENGINE_INDEPENDENT = pytest.mark.skipif(
    os.environ.get("MAILWARDEN_TEST_ENGINE", "sqlite") != "sqlite",
    reason="deployment files do not depend on the database engine: they run in the sqlite pass",
)
# Low, so the lockout test needs only a few requests (docs/configuration.md).
LOGIN_ATTEMPTS = 3


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def all(self, name: str) -> list[str]:
        """Every value of header ``name``: a header sent twice shows up twice."""
        return [value for key, value in self.headers if key.lower() == name.lower()]

    def one(self, name: str) -> str:
        values = self.all(name)
        assert len(values) == 1, f"{name}: expected exactly one, got {values}"
        return values[0]

    def cookies(self) -> SimpleCookie:
        jar: SimpleCookie = SimpleCookie()
        for value in self.all("Set-Cookie"):
            jar.load(value)
        return jar

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


@dataclass
class Deployment:
    base: Path
    https_port: int
    http_port: int
    app_port: int
    env: dict[str, str]
    tls: ssl.SSLContext
    processes: list[subprocess.Popen] = field(default_factory=list)

    def request(
        self,
        method: str,
        path: str,
        *,
        source: str = "127.0.0.1",
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
        https: bool = True,
    ) -> Response:
        """One request to nginx from the loopback address ``source``, as a browser would send
        it to https://mailwarden.test:PORT/ (SNI, certificate check, Host with the port)."""
        port = self.https_port if https else self.http_port
        sock = socket.create_connection(("127.0.0.1", port), timeout=10, source_address=(source, 0))
        if https:
            sock = self.tls.wrap_socket(sock, server_hostname=SERVER_NAME)
        connection = http.client.HTTPConnection(SERVER_NAME, port, timeout=10)
        connection.sock = sock
        try:
            connection.request(
                method,
                path,
                body=body,
                headers={"Host": self.origin_host(https), **(headers or {})},
            )
            answer = connection.getresponse()
            return Response(answer.status, answer.getheaders(), answer.read())
        finally:
            connection.close()

    @property
    def webroot(self) -> Path:
        """Where certbot would put its challenge files (the site's ACME location)."""
        return self.base / "acme"

    def origin_host(self, https: bool = True) -> str:
        return f"{SERVER_NAME}:{self.https_port if https else self.http_port}"

    def login(
        self, email: str, password: str, *, source: str, forged_for: str | None = None
    ) -> Response:
        """The panel's login form, submitted like a browser: CSRF cookie and token, Origin."""
        page = self.request("GET", "/login/", source=source)
        assert page.status == 200, page.text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert token is not None
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={page.cookies()['csrftoken'].value}",
            "Origin": f"https://{self.origin_host()}",
        }
        if forged_for is not None:
            headers["X-Forwarded-For"] = forged_for
        form = {"csrfmiddlewaretoken": token.group(1), "email": email, "password": password}
        return self.request(
            "POST", "/login/", source=source, headers=headers, body=urlencode(form).encode()
        )

    def mailwarden(self, *args: str, stdin: str | None = None) -> str:
        """The CLI against the deployment's database and settings."""
        done = subprocess.run(
            [MAILWARDEN, *args],
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, f"mailwarden {' '.join(args)}: {done.stderr}"
        return done.stdout

    def audit(self, *actions: str) -> list[dict]:
        """Audit events of these actions, oldest first, read with one CLI call."""
        output = self.mailwarden("--json", "audit", "list", "--limit", "1000")
        return [e for e in reversed(json.loads(output)["items"]) if e["action"] in actions]

    def logs(self) -> str:
        return "\n".join(
            f"---- {name}\n{tail(self.base / name)}"
            for name in ("error.log", "access.log", "gunicorn.log")
        )


def settings_from_example() -> dict[str, str]:
    """The NAME=value lines of the shipped environment file."""
    values = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def write_certificate(base: Path) -> tuple[Path, Path]:
    """A self-signed certificate for SERVER_NAME; the client trusts exactly this one."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, SERVER_NAME)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName(SERVER_NAME), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = base / "fullchain.pem", base / "privkey.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o600)
    return cert_path, key_path


def render_site(deployment: Deployment, cert: Path, key: Path, webroot: Path) -> str:
    """contrib/nginx/mailwarden.conf with its EDIT values and listen addresses replaced."""
    text = SITE.read_text()
    https, plain = deployment.https_port, deployment.http_port
    replacements = [
        ("/etc/letsencrypt/live/mailwarden.example.org/fullchain.pem", str(cert)),
        ("/etc/letsencrypt/live/mailwarden.example.org/privkey.pem", str(key)),
        (
            "/opt/mailwarden/venv/lib/python3.11/site-packages/mailwarden/web/static/web/",
            f"{STATIC_DIR}/",
        ),
        ("root /var/www/html;", f"root {webroot};"),
        ("server_name mailwarden.example.org;", f"server_name {SERVER_NAME};"),
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{deployment.app_port};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https} ssl http2;"),
        ("listen 80;", f"listen 127.0.0.1:{plain};"),
        ("listen [::]:443 ssl http2;", ""),
        ("listen [::]:80;", ""),
    ]
    for old, new in replacements:
        if old not in text:
            raise AssertionError(f"{SITE} no longer contains {old!r}: update {__file__}")
        text = text.replace(old, new)
    return text


def write_nginx_config(deployment: Deployment, site: str) -> Path:
    """A main nginx.conf like Debian's (gzip on for every site) that includes the site."""
    base = deployment.base
    (base / "mailwarden.conf").write_text(site)
    # As root, nginx's workers must run as an unprivileged user, as on a real host.
    user = "user nobody nogroup;" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"    {kind}_temp_path {base}/temp/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf = f"""daemon off;
{user}
worker_processes 1;
pid {base}/nginx.pid;
error_log {base}/error.log info;
events {{
    worker_connections 64;
}}
http {{
    # What Debian's /etc/nginx/nginx.conf sets for every site; the site must hold against it.
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;
    ssl_prefer_server_ciphers on;
    gzip on;
    access_log {base}/access.log;
{temp}
    include {base}/mailwarden.conf;
}}
"""
    path = base / "nginx.conf"
    path.write_text(conf)
    (base / "temp").mkdir(mode=0o755)
    return path


def app_environment(base: Path) -> dict[str, str]:
    """The shipped settings, with this run's directories and secrets and a low login limit."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAILWARDEN_")}
    env.update(settings_from_example())
    (base / "secret_key").write_text("deploy-test-secret-key-not-for-production\n")
    (base / "totp_key").write_text(new_key() + "\n")
    env.update(
        MAILWARDEN_DATA_DIR=str(base / "data"),
        MAILWARDEN_SECRET_KEY_FILE=str(base / "secret_key"),
        MAILWARDEN_TOTP_KEY_FILE=str(base / "totp_key"),
        MAILWARDEN_ALLOWED_HOSTS=SERVER_NAME,
        MAILWARDEN_LOGIN_ATTEMPTS=str(LOGIN_ATTEMPTS),
    )
    return env


def wait_for(port: int, process: subprocess.Popen, what: str, log: Path) -> None:
    deadline = time.monotonic() + 20
    while not port_open(port):
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}:\n{tail(log)}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not open port {port}:\n{tail(log)}")
        time.sleep(0.05)


def start(deployment: Deployment) -> None:
    """Prepare the database, then start gunicorn and nginx; ``stop`` undoes it all."""
    base = deployment.base
    deployment.mailwarden("init")
    deployment.mailwarden(
        "admin", "add", ADMIN, "--superadmin", "--password-stdin", stdin=ADMIN_PASSWORD + "\n"
    )

    serve = ["serve", "--host", "127.0.0.1", "--port", str(deployment.app_port), "--workers", "1"]
    with (base / "gunicorn.log").open("wb") as log:
        app = subprocess.Popen(
            [MAILWARDEN, *serve], env=deployment.env, stdout=log, stderr=subprocess.STDOUT
        )
    deployment.processes.append(app)
    wait_for(deployment.app_port, app, "mailwarden serve", base / "gunicorn.log")

    site = render_site(deployment, base / "fullchain.pem", base / "privkey.pem", deployment.webroot)
    config = write_nginx_config(deployment, site)
    nginx = subprocess.Popen(
        ["nginx", "-p", str(base), "-c", str(config), "-e", str(base / "error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deployment.processes.append(nginx)
    for port in (deployment.https_port, deployment.http_port):
        wait_for(port, nginx, "nginx", base / "error.log")


def stop(deployment: Deployment) -> None:
    for process in reversed(deployment.processes):
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in deployment.processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
    shutil.rmtree(deployment.base, ignore_errors=True)


def new_deployment() -> Deployment:
    """Directories, ports, certificate and settings; nothing running yet."""
    base = Path(tempfile.mkdtemp(prefix="mw-deploy-", dir="/tmp"))
    base.chmod(0o755)
    (base / "acme" / ".well-known" / "acme-challenge").mkdir(parents=True)
    cert, _ = write_certificate(base)
    https_port, http_port, app_port = free_ports(3)
    return Deployment(
        base=base,
        https_port=https_port,
        http_port=http_port,
        app_port=app_port,
        env=app_environment(base),
        tls=ssl.create_default_context(cafile=str(cert)),
    )
