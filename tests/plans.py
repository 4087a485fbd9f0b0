"""The engine's own plan of a query, read with its EXPLAIN, for the tests that hold a query
to an index: the lookups Postfix and Dovecot run, the search, the lists' pages."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from django.db import connection


def explain(sql: str, *, priced_out: tuple[str, ...] = ("seqscan",)) -> Any:
    """SQLite's plan lines; PostgreSQL's plan tree, planned with ``priced_out`` (``enable_*``
    settings turned off, so that a small test table does not make a whole-table read the
    cheapest plan); MySQL/MariaDB's plan rows as dicts."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            return [row[-1] for row in cursor.fetchall()]
        if connection.vendor == "postgresql":
            for setting in priced_out:
                cursor.execute(f"SET enable_{setting} = off")
            try:
                cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
                plan = cursor.fetchone()[0]
            finally:
                for setting in priced_out:
                    cursor.execute(f"RESET enable_{setting}")
            return (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]
        cursor.execute(f"EXPLAIN {sql}")
        names = [col[0] for col in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def pg_nodes(node: dict) -> Iterator[dict]:
    """Every node of a PostgreSQL plan tree."""
    yield node
    for child in node.get("Plans", []):
        yield from pg_nodes(child)


def full_scans(sql: str) -> list[str]:
    """The parts of the plan of ``sql`` that read a whole base table (empty: all seeks).
    SQLite must not ``SCAN`` a table or index; PostgreSQL (sequential scans priced out) must
    use neither a ``Seq Scan`` nor an index scan without an ``Index Cond``; MySQL/MariaDB
    must not access a table with ``type=ALL`` or ``type=index``."""
    plan = explain(sql)
    if connection.vendor == "sqlite":
        return [d for d in plan if re.match(r"SCAN (?!CONSTANT ROW)", d)]
    if connection.vendor == "postgresql":
        return [
            f"{n['Node Type']} on {n.get('Relation Name') or n.get('Index Name', '')}"
            for n in pg_nodes(plan)
            if n["Node Type"] == "Seq Scan" or ("Index" in n["Node Type"] and "Index Cond" not in n)
        ]
    # ALL reads every row; "index" reads every entry of an index.
    return [f"{r['table']}: type={r['type']}" for r in plan if r.get("type") in ("ALL", "index")]


def unordered_reads(sql: str, *, table: str) -> list[str]:
    """The parts of the plan of ``sql`` that sort rows or read ``table`` whole: a page
    must be read from an index in the order it is shown, at the same cost at any size."""
    plan = explain(sql, priced_out=("seqscan", "sort"))
    if connection.vendor == "sqlite":
        return [d for d in plan if "TEMP B-TREE" in d or re.match(r"SCAN ", d)]
    if connection.vendor == "postgresql":
        return [
            f"{n['Node Type']} on {n.get('Relation Name') or n.get('Index Name', '')}"
            for n in pg_nodes(plan)
            if "Sort" in n["Node Type"]
            or (n["Node Type"] == "Seq Scan" and n.get("Relation Name") == table)
        ]
    return [
        f"{r['table']}: type={r['type']} {r['Extra']}"
        for r in plan
        if "filesort" in (r.get("Extra") or "")
        or (r["table"] == table and r.get("type") in ("ALL", "index"))
    ]
