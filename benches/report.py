#!/usr/bin/env python3
"""Runs Wiredesk's comparison benchmarks and writes BENCHMARKS.md.

Every figure is set against a baseline measured in the same run on the same
machine: ingest against bare INSERTs of the same rows, claim detection
against a regex scan of the same text, diff against Python's difflib and
diff-match-patch, search against a LIKE scan of the same library; and the
desk's operations on a large generated library against their targets.

    python3 benches/report.py                       # builds a 1,000,000-story library first
    python3 benches/report.py --library DB          # measures a library built before
    python3 benches/report.py --stories 100000      # a smaller library

It takes a while (the million-story library alone is most of an hour on
two cores). Run it by hand on a quiet machine and commit BENCHMARKS.md.
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CLI = REPO / "target" / "release" / "wiredesk"

TARGETS = {
    "open_ms": ("library open", 1000.0),
    "inbox_first_page_ms": ("inbox, first page", 20.0),
    "inbox_deep_page_by_cursor_ms": ("inbox, a page half way down (as the app pages)", 20.0),
    "inbox_deep_page_ms": ("inbox, a page half way down by OFFSET (not how the app pages)", None),
    "open_story_ms": ("open a story with its claims and the checks against its wire copy", 20.0),
    "figure_findings_ms": ("figures compared with other stories (shown once the story is open)", None),
    "diff_ms": ("diff of an edited story against its wire original", None),
}


def run(args, **kwargs):
    print("$", " ".join(str(a) for a in args), file=sys.stderr)
    return subprocess.run(args, cwd=REPO, check=True, text=True, capture_output=True, **kwargs).stdout


def machine():
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")).split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    return f"{os.cpu_count()} cores ({cpu}){memory}, {platform.system()} {platform.release()}"


def app_memory(library, app):
    """The desktop app's resident memory on `library` once the inbox shows
    and after 50 searches typed into it (benches/app_memory.mjs, driven
    through tauri-driver under a virtual display); None when the app, the
    driver or the display cannot be had."""
    needed = ["tauri-driver", "WebKitWebDriver", "xvfb-run", "dbus-run-session", "node"]
    if not app.exists() or not all(shutil.which(tool) for tool in needed):
        return None
    try:
        said = run(["dbus-run-session", "--", "xvfb-run", "-a", "node", "benches/app_memory.mjs",
                    "--app", str(app), "--library", str(library), "--searches", "50"],
                   env=dict(os.environ, NO_AT_BRIDGE="1", WEBKIT_DISABLE_DMABUF_RENDERER="1"))
    except subprocess.CalledProcessError as err:
        print(f"app memory not measured: {err.stderr.strip()[-2000:]}", file=sys.stderr)
        return None
    return json.loads(said[said.index("{"):])


def spread(value):
    return f"{value['p50']:.2f} / {value['p95']:.2f} ms"


def measured_section(measure, generated):
    lines = []
    if generated:
        lines += [
            f"Built by `wiredesk bench generate --stories {generated['stories']}` in "
            f"{generated['seconds'] / 60:.0f} min ({generated['stories_per_second']:.0f} stories/s through the normal ingest path): "
            f"{generated['stories']:,} stories, {generated['wire_updates']:,} second takes, {generated['edits']:,} desk edits, "
            f"{generated['checked_claims']:,} checked claims, {generated['exports']:,} exports.",
            "",
        ]
    lines += [
        f"{measure['stories']:,} stories, {measure['database_bytes'] / 1e9:.2f} GB "
        f"({measure['bytes_per_story']:,.0f} bytes per story).",
        "",
        "| operation | p50 / p95 | target | met |",
        "|---|---|---|---|",
    ]
    for key, (label, target) in TARGETS.items():
        if key not in measure:
            continue  # JSON from a run before this row was measured
        value = measure[key]
        met = "" if target is None else ("yes" if value["p95"] < target else "**no**")
        lines.append(f"| {label} | {spread(value)} | {'' if target is None else f'< {target:.0f} ms'} | {met} |")
    lines += ["", "| search | hits (of 100 shown) | p50 / p95 | LIKE scan of the same library | search is faster by |", "|---|---|---|---|---|"]
    for search in measure["searches"]:
        like = search.get("like_scan_ms")
        ratio = f"{like / max(search['ms']['p50'], 0.01):,.0f}×" if like else ""
        lines.append(
            f"| {search['kind']}: `{search['query']}` | {search['hits']} | {spread(search['ms'])} | "
            f"{'' if like is None else f'{like:,.0f} ms'} | {ratio} |"
        )
    worst = max(s["ms"]["p95"] for s in measure["searches"])
    ingest = measure["ingest"]
    lines += [
        "",
        f"Search p95, worst of the five: {worst:.1f} ms (target < 50 ms: {'met' if worst < 50 else '**missed**'}).",
        "",
        f"Ingest of new copy, {ingest['stories_per_round']:,} stories per round, {len(ingest['rounds'])} rounds, "
        f"each into this library and into a fresh empty one: medians {ingest['into_this_per_second']:,.0f} and "
        f"{ingest['into_empty_per_second']:,.0f} stories/s; median ratio {ingest['ratio']:.2f} "
        f"(target ≥ 0.50: {'met' if ingest['ratio'] >= 0.5 else '**missed**'}). Rounds (this / empty): "
        + ", ".join(f"{r['into_this_per_second']:,.0f} / {r['into_empty_per_second']:,.0f}" for r in ingest["rounds"])
        + ".",
        "",
        f"Memory of the CLI process (resident): {measure['memory_after_open_mib']:.0f} MiB after opening the library, "
        f"{measure['memory_after_50_searches_mib']:.0f} MiB after 50 searches.",
    ]
    if "app_memory" in measure:
        app = measure["app_memory"]
        opened, searched = app["after_open"], app["after_searches"]
        worst = max(opened["app_mib"], searched["app_mib"])
        lines += [
            "",
            f"Memory of the desktop app on this library, under a virtual display (resident): the app's own process "
            f"{opened['app_mib']:.0f} MiB with the inbox open, {searched['app_mib']:.0f} MiB after a story was opened "
            f"and {app['searches']} searches typed into the search box ({app['matches']:,} matches listed in all) "
            f"(target < 250 MB: {'met' if worst * 1.048576 < 250 else '**missed**'}); its WebKit web view processes "
            f"a further {opened['web_views_mib']:.0f} and {searched['web_views_mib']:.0f} MiB.",
        ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--library", type=Path, help="a library built before with wiredesk bench generate")
    parser.add_argument("--stories", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=REPO / "BENCHMARKS.md")
    parser.add_argument("--generated", type=Path,
                        help="with --library: the JSON wiredesk bench generate printed when it built it")
    parser.add_argument("--debug-app", action="store_true",
                        help="measure the app's memory with the debug build (no release build of the app)")
    args = parser.parse_args()

    run(["cargo", "build", "--release", "-p", "wiredesk-cli"])
    if args.debug_app:
        app = REPO / "target" / "debug" / "wiredesk-app"
        run(["cargo", "build", "-p", "wiredesk-app"])
    else:
        app = REPO / "target" / "release" / "wiredesk-app"
        run(["npm", "--prefix", "ui", "run", "build"])
        run(["cargo", "build", "--release", "-p", "wiredesk-app"])
    sections = []

    core = run(["cargo", "bench", "--bench", "core", "--", "--noplot"])
    core = "\n".join(
        line.rstrip() for line in core.splitlines()
        # Criterion's change against its previous run on this machine ("%]")
        # is left out: that run is not part of this one.
        if (line and not line.startswith(("Benchmarking", "Found", "  ", "Gnuplot")) or "time:" in line or "thrpt:" in line)
        and "%]" not in line
    )
    ingest = run(["cargo", "bench", "--bench", "ingest"])
    claims = run(["cargo", "bench", "--bench", "claims"])
    diff = ""
    try:
        diff = run([sys.executable, "benches/diff_compare.py"])
    except subprocess.CalledProcessError as err:
        diff = f"(not run: {err.stderr.strip().splitlines()[-1] if err.stderr else err})"

    generated = json.loads(args.generated.read_text()) if args.generated else None
    library = args.library
    scratch = None
    if library is None:
        scratch = Path(os.environ.get("TMPDIR", "/tmp")) / f"wiredesk-bench-{os.getpid()}"
        scratch.mkdir(parents=True, exist_ok=True)
        library = scratch / "library.sqlite"
        generated = json.loads(run([CLI, "bench", "generate", "--stories", str(args.stories), "--out", library]))
    # Measuring adds new copy to the library: a seed of its own each run.
    seed = str(int(datetime.datetime.now().timestamp()) % 100_000)
    measure = json.loads(run([CLI, "--db", library, "bench", "measure", "--seed", seed]))
    memory = app_memory(library, app)
    if memory is not None:
        measure["app_memory"] = memory
    if scratch:
        shutil.rmtree(scratch, ignore_errors=True)

    today = datetime.date.today().isoformat()
    sections.append(f"# Wiredesk benchmarks\n\nAll figures from one run of `python3 benches/report.py` on {today}, "
                    f"on {machine()}. Each is set against a baseline measured in the same run.\n")
    sections.append("## A large library\n\n" + measured_section(measure, generated))
    sections.append("## Ingest against bare INSERTs of the same rows\n\n```\n" + ingest.strip() + "\n```")
    sections.append("## The core's hot paths (criterion: time per iteration, throughput where it applies)\n\n```\n"
                    + core.strip() + "\n```")
    sections.append("## Claim detection against a regex scan for digits\n\n```\n" + claims.strip() + "\n```")
    sections.append("## Diff against difflib and diff-match-patch\n\n```\n" + diff.strip() + "\n```")
    args.out.write_text("\n\n".join(sections) + "\n")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
