"""Exit 0 if the database server in the URL answers, 1 otherwise (used by scripts/test)."""

from __future__ import annotations

import sys
from urllib.parse import unquote, urlsplit


def reachable(url: str) -> bool:
    parts = urlsplit(url)
    scheme = parts.scheme.split("+")[0]
    if scheme == "sqlite":
        return True
    try:
        if scheme in ("mysql", "mariadb"):
            import pymysql

            pymysql.connect(
                host=parts.hostname or "127.0.0.1",
                port=parts.port or 3306,
                user=unquote(parts.username or "root"),
                password=unquote(parts.password or ""),
                connect_timeout=5,
            ).close()
        else:
            import psycopg

            psycopg.connect(
                host=parts.hostname or "127.0.0.1",
                port=parts.port or 5432,
                user=unquote(parts.username or "postgres"),
                password=unquote(parts.password or "") or None,
                dbname="postgres",
                connect_timeout=5,
            ).close()
    except Exception as exc:  # any driver error means the engine cannot be tested
        print(f"engine check: {exc}", file=sys.stderr)
        return False
    return True


if __name__ == "__main__":
    sys.exit(0 if reachable(sys.argv[1]) else 1)
