"""One Python measurement for scripts/bench.ts, in a fresh interpreter; prints one JSON line.

    python scripts/bench-python.py import <module>                  # e.g. cdktf_cdktf_provider_aws
    python scripts/bench-python.py import <module> --after <first>  # what <module> adds once <first> is imported
    python scripts/bench-python.py app <main.py>                    # run an app (its synth) as __main__
    ... --no-gc                                                     # with Python's cyclic GC off meanwhile
    ... --keep-gc                                                   # the app's gc.disable() made a no-op

Reports, in ms: `wall` (the import or the app), `python` (CPU time of this interpreter: Python code,
module bodies, class definitions), `kernel` (CPU time of the jsii kernel, the Node.js child process
that loads each package's assembly and runs the constructs; measured after stopping it), `loads`
(wall time of each jsii assembly load, by package, as the kernel answers them), `modules` (Python
modules imported) and the peak RSS of both processes (KB).
"""
import gc
import importlib
import json
import resource
import runpy
import sys
import time


def cpu_ms(who: int) -> float:
    r = resource.getrusage(who)
    return (r.ru_utime + r.ru_stime) * 1000


def main() -> None:
    what, target = sys.argv[1], sys.argv[2]
    after = sys.argv[sys.argv.index("--after") + 1] if "--after" in sys.argv else None
    loads: dict = {}

    # Time every assembly load the Python side asks the kernel for (the call blocks until it is done).
    from jsii._kernel import Kernel

    original_load = Kernel.load

    def timed_load(self, name, version, tarball):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return original_load(self, name, version, tarball)
        finally:
            loads[name] = round((time.perf_counter() - start) * 1000, 1)

    Kernel.load = timed_load  # type: ignore[method-assign]
    if after:
        importlib.import_module(after)
        loads.clear()
    if "--no-gc" in sys.argv:
        gc.disable()
    if "--keep-gc" in sys.argv:
        gc.disable = lambda: None  # the counterfactual: the app as if it left the GC on during imports
    modules_before = len(sys.modules)
    cpu0, wall0 = cpu_ms(resource.RUSAGE_SELF), time.perf_counter()
    if what == "import":
        importlib.import_module(target)
    elif what == "app":
        sys.argv = [target]
        runpy.run_path(target, run_name="__main__")
    else:
        raise SystemExit(f"unknown measurement {what}")
    wall = (time.perf_counter() - wall0) * 1000
    python = cpu_ms(resource.RUSAGE_SELF) - cpu0
    gc.enable()
    modules = len(sys.modules) - modules_before
    rss_python = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    # Stop the kernel so its CPU time and peak RSS are reported as a finished child's.
    Kernel().provider._process.stop()  # type: ignore[attr-defined]
    kernel = cpu_ms(resource.RUSAGE_CHILDREN)
    rss_kernel = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({
        "wall": round(wall, 1),
        "python": round(python, 1),
        "kernel": round(kernel, 1),
        "loads": loads,
        "modules": modules,
        "rssPythonKb": rss_python,
        "rssKernelKb": rss_kernel,
    }))


if __name__ == "__main__":
    main()
