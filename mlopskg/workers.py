"""SPARQL from others (the HTTP endpoint, the app) in worker processes.

Oxigraph cannot stop a running query (oxigraph/oxigraph#1336): a query that sorts or groups a huge
intermediate result computes before its first row, so no time check is reached, and it grows until the
machine runs out of memory. Each worker process holds its own copy of the store; the worker of a query
past the time limit is killed, a query past the memory limit ends its worker, and the next query starts
a fresh one. Every process started here is stopped by its id.
"""

from __future__ import annotations

import atexit
import queue
import re
import resource
import signal
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from .errors import KGError, QueryTimeout, ResultTooLarge, StoreError
from .store import GraphStore, MemoryStore, OxigraphStore, QueryResult

START_TIMEOUT = 300.0   # seconds a worker may take to load the store
GRACE = 2.0             # seconds past the query time limit before a worker is killed


@dataclass(frozen=True)
class StoreSpec:
    """How to open a local store: what a worker process needs to open its own copy."""

    kind: str                                   # "oxigraph-memory" | "oxigraph-disk" | "memory"
    graph_file: Path
    named_files: dict[str, Path] = field(default_factory=dict)
    store_dir: Path | None = None

    def open(self) -> GraphStore:
        if self.kind == "oxigraph-disk":
            return OxigraphStore.open(self.store_dir)
        if self.kind == "memory":
            return MemoryStore.from_files(self.graph_file, self.named_files)
        return OxigraphStore.load(self.graph_file, self.named_files)


def _vm_size() -> int:
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmSize:\s+(\d+)", status).group(1)) * 1024


def _work(conn: Connection) -> None:
    """A worker: receive the store's spec and the memory limit, open the store, cap the address space at
    its size plus the limit, answer queries until the connection closes."""
    spec, memory_mb = conn.recv()
    try:
        store = spec.open()
        limit = _vm_size() + memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except KGError as exc:
        conn.send(("error", exc))
        return
    conn.send(("ready", None))
    while True:
        try:
            sparql, timeout, max_rows = conn.recv()
        except EOFError:  # the parent closed the connection or died
            return
        try:
            conn.send(("ok", store.query(sparql, timeout=timeout, max_rows=max_rows)))
        except KGError as exc:
            conn.send(("error", exc))
        except MemoryError:
            conn.send(("error", ResultTooLarge(f"the query needed more than {memory_mb} MB of memory and was stopped")))
        except Exception as exc:  # noqa: BLE001 - a worker answers every query, whatever went wrong
            conn.send(("error", StoreError(f"the query worker failed: {exc}")))


class Worker:
    """One worker process (`python -m mlopskg.workers`), talking over a socket pair."""

    def __init__(self, spec: StoreSpec, memory_mb: int):
        self.memory_mb = memory_mb
        mine, theirs = socket.socketpair()
        with theirs:
            self.process = subprocess.Popen([sys.executable, "-m", "mlopskg.workers", str(theirs.fileno())],
                                            pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL,
                                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.conn = Connection(mine.detach())
        try:
            self.conn.send((spec, memory_mb))
            ready = self.conn.poll(START_TIMEOUT)
            status, payload = self.conn.recv() if ready else ("error", None)
        except (EOFError, OSError):
            status, payload = "error", None
        if status != "ready":
            self.stop()
            raise payload if isinstance(payload, KGError) else StoreError(
                f"a query worker could not open the store (exit code {self.process.returncode})")

    def run(self, sparql: str, timeout: float, max_rows: int) -> QueryResult:
        self.conn.send((sparql, timeout, max_rows))
        if not self.conn.poll(timeout + GRACE):
            self.stop()
            raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped")
        try:
            status, payload = self.conn.recv()
        except (EOFError, OSError):
            self.stop()
            if self.process.returncode == -signal.SIGABRT:  # an allocation past the memory limit aborts it
                raise ResultTooLarge(f"the query needed more than {self.memory_mb} MB of memory and was stopped") from None
            raise StoreError(f"the query worker ended unexpectedly (exit code {self.process.returncode})") from None
        if status == "error":
            raise payload
        return payload

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        self.conn.close()
        if self.process.poll() is None:
            self.process.kill()  # SIGKILL to this worker's pid
        self.process.wait(10)


class QueryWorkers:
    """A pool of up to `size` workers, started when first needed."""

    def __init__(self, spec: StoreSpec, size: int, memory_mb: int):
        self.spec, self.size, self.memory_mb = spec, max(1, size), memory_mb
        self._idle: queue.SimpleQueue[Worker] = queue.SimpleQueue()
        self._all: list[Worker] = []
        self._lock = threading.Lock()
        self._free = threading.Semaphore(self.size)
        atexit.register(self.close)  # no worker outlives this process, even when nobody calls close()

    def query(self, sparql: str, *, timeout: float, max_rows: int) -> QueryResult:
        with self._free:
            worker = self._take()
            try:
                return worker.run(sparql, timeout, max_rows)
            finally:
                self._give_back(worker)

    def _take(self) -> Worker:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            worker = Worker(self.spec, self.memory_mb)
            with self._lock:
                self._all.append(worker)
            return worker

    def _give_back(self, worker: Worker) -> None:
        if worker.alive:
            self._idle.put(worker)
        else:
            with self._lock:
                if worker in self._all:
                    self._all.remove(worker)

    def close(self) -> None:
        atexit.unregister(self.close)
        with self._lock:
            workers, self._all = self._all, []
        for worker in workers:
            worker.stop()


if __name__ == "__main__":
    _work(Connection(int(sys.argv[1])))
