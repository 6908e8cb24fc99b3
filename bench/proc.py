"""Resident memory and CPU time of a process group, read from /proc (Linux; no psutil needed).

Each service of launcher/stack.py runs in its own process group (start_new_session), so a
group's figures are the service's, whatever it forks (Sanic, tokenizers, a TF thread pool).
"""

from __future__ import annotations

import os
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid: str) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw[raw.rfind(")") + 2:].split()  # the fields after "(comm)", comm may hold spaces


def group_pids(pgid: int) -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat_fields(entry)
            if fields and int(fields[2]) == pgid:  # field 5 of stat: process group
                pids.append(int(entry))
    return pids


def rss_mib(pgid: int) -> float:
    """Sum of VmRSS over the group (shared pages counted once per process)."""
    total_kib = 0
    for pid in group_pids(pgid):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kib += int(line.split()[1])
        except OSError:
            pass
    return total_kib / 1024


def cpu_s(pgid: int) -> float:
    """User + system CPU seconds used so far by the group's live processes."""
    ticks = 0
    for pid in group_pids(pgid):
        fields = _stat_fields(str(pid))
        if fields:
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / CLOCK_TICKS


def machine() -> str:
    """One line: CPU model, cores, memory, kernel."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        mem_kib = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                       if line.startswith("MemTotal:"))
    except (OSError, StopIteration):
        mem_kib = 0
    return f"{model}, {os.cpu_count()} cores, {mem_kib / 1024 / 1024:.0f} GiB, Linux {os.uname().release}"


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"
