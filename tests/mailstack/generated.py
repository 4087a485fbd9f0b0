"""Read back the queries from the files ``mailstack config`` writes, exactly as written."""

from __future__ import annotations

import re
from pathlib import Path

from mailwarden.mailstack import configs

ENGINE_OF_VENDOR = {"sqlite": "sqlite", "mysql": "mysql", "postgresql": "postgresql"}


def generate(out_dir: Path, *, engine: str, dovecot: str, settings_dict, **connection) -> dict:
    """Write the files for ``engine`` into ``out_dir``; return {file name: text}."""
    conn = configs.build_connection(engine, settings_dict, **connection)
    options = configs.build_options(
        conn, dovecot=dovecot, out_dir=str(out_dir), mail_root="/var/vmail", uid=999, gid=995
    )
    written = configs.write(options, configs.render(options))
    return {path.name: path.read_text() for path in written}


def postfix_query(files: dict, engine: str, map_name: str) -> str:
    text = files[configs.map_file_name(engine, map_name)]
    (query,) = re.findall(r"^query = (.*)$", text, flags=re.M)
    return query


def dovecot_queries(files: dict, dovecot: str) -> dict[str, str]:
    """{'password_query', 'user_query', 'iterate_query'} from the 2.3 or 2.4 files."""
    if dovecot == "2.3":
        text = files["dovecot-sql.conf.ext"]
        found = dict(re.findall(r"^(\w+_query) = (.*)$", text, flags=re.M))
        return {k: found[k] for k in ("password_query", "user_query", "iterate_query")}
    text = files["dovecot-mailwarden.conf"]
    passdb = re.search(r"^passdb sql \{\n  query = (.*)$", text, flags=re.M)
    userdb = re.search(r"^userdb sql \{\n  query = (.*)\n  iterate_query = (.*)$", text, flags=re.M)
    assert passdb, text
    assert userdb, text
    return {
        "password_query": passdb.group(1),
        "user_query": userdb.group(1),
        "iterate_query": userdb.group(2),
    }
