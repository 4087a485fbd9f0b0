"""How commands print: a plain table for people, ``--json`` for scripts."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from typing import Any, TextIO


class Output:
    """Prints results in the format the user asked for; every command goes through it."""

    def __init__(self, as_json: bool, stream: TextIO | None = None) -> None:
        self.as_json = as_json
        self.stream = stream or sys.stdout

    def line(self, text: str) -> None:
        """A message for people; suppressed under ``--json`` so stdout stays parseable."""
        if not self.as_json:
            print(text, file=self.stream)

    def json(self, data: Any) -> None:
        print(json.dumps(data, indent=2, sort_keys=True, default=str), file=self.stream)

    def record(self, data: dict[str, Any]) -> None:
        """One object: ``key: value`` lines, or a JSON object."""
        if self.as_json:
            self.json(data)
            return
        width = max((len(k) for k in data), default=0)
        for key, value in data.items():
            print(f"{key.ljust(width)}  {_cell(value)}", file=self.stream)

    def table(
        self, rows: Iterable[dict[str, Any]], columns: Sequence[str], *, total: int | None = None
    ) -> None:
        """Many objects: aligned columns, or a JSON object with ``items`` (and ``total``)."""
        items = list(rows)
        if self.as_json:
            payload: dict[str, Any] = {"items": items}
            if total is not None:
                payload["total"] = total
            self.json(payload)
            return
        cells = [[_cell(row.get(c)) for c in columns] for row in items]
        widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
        print(
            "  ".join(c.upper().ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip(),
            file=self.stream,
        )
        for r in cells:
            print(
                "  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip(),
                file=self.stream,
            )
        if total is not None and total > len(items):
            print(f"({len(items)} of {total} shown; use --limit/--offset)", file=self.stream)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "-"
    return str(value)
