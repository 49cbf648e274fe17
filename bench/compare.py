#!/usr/bin/env python3
"""Two builds side by side, in alternating rounds (same load on both):
bench_oracle, bench_sim and bench_fuzz_sim per CPU second of the process,
and a 10 s `svafuzz run --backend uring --seed 1` (programs/s, accesses
judged per CPU second). Prints every round's figure and the median ratio.
Never fails on speed.

  bench/compare.py OLD_BUILD_DIR NEW_BUILD_DIR [rounds, default 3]

An old build: git worktree add /tmp/old <commit> && cmake -S /tmp/old -B /tmp/old/build
&& cmake --build /tmp/old/build -j2.
"""
import glob
import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile


def run(cmd):
    """Output of cmd and the CPU seconds it used."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(cmd, capture_output=True, text=True, check=False).stdout
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return out, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)


def one_round(d, add, tmp):
    out, _ = run([d + "/bench_oracle"])
    for m in re.finditer(r"^(\w+)\s+width.*?:\s+([\d.]+) M events/s", out, re.M):
        add("bench_oracle %s, M events per CPU s" % m.group(1), float(m.group(2)))
    out, cpu = run([d + "/bench_sim"])
    ev = 0.0
    for m in re.finditer(r"^sim\S*(?: alone)?\s+([\d.]+) s\s+\d+ steps/s\s+(\d+) events/s", out, re.M):
        ev += float(m.group(1)) * float(m.group(2))
    add("bench_sim both phases, events per CPU s", ev / cpu)
    out, cpu = run([d + "/bench_fuzz_sim", "2"])
    m = re.search(r"(\d+) runs in", out)
    add("bench_fuzz_sim, runs per CPU s", float(m.group(1)) / cpu)
    shutil.rmtree(tmp, ignore_errors=True)
    _, cpu = run([d + "/svafuzz", "run", "--backend", "uring", "--duration", "10s",
                  "--seed", "1", "-q", "--results", tmp])
    j = json.load(open(glob.glob(tmp + "/*/run.json")[0]))
    add("uring run, programs/s (wall)", j["programs"] / j["duration_s"])
    add("uring run, accesses judged per CPU s", j["accesses_judged"] / cpu)
    add("uring run, verdicts (must be 0)", j["verdicts"])


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    builds = {"old": sys.argv[1], "new": sys.argv[2]}
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    res = {}
    tmp = tempfile.mkdtemp(prefix="svafuzz-compare-")
    load0 = open("/proc/loadavg").read().split()[:3]
    for _ in range(rounds):
        for name, d in builds.items():
            one_round(d, lambda k, v, n=name: res.setdefault((n, k), []).append(v), tmp + "/r")
    shutil.rmtree(tmp, ignore_errors=True)
    print("load average %s at the start, %s at the end; %d rounds" %
          (" ".join(load0), " ".join(open("/proc/loadavg").read().split()[:3]), rounds))
    for k in sorted({k for _, k in res}):
        old, new = res[("old", k)], res[("new", k)]
        mo, mn = sorted(old)[len(old) // 2], sorted(new)[len(new) // 2]
        fmt = lambda xs: " ".join("%.4g" % x for x in xs)
        print("%-44s old [%s]  new [%s]  median new/old %s" %
              (k, fmt(old), fmt(new), "%.1f%%" % (100 * mn / mo) if mo else "-"))


if __name__ == "__main__":
    main()
