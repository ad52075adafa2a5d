#!/usr/bin/env python3
"""Throughput past one process: the CLI record stream, the Python binding and a Spark local job
on the same documents, in one run (bench/RESULTS.md, "Past one machine").

    target/spark-venv/bin/python bench/scale.py --bin target/python/release/claimlint --copies 8

Documents: every UTF-8 .txt/.html of corpus/synthetic, repeated --copies times (ids differ).
Needs the claimlint wheel, pyspark and pyarrow in the running interpreter (.ci/spark.sh makes
such a venv).
"""

import argparse
import json
import os
import pathlib
import resource
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "python/tests"))

from conftest import corpus_documents  # noqa: E402


def cpu_now():
    """CPU seconds of this process (all threads) and of its waited-for children."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


CPU = {}


def best(f, repeat, name=None):
    """Best wall time of `repeat` runs (the least disturbed by other load on a shared machine);
    the CPU seconds of the run with the least CPU go to CPU[name]: on a loaded machine CPU time,
    not wall time, is what a dedicated core would need."""
    times, cpus = [], []
    for _ in range(repeat):
        c, t = cpu_now(), time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
        cpus.append(cpu_now() - c)
    if name:
        CPU[name] = min(cpus)
    return min(times), statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=str(ROOT / "target/release/claimlint"))
    ap.add_argument("--copies", type=int, default=8)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-spark", action="store_true")
    args = ap.parse_args()

    import claimlint

    base = corpus_documents()
    docs = [(f"{c}:{i}", k, t) for c in range(args.copies) for (i, k, t) in base]
    n = len(docs)
    mb = sum(len(t.encode()) for _, _, t in docs) / 1e6
    print(f"{n} documents, {mb:.1f} MB, {os.cpu_count()} cores, load average {open('/proc/loadavg').read().split()[:3]}")
    results = {"documents": n, "megabytes": round(mb, 2)}

    records = "".join(json.dumps({"id": i, k: t}) + "\n" for i, k, t in docs).encode()

    def cli(jobs):
        out = subprocess.run(
            [args.bin, "check", "--records", "--no-config", "-j", str(jobs)],
            input=records,
            capture_output=True,
        )
        assert out.returncode in (0, 1), out.stderr
        assert out.stdout.count(b"\n") == n

    for jobs in (1, 2):
        t, med = best(lambda: cli(jobs), args.repeat, f"cli_records_j{jobs}")
        results[f"cli_records_j{jobs}"] = t
        cpu = CPU[f"cli_records_j{jobs}"]
        print(f"CLI --records -j {jobs}: {t:.2f} s (median {med:.2f}) = {n / t:.0f} docs/s; CPU {cpu:.2f} s = {cpu / n * 1000:.2f} ms/doc")

    # One process per document, as a crawl without --records would run it.
    sample = [ROOT / p for p, _, _ in base[:40]]
    c0, t0 = cpu_now(), time.perf_counter()
    for p in sample:
        subprocess.run([args.bin, "check", "--no-config", "--format", "json", str(p)], capture_output=True)
    per_process = (time.perf_counter() - t0) / len(sample)
    CPU["cli_process_per_doc"] = (cpu_now() - c0) / len(sample)
    results["cli_process_per_doc"] = per_process
    print(f"CLI one process per document: {per_process * 1000:.0f} ms/doc = {1 / per_process:.1f} docs/s; CPU {CPU['cli_process_per_doc'] * 1000:.0f} ms/doc")

    t0 = time.perf_counter()
    checker = claimlint.Checker()
    results["checker_compile"] = time.perf_counter() - t0
    print(f"Checker(): {results['checker_compile'] * 1000:.0f} ms")

    texts = [t for _, _, t in docs]
    kinds = [k for _, k, _ in docs]
    for jobs in (1, 2):
        t, med = best(lambda: checker.check_batch(texts, kinds, jobs=jobs), args.repeat, f"py_batch_j{jobs}")
        results[f"py_batch_j{jobs}"] = t
        cpu = CPU[f"py_batch_j{jobs}"]
        print(f"Python check_batch jobs={jobs}: {t:.2f} s (median {med:.2f}) = {n / t:.0f} docs/s; CPU {cpu:.2f} s = {cpu / n * 1000:.2f} ms/doc")

    def loop():
        for t, k in zip(texts, kinds):
            checker.check(t, k)

    t, med = best(loop, args.repeat, "py_check_loop")
    results["py_check_loop"] = t
    cpu = CPU["py_check_loop"]
    print(f"Python check() per document: {t:.2f} s (median {med:.2f}) = {n / t:.0f} docs/s; CPU {cpu:.2f} s = {cpu / n * 1000:.2f} ms/doc")

    calls = 20000
    t, _ = best(lambda: [checker.check("") for _ in range(calls)], args.repeat, "py_empty")
    results["py_call_overhead"] = t / calls
    print(f"Python check('') per call: {t / calls * 1e6:.1f} µs wall, {CPU['py_empty'] / calls * 1e6:.1f} µs CPU")

    if not args.no_spark:
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        from pyspark.sql import SparkSession

        from claimlint.spark import findings

        spark = (
            SparkSession.builder.master("local[2]")
            .appName("claimlint-bench")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.memory", "2g")
            .getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")
        df = spark.createDataFrame(docs, "id string, kind string, text string").repartition(4).cache()
        df.count()

        def job():
            findings(df, kind_col="kind").write.format("noop").mode("overwrite").save()

        job()  # warm: Python workers start and compile their Checker
        t, med = best(job, args.repeat)
        results["spark_local2"] = t
        print(f"Spark local[2], 4 partitions (warm): {t:.2f} s (median {med:.2f}) = {n / t:.0f} docs/s")
        spark.stop()

    results["cpu_seconds"] = CPU
    print(f"load average after: {open('/proc/loadavg').read().split()[:3]}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
