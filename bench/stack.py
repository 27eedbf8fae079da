"""A whole PinBridge on this machine for benchmarks, each part its own process as in production:
embedded Redis, SQLite (or PINBRIDGE_BENCH_DATABASE_URL), `pinbridge simulator`, `pinbridge api`
(gunicorn) and N `pinbridge worker`s, all on 127.0.0.1."""

from __future__ import annotations

import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

from pinbridge.crypto import TokenCipher
from pinbridge.processes.embedded_redis import EmbeddedRedis
from pinbridge.processes.migrate import upgrade
from pinbridge.runtime import Runtime
from pinbridge.settings import Settings


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


IMAGE = "https://images.example.com/bench.jpg"


def direct_creates(sim: str, token: str, board: str, count: int, threads: int, prefix: str = "d") -> int:
    """``count`` pin creates sent straight to the simulator at ``sim`` (no PinBridge in between) by
    ``threads`` clients, each retrying a 429 with jittered exponential backoff (0.25 s doubling to
    8 s), as a naive direct client would; returns how many 429s they met."""
    remaining = list(range(count))
    lock = threading.Lock()
    limited = [0]

    def run() -> None:
        http = requests.Session()
        while True:
            with lock:
                if not remaining:
                    return
                n = remaining.pop()
            delay = 0.25
            while True:
                r = http.post(
                    f"{sim}/pins",
                    json={
                        "board_id": board,
                        "title": f"{prefix}{n}",
                        "media_source": {"source_type": "image_url", "url": IMAGE},
                    },
                    headers={"Authorization": f"Bearer {token}"},
                    timeout=30,
                )
                if r.status_code != 429:
                    r.raise_for_status()
                    break
                with lock:
                    limited[0] += 1
                time.sleep(delay * random.uniform(0.5, 1.5))
                delay = min(delay * 2, 8)

    clients = [threading.Thread(target=run) for _ in range(threads)]
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    return limited[0]


class Stack:
    def __init__(self, rate: float, workers: int, env: dict[str, str] | None = None) -> None:
        """``env`` adds to (or overrides) the processes' environment, e.g. a higher API rate limit."""
        self.rate, self.worker_count, self.extra_env = rate, workers, env or {}
        self.dir = Path(tempfile.mkdtemp(prefix="pinbridge-bench-"))
        self.processes: list[subprocess.Popen[bytes]] = []

    def _spawn(self, *args: str) -> subprocess.Popen[bytes]:
        log = open(self.dir / "processes.log", "ab")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            [sys.executable, "-m", "pinbridge", *args], env={**os.environ, **self.env}, stdout=log, stderr=log
        )
        self.processes.append(process)
        return process

    @staticmethod
    def _wait_http(url: str) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                requests.get(url, timeout=1)
                return
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError(f"{url} did not come up")

    def __enter__(self) -> Stack:
        self.redis = EmbeddedRedis(self.dir / "redis", free_port())
        self.redis.start()
        sim_port, api_port = free_port(), free_port()
        sim_base, self.api = f"http://127.0.0.1:{sim_port}", f"http://127.0.0.1:{api_port}"
        self.sim = f"{sim_base}/v5"
        self.env = {
            "PINBRIDGE_SIMULATOR_DATABASE_URL": f"sqlite:///{self.dir / 'sim.db'}",
            "PINBRIDGE_DATABASE_URL": os.environ.get("PINBRIDGE_BENCH_DATABASE_URL")
            or f"sqlite:///{self.dir / 'pb.db'}",
            "PINBRIDGE_REDIS_URL": self.redis.url,
            "PINBRIDGE_TOKEN_KEYS": f"b1:{TokenCipher.generate_key()}",
            "PINBRIDGE_SIMULATOR_URL": self.sim,
            "PINBRIDGE_RATE_LIMIT_STANDARD_ORG_WRITE": f"{self.rate:g}/1",
            "PINBRIDGE_RATE_LIMIT_STANDARD_ORG_READ": "100000/1",
            "PINBRIDGE_LOG_LEVEL": "WARNING",
            **self.extra_env,
        }
        upgrade(self.env["PINBRIDGE_DATABASE_URL"])
        self.simulator = self._spawn("simulator", "--port", str(sim_port))
        self._wait_http(f"{sim_base}/_simulator/config")
        requests.patch(
            f"{sim_base}/_simulator/config",
            json={
                "rate_org_write_capacity": self.rate,
                "rate_org_write_per_second": self.rate,
                "rate_org_read_capacity": 100000,
                "rate_org_read_per_second": 100000,
            },
            timeout=10,
        ).raise_for_status()
        self.api_process = self._spawn("api", "--port", str(api_port), "--workers", "2")
        self._wait_http(f"{self.api}/healthz")
        self.runtime = Runtime(Settings.from_env(self.env))
        return self

    def start_workers(self, layout: str = "lanes") -> None:
        """``shared``: every worker serves every lane and the sweep runs in one of their threads.
        ``lanes`` (docker-compose.yml's layout): one worker serves the bulk lane (backlogs) at
        lower CPU priority, the others webhooks and the fast lane, and ``pinbridge scheduler``
        runs the sweep in a process of its own."""
        lanes = ["all"] * self.worker_count if layout == "shared" else ["bulk"] + ["fast"] * (self.worker_count - 1)
        self.workers = [self._spawn("worker", "--lane", lane) for lane in lanes]
        if layout == "lanes":
            self.workers.append(self._spawn("scheduler"))
        deadline = time.monotonic() + 30
        while len(self.runtime.redis.smembers("rq:workers")) < self.worker_count:
            if time.monotonic() > deadline:
                raise RuntimeError(f"workers did not start; see {self.dir / 'processes.log'}")
            time.sleep(0.1)

    def stop_workers(self) -> None:
        for worker in self.workers:
            worker.terminate()
        for worker in self.workers:
            worker.wait(timeout=30)
            self.processes.remove(worker)
        deadline = time.monotonic() + 30
        while self.runtime.redis.smembers("rq:workers") and time.monotonic() < deadline:
            time.sleep(0.1)

    def __exit__(self, *exc: object) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        self.runtime.close()
        self.redis.stop()
