"""Speed and memory figures for parsing and checking, measured in one run.

    python scripts/benchmark.py [--rounds N]

Prints: PDF text extraction per page with pypdfium2 vs pdfplumber on the corpus PDFs; parse
time per format; end-to-end check throughput (documents/s and characters/s) on the corpus and,
when ../shared is present, on the 60 State Council documents; resident memory before and after
checking the same documents many times (a leak would show as steady growth); a batch of copies of
the corpus checked with --jobs 1 and with all cores (worker start-up included), and the ratio.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import pdfplumber  # noqa: E402
import pypdfium2  # noqa: E402

from checkers.checker import default_checker  # noqa: E402
from checkers.parsing import parse_file  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(function, *args) -> float:
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def pdf_per_page(paths: list[Path]) -> None:
    def with_pdfium(path: Path) -> int:
        pdf = pypdfium2.PdfDocument(str(path))
        for page in pdf:
            page.get_textpage().get_text_range()
        return len(pdf)

    def with_plumber(path: Path) -> int:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
            return len(pdf.pages)

    pages = sum(with_pdfium(p) for p in paths)
    pdfium = min(timed(lambda: [with_pdfium(p) for p in paths]) for _ in range(3))
    plumber = min(timed(lambda: [with_plumber(p) for p in paths]) for _ in range(3))
    print(f"PDF text, {len(paths)} files / {pages} pages: pypdfium2 {pdfium / pages * 1000:.2f} ms/page, "
          f"pdfplumber {plumber / pages * 1000:.2f} ms/page (ratio {plumber / pdfium:.0f}x)")


def parse_by_format(paths: list[Path]) -> None:
    by_format: dict[str, list[float]] = {}
    for path in paths:
        by_format.setdefault(path.suffix, []).append(timed(parse_file, path))
    for suffix, times in sorted(by_format.items()):
        print(f"parse {suffix:5} {len(times):3} files: median {statistics.median(times) * 1000:.1f} ms, "
              f"max {max(times) * 1000:.1f} ms")


def throughput(label: str, paths: list[Path], rounds: int) -> None:
    checker = default_checker()
    documents = [parse_file(p) for p in paths]
    characters = sum(len(d.text) for d in documents)
    checker.check(documents[0])  # build the pipeline and the engine outside the timing
    before = rss_mb()
    start = time.perf_counter()
    for _ in range(rounds):
        for document in documents:
            checker.check(document)
    elapsed = time.perf_counter() - start
    count = len(documents) * rounds
    print(f"check {label}: {count} documents in {elapsed:.2f} s = {count / elapsed:.1f} docs/s, "
          f"{characters * rounds / elapsed / 1000:.0f}k chars/s; RSS {before:.1f} MB -> {rss_mb():.1f} MB")


def batch_jobs(copies: int) -> None:
    """Wall time of `lawlint check` on `copies` copies of the corpus, in one process and in all cores."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="lawlint-bench-") as scratch:
        for copy in range(copies):
            shutil.copytree(REPO / "corpus", Path(scratch) / f"copy{copy}")
        documents = sum(1 for p in Path(scratch).rglob("*") if p.suffix in (".txt", ".docx", ".pdf"))
        times = {}
        for jobs in sorted({1, cores}):
            command = [sys.executable, str(REPO / "cli.py"), "check", scratch, "--format", "json",
                       "--fail-on", "never", "--no-progress", "--jobs", str(jobs), "-o", os.devnull]
            start = time.perf_counter()
            subprocess.run(command, check=True)
            times[jobs] = time.perf_counter() - start
            print(f"batch of {documents} files, --jobs {jobs}: {times[jobs]:.1f} s = "
                  f"{documents / times[jobs]:.1f} files/s (process start and worker start-up included)")
        if cores > 1:
            print(f"batch speed-up with {cores} processes: {times[1] / times[cores]:.2f}x")


def memory_soak(total: int) -> None:
    """Resident memory while one checker checks `total` documents (the corpus over and over)."""
    checker = default_checker()
    documents = [parse_file(p) for p in sorted((REPO / "corpus").rglob("*"))
                 if p.suffix in (".txt", ".docx", ".pdf") and "heldout" not in p.parts]
    checker.check(documents[0])
    readings = [f"0: {rss_mb():.1f} MB"]
    start = time.perf_counter()
    for number in range(1, total + 1):
        checker.check(documents[number % len(documents)])
        if number % (total // 5) == 0:
            readings.append(f"{number}: {rss_mb():.1f} MB")
    elapsed = time.perf_counter() - start
    print(f"memory over {total} checks ({total / elapsed:.0f} docs/s): RSS " + ", ".join(readings))


REGISTRY_COMMANDS = [
    ["check", ".", "--record", "--fail-on", "never", "--no-progress", "-o", os.devnull],
    ["registry", "check", "--fail-on", "never"],
    *[["registry", "export", kind, "--out", f"../{kind}.{ext}"] for kind, ext in
      (("filing", "xlsx"), ("notice", "docx"), ("contracts", "xlsx"), ("cases", "xlsx"), ("decisions", "xlsx"),
       ("publicity", "jsonl"))],
    ["registry", "export", "letters", "--out", "../letters"],
]


def registry_workflow(count: int) -> None:
    """The README's reviewer workflow on `count` mixed corpus documents in four unit folders."""
    files = [p for p in sorted((REPO / "corpus").rglob("*")) if p.suffix in (".txt", ".docx", ".pdf")
             and p.parent.name in ("normative", "contract", "enforcement", "decision")][:count]
    with tempfile.TemporaryDirectory(prefix="lawlint-registry-") as scratch:
        docs = Path(scratch) / "docs"
        for number, path in enumerate(files):
            unit = docs / ("财政局", "司法局", "教育局", "市场监管局")[number % 4]
            unit.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, unit / f"{number:03d}-{path.name}")
        (docs / "lawlint.toml").write_text("", encoding="utf-8")
        start = time.perf_counter()
        for arguments in REGISTRY_COMMANDS:
            subprocess.run([sys.executable, str(REPO / "cli.py"), *arguments], cwd=docs, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
    print(f"registry workflow on {len(files)} documents (check --record, registry check, 8 exports): "
          f"{elapsed:.1f} s for {len(REGISTRY_COMMANDS)} commands")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="times each document set is checked")
    parser.add_argument("--batch-copies", type=int, default=4, help="copies of the corpus in the --jobs batch")
    parser.add_argument("--soak", type=int, default=10_000, help="checks in the memory soak")
    args = parser.parse_args()
    corpus = sorted(p for p in (REPO / "corpus").rglob("*") if p.suffix in (".txt", ".docx", ".pdf"))
    pdfs = [p for p in corpus if p.suffix == ".pdf"]
    print(f"start RSS {rss_mb():.1f} MB")
    if pdfs:
        pdf_per_page(pdfs)
    parse_by_format(corpus)
    throughput("corpus", corpus, args.rounds)
    govcn = REPO.parent / "shared" / "real" / "govcn"
    if govcn.is_dir():
        throughput("State Council documents", sorted(govcn.glob("[0-9]*.txt")), args.rounds)
    else:
        print("../shared/real/govcn not present: State Council figures skipped")
    batch_jobs(args.batch_copies)
    registry_workflow(100)
    memory_soak(args.soak)
    return 0


if __name__ == "__main__":
    sys.exit(main())
