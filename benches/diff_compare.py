#!/usr/bin/env python3
"""Diff speed and quality, three ways in one run, on the same inputs:
Wiredesk's word diff (benches/diff.rs), Python's difflib.SequenceMatcher on
word tokens (what newsdiffs-style tools use) and diff-match-patch (what
Superdesk's compare view uses, with its semantic clean-up).

Inputs: (a) a 2,000-word story made of the corpus stories with 10% of its
words edited, and (b) the corpus version pairs, when ../shared/corpus is
there. Quality is judged by the number of change runs a reader must look
at (an adjacent deletion and insertion count once): fewer runs for the same
edit read better.

    pip install diff-match-patch
    python3 benches/diff_compare.py
"""
import difflib
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


def timed(fn):
    """Microseconds per call, repeated for at least half a second."""
    fn()
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < 0.5:
        fn()
        n += 1
    return (time.perf_counter() - start) * 1e6 / n


def runs_of(tags):
    runs, previous = 0, "equal"
    for tag in tags:
        if tag != "equal" and previous == "equal":
            runs += 1
        previous = tag
    return runs


def difflib_diff(old, new):
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [tag for tag, *_ in matcher.get_opcodes()]


def dmp_diff(dmp, old, new):
    diffs = dmp.diff_main(old, new)
    dmp.diff_cleanupSemantic(diffs)
    return ["equal" if op == 0 else "change" for op, _ in diffs]


def inputs():
    stories = sorted((CORPUS / "stories").glob("*.txt")) if CORPUS.exists() else []
    text = " ".join(p.read_text(encoding="utf-8", errors="replace") for p in stories)
    words = text.split() or ("the council approved the budget on monday " * 250).split()
    while len(words) < 2000:
        words = words + words
    words = words[:2000]
    rng = random.Random(7)
    edited = list(words)
    for i in rng.sample(range(len(words)), 200):
        edited[i] = rng.choice(["new", "revised", "7,000", "officials", "Thursday"])
    pairs = {"a-2000-words-10pct": (" ".join(words), " ".join(edited))}
    for a in sorted((CORPUS / "stories").glob("*-a.txt")) if CORPUS.exists() else []:
        b = a.with_name(a.name.replace("-a.txt", "-b.txt"))
        if b.exists():
            pairs["b-" + a.stem[:-2]] = (a.read_text(encoding="utf-8"), b.read_text(encoding="utf-8"))
    return pairs


def main():
    try:
        from diff_match_patch import diff_match_patch
    except ImportError:
        sys.exit("diff_compare: pip install diff-match-patch first")
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0  # a full diff, as the others do
    pairs = inputs()
    with tempfile.TemporaryDirectory() as folder:
        for name, (old, new) in pairs.items():
            Path(folder, name + ".old").write_text(old, encoding="utf-8")
            Path(folder, name + ".new").write_text(new, encoding="utf-8")
        run = subprocess.run(
            ["cargo", "bench", "--quiet", "--bench", "diff"],
            cwd=REPO,
            env={**os.environ, "WIREDESK_DIFF_INPUTS": folder},
            capture_output=True,
            text=True,
            check=True,
        )
    ours = {}
    for line in run.stdout.splitlines():
        if line.startswith("{"):
            record = json.loads(line)
            ours[record["name"]] = record
    print(f"{'input':<22} {'wiredesk µs':>12} {'difflib µs':>11} {'dmp µs':>9} "
          f"{'×difflib':>9} {'×dmp':>7}   runs: wiredesk / difflib / dmp")
    for name, (old, new) in pairs.items():
        w = ours[name]
        d_us = timed(lambda: difflib_diff(old, new))
        m_us = timed(lambda: dmp_diff(dmp, old, new))
        d_runs = runs_of(difflib_diff(old, new))
        m_runs = runs_of(dmp_diff(dmp, old, new))
        print(f"{name:<22} {w['us']:>12.0f} {d_us:>11.0f} {m_us:>9.0f} "
              f"{d_us / w['us']:>8.1f}× {m_us / w['us']:>6.1f}×   {w['runs']} / {d_runs} / {m_runs}")


if __name__ == "__main__":
    main()
