"""Latency of the editor's desk on loopback, 20 concurrent clients, with and without a check.

Builds a store from the bundled data plus the Home Office rolling-year table (43 forces, 25
offence groups, 2002/03 to 2018), starts `localwire serve` in its own process on a free
127.0.0.1 port, signs in (when the desk has accounts), warms every page up once, then for each
of two pages, the Home Office dataset page and the area pages of the forces with NSPCC data,
runs 40 requests from one client (the warm latency of a page), then a bounded number from 20
concurrent clients: once alone, and once while one more client checks a 100 KB text over and
over (POST /check). Prints p50/p95/max in ms.

    python bench/web.py [--clients 20] [--requests 200]

Needs ../shared/data beside the checkout (the Home Office file is not bundled).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from localwire.desk.selfcheck import story_writer
from localwire.importing import import_file
from localwire.importing.bundled_data import bundled_store
from localwire.write.pack import Pack

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("LOCALWIRE_SHARED", ROOT.parent / "shared"))
HOME_OFFICE = SHARED / "data" / "raw" / "rec_crime_pfa_rolling_year_2003-2018__Crime_Project.csv"
SEEDS = SHARED / "seeds"
NSPCC = "nspcc-child-sex-offences"
CRIME = "police-recorded-crime"
CHECK_CHARS = 100_000
USER, PASSWORD = "bench", "bench-password-1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_store(path: Path) -> list[str]:
    """The store, and the area pages of the forces that get an NSPCC story."""
    with bundled_store(path) as store:
        import_file(store, HOME_OFFICE, dataset=CRIME, recipe="home-office-rolling-year")
        slugs = [a.slug for a in story_writer(store, Pack.load(NSPCC)).areas()]
    localwire = [sys.executable, "-m", "localwire"]
    if _has_command("users"):
        subprocess.run([*localwire, "users", "add", USER, "--db", str(path), "--password-stdin"],
                       input=PASSWORD, text=True, check=True, capture_output=True)
        subprocess.run([*localwire, "generate", NSPCC, "--db", str(path)], check=True,
                       capture_output=True)
    return [f"/datasets/{NSPCC}/areas/{slug}" for slug in slugs]


def _has_command(name: str) -> bool:
    found = subprocess.run([sys.executable, "-m", "localwire", name, "--help"],
                           capture_output=True, text=True)
    return found.returncode == 0


@contextlib.contextmanager
def serve(store_path: Path):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "localwire", "serve", "--db",
                                str(store_path), "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                httpx.get(base + "/static/style.css", timeout=2)
                break
            time.sleep(0.2)
        else:
            raise SystemExit("the desk did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def sign_in(base: str) -> dict[str, str]:
    """Cookies of a signed-in session (an empty dict on a desk without accounts)."""
    with httpx.Client(base_url=base, timeout=30, headers={"origin": base}) as client:
        form = client.get("/login")
        if form.status_code == 404:
            return {}
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
        signed = client.post("/login", data={"csrf_token": token, "name": USER,
                                             "password": PASSWORD})
        if signed.status_code != 303:
            raise SystemExit(f"cannot sign in: {signed.status_code}")
        return dict(client.cookies)


def check_text() -> str:
    """A 100 KB text of real article paragraphs (the seed articles, repeated)."""
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    text = ""
    while len(text) < CHECK_CHARS:
        text += "\n\n".join(seeds) + "\n\n"
    return text[:CHECK_CHARS]


async def load(base: str, cookies: dict[str, str], urls: list[str], clients: int, total: int,
               checking: bool) -> tuple[list[float], int]:
    """Latencies of `total` GETs from `clients` clients; with `checking`, one more client
    posts the 100 KB text to /check until they are done. Returns (latencies, checks done)."""
    timings: list[float] = []
    queue: asyncio.Queue[str] = asyncio.Queue()
    for index in range(total):
        queue.put_nowait(urls[index % len(urls)])
    done = asyncio.Event()
    checks = 0

    async def reader() -> None:
        async with httpx.AsyncClient(base_url=base, timeout=600, cookies=cookies) as client:
            while not queue.empty():
                url = queue.get_nowait()
                began = time.perf_counter()
                response = await client.get(url)
                timings.append((time.perf_counter() - began) * 1000)
                response.raise_for_status()

    async def checker() -> None:
        nonlocal checks
        text = check_text()
        async with httpx.AsyncClient(base_url=base, timeout=600, cookies=cookies,
                                     headers={"origin": base}) as client:
            while not done.is_set():
                form = await client.get("/check")
                token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
                response = await client.post("/check", data={"csrf_token": token, "text": text})
                response.raise_for_status()
                checks += 1

    async def readers() -> None:
        await asyncio.gather(*(reader() for _ in range(clients)))
        done.set()

    tasks = [readers()] + ([checker()] if checking else [])
    await asyncio.gather(*tasks)
    return timings, checks


def report(name: str, timings: list[float], checks: int, clients: int) -> None:
    timings.sort()
    p95 = timings[int(0.95 * (len(timings) - 1))]
    extra = f", {checks} checks of 100 KB alongside" if checks else ", no check alongside"
    print(f"{name}: {clients} clients, {len(timings)} requests{extra}: "
          f"p50 {statistics.median(timings):.0f} ms, p95 {p95:.0f} ms, "
          f"max {timings[-1]:.0f} ms", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    if not HOME_OFFICE.is_file():
        raise SystemExit(f"{HOME_OFFICE} not found; set LOCALWIRE_SHARED")
    with tempfile.TemporaryDirectory() as folder:
        store_path = Path(folder) / "bench.duckdb"
        area_urls = build_store(store_path)
        pages = {"Home Office dataset page (43 forces)": [f"/datasets/{CRIME}"],
                 f"area page ({len(area_urls)} forces)": area_urls}
        with serve(store_path) as base:
            cookies = sign_in(base)
            print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} "
                  "(other work on the machine inflates the 20-client figures)", flush=True)
            for urls in pages.values():
                for url in urls:   # warm: the first visit may compute and cache
                    httpx.get(base + url, cookies=cookies, timeout=600).raise_for_status()
            for name, urls in pages.items():
                timings, _ = asyncio.run(load(base, cookies, urls, 1, 40, False))
                report(name, timings, 0, 1)
                for checking in (False, True):
                    timings, checks = asyncio.run(load(base, cookies, urls, args.clients,
                                                       args.requests, checking))
                    report(name, timings, checks, args.clients)


if __name__ == "__main__":
    main()
