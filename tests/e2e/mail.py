"""Clients for the e2e stack (stdlib smtplib/imaplib) and a tiny SMTP sink for relay mail."""

from __future__ import annotations

import contextlib
import imaplib
import smtplib
import socketserver
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path


def message(sender: str, recipient: str, *, size: int = 0) -> tuple[str, str]:
    """A message with a unique subject token (to find it again) and ``size`` bytes of body."""
    token = f"mw-{uuid.uuid4().hex[:12]}"
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = recipient
    msg["Subject"] = token
    msg.set_content("hello\n" + ("x" * 76 + "\n") * (size // 77))
    return token, msg.as_string()


def send(
    port: int,
    sender: str,
    recipients: list[str],
    *,
    size: int = 0,
    login: tuple[str, str] | None = None,
) -> str:
    """Send one message; returns its token. Refusals raise smtplib's exceptions."""
    token, text = message(sender, recipients[0], size=size)
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
        smtp.ehlo("client.e2e.invalid")
        if login:
            smtp.login(*login)
        smtp.sendmail(sender, recipients, text)
    return token


def wait_for(maildir: Path, token: str, timeout: float = 8.0) -> bool:
    """True once a message with ``token`` is in the maildir (new/ or cur/)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for sub in ("new", "cur"):
            folder = maildir / sub
            if folder.is_dir():
                for path in folder.iterdir():
                    try:
                        if token.encode() in path.read_bytes():
                            return True
                    except FileNotFoundError:
                        continue
        time.sleep(0.03)
    return False


def holds(maildir: Path, token: str) -> bool:
    return wait_for(maildir, token, timeout=0)


def imap_login(port: int, user: str, password: str) -> bool:
    """True if Dovecot accepts the login, False if it refuses it."""
    imap = imaplib.IMAP4("127.0.0.1", port, timeout=10)
    try:
        imap.login(user, password)
    except imaplib.IMAP4.error:
        return False
    finally:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            imap.logout()
    return True


def imap_logins(port: int, attempts: list[tuple[str, str]]) -> list[bool]:
    """Many logins at once: a refused one costs Dovecot's 0.5 s flush, so run them together."""
    with ThreadPoolExecutor(max_workers=max(1, len(attempts))) as pool:
        return list(pool.map(lambda a: imap_login(port, *a), attempts))


def imap_subjects(port: int, user: str, password: str) -> list[str]:
    imap = imaplib.IMAP4("127.0.0.1", port, timeout=10)
    try:
        imap.login(user, password)
        imap.select("INBOX", readonly=True)
        _, data = imap.search(None, "ALL")
        subjects = []
        for num in data[0].split():
            _, parts = imap.fetch(num, "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
            subjects.append(parts[0][1].decode().split(":", 1)[1].strip())
        return subjects
    finally:
        imap.logout()


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes


@dataclass
class SmtpSink:
    """A loopback SMTP server that accepts everything: the relay domain's next hop."""

    port: int
    received: list[Received] = field(default_factory=list)

    def start(self) -> None:
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                sender, recipients = "", []
                self.wfile.write(b"220 sink.e2e.invalid ESMTP\r\n")
                for raw in self.rfile:
                    line = raw.decode("ascii", "replace").rstrip("\r\n")
                    verb = line[:4].upper()
                    if verb in ("EHLO", "HELO"):
                        self.wfile.write(b"250 sink.e2e.invalid\r\n")
                    elif verb == "MAIL":
                        sender, recipients = line[10:].split()[0].strip("<>"), []
                        self.wfile.write(b"250 2.1.0 ok\r\n")
                    elif verb == "RCPT":
                        recipients.append(line[8:].split()[0].strip("<>"))
                        self.wfile.write(b"250 2.1.5 ok\r\n")
                    elif verb == "DATA":
                        self.wfile.write(b"354 go ahead\r\n")
                        chunks = []
                        for chunk in iter(self.rfile.readline, b""):
                            if chunk == b".\r\n":
                                break
                            chunks.append(chunk)
                        data = b"".join(chunks)
                        sink.received.append(Received(sender, recipients, data))
                        self.wfile.write(b"250 2.0.0 queued\r\n")
                    elif verb == "QUIT":
                        self.wfile.write(b"221 2.0.0 bye\r\n")
                        return
                    else:
                        self.wfile.write(b"250 ok\r\n")

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def wait_for(self, token: str, timeout: float = 8.0) -> Received | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for item in list(self.received):
                if token.encode() in item.data:
                    return item
            time.sleep(0.03)
        return None
