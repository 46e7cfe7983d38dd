"""Latency of the editor's desk on loopback: area page p95 at 20 concurrent clients.

Starts uvicorn on a free 127.0.0.1 port over a fresh bundled store, warms the area pages up
(the first visit writes and stores the stories), then runs a bounded number of requests from
20 concurrent httpx clients across the forces with data, and prints latency percentiles in ms.

    python bench/web.py [--clients 20] [--requests 400]
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from localwire.importing.bundled_data import bundled_store
from localwire.web import create_app
from localwire.write.pack import Pack
from localwire.write.writer import Writer

DATASET = "nspcc-child-sex-offences"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(store_path: Path) -> tuple[uvicorn.Server, threading.Thread, str]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(store_path), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return server, thread, f"http://127.0.0.1:{port}"


async def run(base: str, urls: list[str], clients: int, total: int) -> list[float]:
    timings: list[float] = []
    queue: asyncio.Queue[str] = asyncio.Queue()
    for index in range(total):
        queue.put_nowait(urls[index % len(urls)])

    async def worker() -> None:
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            while not queue.empty():
                url = queue.get_nowait()
                began = time.perf_counter()
                response = await client.get(url)
                timings.append((time.perf_counter() - began) * 1000)
                response.raise_for_status()

    await asyncio.gather(*(worker() for _ in range(clients)))
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store_path = Path(folder) / "bench.duckdb"
        with bundled_store(store_path) as store:
            slugs = [a.slug for a in Writer(store, Pack.load(DATASET)).areas()]
        server, thread, base = start(store_path)
        urls = [f"/datasets/{DATASET}/areas/{slug}" for slug in slugs]
        for url in urls:   # first visits write and store the stories
            httpx.get(base + url, timeout=60).raise_for_status()
        began = time.perf_counter()
        timings = asyncio.run(run(base, urls, args.clients, args.requests))
        elapsed = time.perf_counter() - began
        server.should_exit = True
        thread.join(timeout=10)
    timings.sort()
    p95 = timings[int(0.95 * (len(timings) - 1))]
    print(f"area page, {args.clients} concurrent clients, {len(timings)} requests over "
          f"{len(urls)} areas: p50 {statistics.median(timings):.0f} ms, p95 {p95:.0f} ms, "
          f"max {timings[-1]:.0f} ms, {len(timings) / elapsed:.0f} requests/s")


if __name__ == "__main__":
    main()
