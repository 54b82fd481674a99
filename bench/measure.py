"""Run one command, then print its wall time (s) and peak memory (KiB) on stdout:
``python bench/measure.py COMMAND...``. The command's own output goes nowhere, its errors
to this process's stderr, and this process exits with its exit code.

The harness starts every measured process through this small one. On Linux a process's
peak memory (``ru_maxrss``) starts from the peak of the process that started it: measured
from the harness directly, every figure would be at least the harness's own peak (over
100 MB once it has generated a 20,000-module tree). Started from here, it starts from
this small process's 10 MB.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time


def main(command: list[str]) -> int:
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    print(f"{elapsed!r} {usage.ru_maxrss}", flush=True)
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
