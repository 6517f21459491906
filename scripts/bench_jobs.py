#!/usr/bin/env python3
"""-j 1 against -j 2 on one large input, on a shared machine (docs/BENCHMARKS.md, ninth session).

    scripts/bench_jobs.py [--unspin BINARY] [--data DIR] [--pairs N]

Runs `check` and `fix --no-config` on DIR/prose.txt and DIR/spun.txt (default .build-bench-data/, see
scripts/make_bench_corpus.py), by path and on standard input, -j 1 and -j 2 alternating, N pairs
(default 4), and prints a Markdown table: wall median and minimum, the run's CPU time (user + sys),
and the CPU time other processes used meanwhile (from /proc/stat: busy time of the whole machine
minus the run's own). Two threads are only faster when a second core is free; that last column
says whether one was.
"""
import argparse
import os
import resource
import statistics
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def machine_busy_seconds():
    fields = list(map(int, open('/proc/stat').readline().split()[1:]))
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf('SC_CLK_TCK')


def timed(args, stdin):
    busy0, wall0 = machine_busy_seconds(), time.perf_counter()
    usage0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(stdin or '/dev/null', 'rb') as source, open('/dev/null', 'wb') as sink:
        subprocess.run(args, stdin=source, stdout=sink, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - wall0
    usage1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage1.ru_utime - usage0.ru_utime + usage1.ru_stime - usage0.ru_stime
    return wall, cpu, max(0.0, machine_busy_seconds() - busy0 - cpu)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--unspin', default=os.path.join(ROOT, '.build/release/unspin'))
    parser.add_argument('--data', default=os.path.join(ROOT, '.build-bench-data'))
    parser.add_argument('--pairs', type=int, default=4)
    options = parser.parse_args()
    results = {}
    for _ in range(options.pairs):
        for name in ['prose', 'spun']:
            path = os.path.join(options.data, name + '.txt')
            for command in ['check', 'fix']:
                for stdin in [False, True]:
                    for jobs in ['1', '2']:
                        args = [options.unspin, command, '--no-config', '-j', jobs, '-' if stdin else path]
                        label = f"`{command} {'< ' if stdin else ''}{name}.txt`"
                        results.setdefault((label, jobs), []).append(timed(args, path if stdin else None))
    print('| 50 MB | -j | wall median / min | CPU (median) | others\' CPU meanwhile (median) |')
    print('|---|---:|---:|---:|---:|')
    for (label, jobs), runs in results.items():
        wall, cpu, others = zip(*runs)
        print(f'| {label} | {jobs} | {statistics.median(wall):.2f} / {min(wall):.2f} s | '
              f'{statistics.median(cpu):.2f} s | {statistics.median(others):.2f} s |')


if __name__ == '__main__':
    main()
