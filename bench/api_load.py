"""Load generator for ``bench/api_bench.py``: a second process hammering the API on loopback.

Usage: api_load.py PORT TOKEN THREADS SECONDS. Prints one JSON line: requests, errors,
seconds, requests per second. Bounded in time; talks only to 127.0.0.1.
"""

from __future__ import annotations

import http.client
import json
import random
import sys
import threading
import time


def worker(port: int, token: str, until: float, counts: list[int], index: int) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    rng = random.Random(index)  # noqa: S311 - picks requests, not secrets
    done = errors = 0
    while time.perf_counter() < until:
        if rng.random() < 0.5:
            path = f"/api/v1/mailboxes?domain=d{rng.randrange(10)}.bench&limit=50"
            connection.request("GET", path, headers=headers)
        else:
            call = {
                "jsonrpc": "2.0",
                "id": 1,
                "method": "mailbox.get",
                "params": {"address": f"u{rng.randrange(10000)}@d{rng.randrange(10)}.bench"},
            }
            connection.request("POST", "/rpc", body=json.dumps(call), headers=headers)
        response = connection.getresponse()
        response.read()
        done += 1
        errors += response.status >= 400
    connection.close()
    counts[index * 2] = done
    counts[index * 2 + 1] = errors


def main() -> None:
    port, token, threads, seconds = (
        int(sys.argv[1]),
        sys.argv[2],
        int(sys.argv[3]),
        float(sys.argv[4]),
    )
    counts = [0] * (threads * 2)
    start = time.perf_counter()
    until = start + seconds
    pool = [
        threading.Thread(target=worker, args=(port, token, until, counts, i))
        for i in range(threads)
    ]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - start
    requests = sum(counts[0::2])
    print(
        json.dumps(
            {
                "requests": requests,
                "errors": sum(counts[1::2]),
                "seconds": round(elapsed, 2),
                "rps": round(requests / elapsed, 1),
                "threads": threads,
            }
        )
    )


if __name__ == "__main__":
    main()
