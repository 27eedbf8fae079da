"""Peak memory of a real API process while it receives a large asset upload over HTTP.

Starts ``pinbridge api`` (gunicorn, one worker) on SQLite in a temporary directory, creates a live
workspace (no simulator needed), writes a structurally valid MP4 of ``--size-mb`` megabytes, and
uploads it as ``POST /v1/assets`` multipart through a socket, streamed from disk. A thread samples
the RSS of the gunicorn master and worker from /proc every 20 ms. Same-run baselines: the idle
worker, and a small upload of the same kind. Prints a table; exits 1 when the worker's peak RSS
reaches ``--limit-mb`` (100 by default).

    .venv/bin/python bench/upload_memory.py              # 500 MB
    .venv/bin/python bench/upload_memory.py --size-mb 50

Linux only (reads /proc). Needs about ``2 × size`` of free disk in the temp directory.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

from pinbridge.crypto import TokenCipher
from pinbridge.multipart import MultipartBody

MB = 1024 * 1024


def box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def write_video(path: Path, size: int) -> None:
    """ftyp + moov (mvhd with a 10-minute duration) + one big mdat, written 4 MB at a time."""
    mvhd = bytes(4) + struct.pack(">IIII", 0, 0, 1000, 600_000) + bytes(80)
    head = box(b"ftyp", b"isom" + struct.pack(">I", 0x200) + b"isommp42") + box(b"moov", box(b"mvhd", mvhd))
    block = bytes(range(256)) * (4 * MB // 256)
    remaining = size - len(head) - 16
    with path.open("wb") as f:
        f.write(head + struct.pack(">I4sQ", 1, b"mdat", 16 + remaining))
        while remaining > 0:
            f.write(block[: min(len(block), remaining)])
            remaining -= min(len(block), remaining)


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (FileNotFoundError, IndexError, ValueError):
                continue
    return found


class Sampler(threading.Thread):
    def __init__(self, pids: dict[str, int]) -> None:
        super().__init__(daemon=True)
        self.pids, self.peak = pids, dict.fromkeys(pids, 0)
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.wait(0.02):
            for name, pid in self.pids.items():
                self.peak[name] = max(self.peak[name], rss_kb(pid))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cli(env: dict[str, str], *args: str) -> str:
    return subprocess.run(
        [sys.executable, "-m", "pinbridge", *args], env=env, check=True, capture_output=True, text=True
    ).stdout


def upload(base: str, key: str, path: Path) -> tuple[int, float]:
    with path.open("rb") as f:
        body = MultipartBody([], f, path.stat().st_size, filename=path.name, file_content_type="video/mp4")
        started = time.monotonic()
        response = requests.post(
            f"{base}/v1/assets",
            data=body,
            timeout=600,
            headers={"Authorization": f"Bearer {key}", "Content-Type": body.content_type},
        )
    elapsed = time.monotonic() - started
    if response.status_code not in (200, 201):
        raise SystemExit(f"upload failed: {response.status_code} {response.text[:300]}")
    return response.json()["size_bytes"], elapsed


def measure(base: str, key: str, path: Path, pids: dict[str, int]) -> dict[str, float]:
    before = {name: rss_kb(pid) for name, pid in pids.items()}
    sampler = Sampler(pids)
    sampler.start()
    size, seconds = upload(base, key, path)
    sampler.stopping.set()
    sampler.join()
    return {
        "size": size,
        "seconds": seconds,
        "before": before["worker"],
        "peak": sampler.peak["worker"],
        "master": sampler.peak["master"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=500)
    parser.add_argument("--limit-mb", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pinbridge-bench-") as tmp:
        root = Path(tmp)
        port = free_port()
        env = {
            **os.environ,
            "PINBRIDGE_DATA_DIR": str(root),
            "PINBRIDGE_DATABASE_URL": f"sqlite:///{root / 'bench.db'}",
            "PINBRIDGE_REDIS_URL": "redis://127.0.0.1:1/0",  # the upload path needs no Redis
            "PINBRIDGE_TOKEN_KEYS": f"b1:{TokenCipher.generate_key()}",
            "PINBRIDGE_LOG_LEVEL": "WARNING",
        }
        cli(env, "migrate")
        key = json.loads(cli(env, "workspace", "create", "--name", "bench", "--environment", "live", "--json"))[
            "api_key"
        ]
        small, big = root / "small.mp4", root / "big.mp4"
        write_video(small, 5 * MB)
        write_video(big, args.size_mb * MB)
        server = subprocess.Popen(
            [sys.executable, "-m", "pinbridge", "api", "--port", str(port), "--workers", "1"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(root / "api.log").open("w"),
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                try:
                    if requests.get(f"{base}/healthz", timeout=1).ok:
                        break
                except requests.ConnectionError:
                    time.sleep(0.1)
            workers = children(server.pid)
            if len(workers) != 1:
                raise SystemExit(f"expected one gunicorn worker, found {workers}")
            pids = {"master": server.pid, "worker": workers[0]}
            warm = root / "warm.mp4"
            write_video(warm, 1 * MB)
            upload(base, key, warm)  # first request: imports and connections, not measured
            idle = rss_kb(pids["worker"])
            rows = [("5 MB", measure(base, key, small, pids)), (f"{args.size_mb} MB", measure(base, key, big, pids))]
        finally:
            server.terminate()
            server.wait(timeout=30)
    print("\nPOST /v1/assets over HTTP to `pinbridge api` (gunicorn, 1 worker); RSS sampled every 20 ms\n")
    print(
        f"{'upload':>8} | {'seconds':>7} | {'MB/s':>6} | {'worker RSS before':>17} | {'worker peak':>11} | {'growth':>7} | {'master peak':>11}"
    )
    print("-" * 90)
    print(f"{'idle':>8} | {'':>7} | {'':>6} | {idle / 1024:>14.1f} MB | {'':>11} | {'':>7} | {'':>11}")
    for label, r in rows:
        print(
            f"{label:>8} | {r['seconds']:>7.2f} | {r['size'] / MB / r['seconds']:>6.0f} | {r['before'] / 1024:>14.1f} MB"
            f" | {r['peak'] / 1024:>8.1f} MB | {(r['peak'] - r['before']) / 1024:>4.1f} MB | {r['master'] / 1024:>8.1f} MB"
        )
    peak = rows[-1][1]["peak"] / 1024
    verdict = "OK" if peak < args.limit_mb else "OVER"
    print(f"\n{verdict}: worker peak {peak:.1f} MB while receiving {args.size_mb} MB (limit {args.limit_mb} MB)")
    return 0 if peak < args.limit_mb else 1


if __name__ == "__main__":
    sys.exit(main())
