"""Private Postfix and Dovecot instances on loopback, wired with ``mailstack config``'s files.

Nothing here touches /etc/postfix, /etc/dovecot, port 25 or systemd: each run gets a base
directory under /tmp (mode 0755 so the postfix, dovecot and vmail users can traverse it),
free high ports, and daemons started in the foreground and stopped by their own PIDs.
The settings that matter come from ../shared/notes/mailstack-facts.md: backdated config
files, no auth penalty, auth_failure_delay 0, no chroot, logs in files.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from mailwarden.mailstack import configs

POSTFIX_MASTER = "/usr/lib/postfix/sbin/master"
PORT_NAMES = ("smtp", "submission", "imap", "lmtp", "quota", "auth", "sink")


def free_ports(count: int) -> list[int]:
    """Ports nobody listens on right now (bound once by us to be sure, then released)."""
    sockets, ports = [], []
    for _ in range(count):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        sockets.append(sock)
        ports.append(sock.getsockname()[1])
    for sock in sockets:
        sock.close()
    return ports


def port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_for_ports(ports: list[int], process: subprocess.Popen, what: str, log: Path) -> None:
    deadline = time.monotonic() + 10
    while not all(port_open(p) for p in ports):
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}:\n{tail(log)}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not open ports {ports}:\n{tail(log)}")
        time.sleep(0.02)


def tail(path: Path, lines: int = 80) -> str:
    if not path.exists():
        return f"({path} does not exist)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def backdate(directory: Path) -> None:
    """Postfix re-reads config files younger than ~2 s in a 300 ms loop; make them old."""
    old = time.time() - 60
    for path in directory.iterdir():
        if path.is_file():
            os.utime(path, (old, old))


@dataclass
class Stack:
    """A running pair of daemons and where everything lives."""

    base: Path
    ports: dict[str, int]
    maps: Path
    vmail: Path
    uid: int
    gid: int
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def maillog(self) -> Path:
        return self.base / "pf" / "maillog"

    @property
    def dovecot_log(self) -> Path:
        return self.base / "dc" / "dovecot.log"

    @property
    def dovecot_conf(self) -> Path:
        return self.base / "dc" / "dovecot.conf"

    @property
    def postfix_dir(self) -> Path:
        return self.base / "pf"

    def logs(self) -> str:
        return (
            f"---- Postfix {self.maillog}\n{tail(self.maillog)}\n"
            f"---- Dovecot {self.dovecot_log}\n{tail(self.dovecot_log)}"
        )

    def maildir(self, address: str) -> Path:
        local, domain = address.split("@")
        return self.vmail / domain / local / "Maildir"


def make_base() -> Path:
    base = Path(tempfile.mkdtemp(prefix="mw-e2e-", dir="/tmp"))
    base.chmod(0o755)
    for sub in ("pf", "pfspool", "pfdata", "maps", "dc", "vmail"):
        (base / sub).mkdir(mode=0o755)
    # Postfix's master locks files in its data directory as the mail owner.
    postfix = pwd.getpwnam("postfix")
    os.chown(base / "pfdata", postfix.pw_uid, postfix.pw_gid)
    return base


def vmail_ids() -> tuple[int, int]:
    entry = pwd.getpwnam("vmail")
    return entry.pw_uid, entry.pw_gid


def write_mailstack_files(stack: Stack, connection: configs.Connection) -> None:
    """The files under test: exactly what ``mailwarden mailstack config`` writes."""
    options = configs.build_options(
        connection,
        dovecot="2.3",
        out_dir=str(stack.maps),
        mail_root=str(stack.vmail),
        uid=stack.uid,
        gid=stack.gid,
    )
    configs.write(options, configs.render(options))
    # Deployment step from docs/mailstack.md: Postfix's daemons read the password-bearing
    # maps as group postfix.
    postfix_gid = _group_id("postfix")
    for path in stack.maps.iterdir():
        os.chown(path, 0, postfix_gid)


def _group_id(name: str) -> int:
    import grp

    return grp.getgrnam(name).gr_gid


def write_postfix_config(stack: Stack) -> None:
    p, base = stack.ports, stack.base
    snippet = (stack.maps / "main.cf.snippet").read_text()
    main_cf = f"""compatibility_level = 3.6
queue_directory = {base}/pfspool
data_directory = {base}/pfdata
maillog_file = {base}/pf/maillog
maillog_file_prefixes = {base}
myhostname = mx.e2e.invalid
mydomain = e2e.invalid
myorigin = $mydomain
mydestination =
local_recipient_maps =
local_transport = error:5.1.1 local delivery disabled
alias_maps =
alias_database =
inet_interfaces = loopback-only
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
relayhost =
default_transport = error:5.7.1 outbound mail disabled in tests
relay_transport = error:5.7.1 outbound mail disabled in tests
smtpd_relay_restrictions = reject_unauth_destination
smtpd_recipient_restrictions = reject_unauth_destination,
  check_policy_service inet:127.0.0.1:{p["quota"]}
virtual_transport = lmtp:inet:127.0.0.1:{p["lmtp"]}
smtp_helo_name = mx.e2e.invalid
biff = no
{snippet}"""
    services = [
        f"127.0.0.1:{p['smtp']} inet n - n - - smtpd",
        f"127.0.0.1:{p['submission']} inet n - n - - smtpd",
        "  -o smtpd_sasl_auth_enable=yes",
        "  -o smtpd_sasl_type=dovecot",
        f"  -o smtpd_sasl_path=inet:127.0.0.1:{p['auth']}",
        "  -o smtpd_sender_restrictions=reject_sender_login_mismatch",
        "  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject",
        "  -o smtpd_recipient_restrictions=permit_sasl_authenticated,reject",
        "pickup unix n - n 60 1 pickup",
        "cleanup unix n - n - 0 cleanup",
        "qmgr unix n - n 300 1 qmgr",
        "rewrite unix - - n - - trivial-rewrite",
        "bounce unix - - n - 0 bounce",
        "defer unix - - n - 0 bounce",
        "trace unix - - n - 0 bounce",
        "verify unix - - n - 1 verify",
        "flush unix n - n 1000? 0 flush",
        "proxymap unix - - n - - proxymap",
        "proxywrite unix - - n - 1 proxymap",
        "smtp unix - - n - - smtp",
        "relay unix - - n - - smtp",
        "showq unix n - n - - showq",
        "error unix - - n - - error",
        "retry unix - - n - - error",
        "discard unix - - n - - discard",
        "lmtp unix - - n - - lmtp",
        "anvil unix - - n - 1 anvil",
        "scache unix - - n - 1 scache",
        "postlog unix-dgram n - n - 1 postlogd",
    ]
    (base / "pf" / "main.cf").write_text(main_cf)
    (base / "pf" / "master.cf").write_text("\n".join(services) + "\n")
    backdate(base / "pf")
    backdate(stack.maps)


def write_dovecot_config(stack: Stack) -> None:
    p, base = stack.ports, stack.base
    conf = f"""protocols = imap lmtp
listen = 127.0.0.1
base_dir = {base}/dc/run
state_dir = {base}/dc/state
instance_name = {base.name}
log_path = {base}/dc/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
mail_plugins = $mail_plugins quota
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {p["imap"]}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service pop3-login {{
  inet_listener pop3 {{
    port = 0
  }}
  inet_listener pop3s {{
    port = 0
  }}
}}
service lmtp {{
  inet_listener lmtp {{
    address = 127.0.0.1
    port = {p["lmtp"]}
  }}
}}
service auth {{
  inet_listener {{
    address = 127.0.0.1
    port = {p["auth"]}
  }}
}}
# No auth penalty: each failed login would slow the next ones by 4-15 s.
service anvil {{
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
service quota-status {{
  executable = quota-status -p postfix
  inet_listener {{
    address = 127.0.0.1
    port = {p["quota"]}
  }}
  client_limit = 1
}}
protocol lmtp {{
  postmaster_address = postmaster@example.test
}}
protocol imap {{
  mail_plugins = $mail_plugins imap_quota
}}
plugin {{
  quota = count:User quota
  quota_vsizes = yes
  quota_status_success = DUNNO
  quota_status_nouser = DUNNO
  quota_status_overquota = "552 5.2.2 Mailbox is full"
}}
!include {stack.maps}/dovecot-mailwarden.conf
"""
    stack.dovecot_conf.write_text(conf)


def start(stack: Stack) -> None:
    """Start Dovecot, then Postfix; wait until every port answers."""
    for name, port in stack.ports.items():
        if name != "sink" and port_open(port):
            raise RuntimeError(f"port {port} is already in use")
    os.chown(stack.vmail, stack.uid, stack.gid)
    dovecot = subprocess.Popen(
        ["dovecot", "-F", "-c", str(stack.dovecot_conf)],
        stdout=subprocess.DEVNULL,
        stderr=(stack.base / "dc" / "stderr").open("wb"),
        start_new_session=True,
    )
    stack.processes["dovecot"] = dovecot
    wait_for_ports(
        [stack.ports[n] for n in ("imap", "lmtp", "quota", "auth")],
        dovecot,
        "dovecot",
        stack.base / "dc" / "stderr",
    )
    check = subprocess.run(
        ["postfix", "-c", str(stack.postfix_dir), "check"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if check.returncode != 0:
        raise RuntimeError(f"postfix check failed: {check.stderr}")
    master = subprocess.Popen(
        [POSTFIX_MASTER, "-c", str(stack.postfix_dir), "-s"],
        stdout=subprocess.DEVNULL,
        stderr=(stack.base / "pf" / "stderr").open("wb"),
        start_new_session=True,
    )
    stack.processes["postfix"] = master
    wait_for_ports(
        [stack.ports["smtp"], stack.ports["submission"]],
        master,
        "postfix",
        stack.base / "pf" / "stderr",
    )


def stop(stack: Stack) -> None:
    """SIGTERM each daemon by the PID we started, Postfix first; wait for them to exit."""
    for name in ("postfix", "dovecot"):
        process = stack.processes.pop(name, None)
        if process is None or process.poll() is not None:
            continue
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


def remove(stack: Stack) -> None:
    shutil.rmtree(stack.base, ignore_errors=True)


def clear_mail(stack: Stack) -> None:
    """Empty the maildirs and the queue between tests (each test makes its own data)."""
    for child in stack.vmail.iterdir():
        shutil.rmtree(child, ignore_errors=True)


def postfix_kind(stack: Stack) -> str:
    """The Postfix table type of the generated maps (sqlite, mysql or pgsql)."""
    (snippet,) = stack.maps.glob("*-virtual-mailbox-maps.cf")
    return snippet.name.split("-", 1)[0]
