"""Paired timing of pages against a floor page, for a shared machine whose speed swings.

Every page request is made right after a request for the floor (the trivial page: the session, the user and
their roles, base.html). The figure for a page is the median of the per-pair ratios page/floor over several
blocks: when the machine slows down, both requests of a pair slow down together and their ratio stays. The
CPU a request costs is measured too: this process's CPU time plus that of its PostgreSQL backend (read from
/proc, the server runs on this machine), which stays stable when wall time does not.
"""

import gc
import os
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass

from django.db import connection

CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def backend_cpu_seconds() -> float | None:
    """CPU seconds used so far by this connection's PostgreSQL backend; None when it cannot be read."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


@dataclass
class PairedFigure:
    name: str
    ratio: float  # median of page/floor over all pairs
    ratio_low: float  # the lowest and highest block median: how much the figure moved
    ratio_high: float
    page_ms: float  # median wall time of the page (informative only: the machine is shared)
    floor_ms: float
    cpu_ms: float  # Python process CPU per request
    db_cpu_ms: float | None  # its PostgreSQL backend's CPU per request
    queries: int
    kib: float
    status: int
    peak_mib: float  # Python memory allocated at the peak of one request beyond what it started with (tracemalloc)

    def as_dict(self) -> dict:
        return asdict(self)


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _body(response) -> bytes:
    """The response's bytes; a streamed one is read once (and kept on it)."""
    if not getattr(response, "streaming", False):
        return response.content
    if not hasattr(response, "benchmark_body"):
        response.benchmark_body = b"".join(response.streaming_content)
    return response.benchmark_body


def _peak_mib(get: Callable[[], object]) -> float:
    """What one request allocates at its peak, in MiB, beyond what was allocated when it started."""
    gc.collect()
    tracemalloc.start()
    try:
        start, _ = tracemalloc.get_traced_memory()
        _body(get())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return (peak - start) / 2**20


def _timed(get: Callable[[], object]) -> tuple[float, float, float | None, object]:
    db0 = backend_cpu_seconds()
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    response = get()
    _body(response)  # a streamed response (a download) is timed until its last byte
    wall = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    db1 = backend_cpu_seconds()
    return wall, cpu, (db1 - db0) if db0 is not None and db1 is not None else None, response


def measure_paired(name: str, page: Callable[[], object], floor: Callable[[], object], *, blocks: int, pairs: int):
    """Time `page` right after `floor`, `pairs` times in each of `blocks` blocks; both are warmed up first."""
    floor()
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        response = page()
    _body(response)
    peak_mib = _peak_mib(page)
    ratios, block_medians, page_walls, floor_walls, cpus, db_cpus = [], [], [], [], [], []
    for _block in range(blocks):
        gc.collect()  # garbage left by what ran before is not billed to this block
        block = []
        for _pair in range(pairs):
            floor_wall, _cpu, _db, _response = _timed(floor)
            page_wall, cpu, db_cpu, _response = _timed(page)
            block.append(page_wall / floor_wall)
            page_walls.append(page_wall)
            floor_walls.append(floor_wall)
            cpus.append(cpu)
            if db_cpu is not None:
                db_cpus.append(db_cpu)
        ratios += block
        block_medians.append(statistics.median(block))
    return PairedFigure(
        name=name,
        ratio=statistics.median(ratios),
        ratio_low=min(block_medians),
        ratio_high=max(block_medians),
        page_ms=statistics.median(page_walls) * 1000,
        floor_ms=statistics.median(floor_walls) * 1000,
        cpu_ms=statistics.fmean(cpus) * 1000,
        db_cpu_ms=statistics.fmean(db_cpus) * 1000 if db_cpus else None,
        queries=counter.count,
        kib=len(_body(response)) / 1024,
        status=response.status_code,
        peak_mib=peak_mib,
    )


def table(figures: list[PairedFigure]) -> str:
    """The figures as a plain-text table."""
    head = (
        f"{'page':<44} {'x floor':>8} {'(blocks)':>13} {'CPU ms':>7} {'DB CPU':>7} "
        f"{'queries':>8} {'KiB':>6} {'+MiB':>6} {'page ms':>8} {'floor ms':>9}"
    )
    lines = [head, "-" * len(head)]
    for f in figures:
        db = f"{f.db_cpu_ms:>7.1f}" if f.db_cpu_ms is not None else f"{'-':>7}"
        lines.append(
            f"{f.name:<44} {f.ratio:>8.1f} {f'{f.ratio_low:.1f}-{f.ratio_high:.1f}':>13} {f.cpu_ms:>7.1f} {db} "
            f"{f.queries:>8} {f.kib:>6.0f} {f.peak_mib:>6.1f} {f.page_ms:>8.1f} {f.floor_ms:>9.1f}"
        )
    return "\n".join(lines)
