"""A real HTTP server for tests that drive mailwarden with outside clients (the MCP SDK,
schemathesis): Django's WSGI handler on a free loopback port, in threads of this process,
so it sees the test database. pytest-django's ``live_server`` needs static-file settings
this project does not have."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.db import connections


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


@contextmanager
def serving() -> Iterator[str]:
    """Serve mailwarden on 127.0.0.1:<free port>; yields the base URL."""
    server = ThreadedWSGIServer(("127.0.0.1", 0), _QuietHandler, allow_reuse_address=False)
    server.set_app(WSGIHandler())
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        connections.close_all()
