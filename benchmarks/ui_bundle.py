"""Size of the UI bundle, gzip: what the first load of any page fetches, and what each page adds.

Run with ``.venv/bin/python benchmarks/ui_bundle.py`` after ``make ui``. The initial bundle is what
``orchestrator_site/webui/dist/index.html`` names (its module script, style sheets and modulepreload
links) plus every chunk those scripts import statically, each gzipped (level 9) on its own, summed.
A page's chunk (``import()`` from the router) and what it imports beyond the initial bundle are listed
per page, then the largest lazy chunks. The figure is deterministic: one measurement, no tries.
"""

import argparse
import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "orchestrator_site" / "webui" / "dist"
TARGET_KB = 400.0

# `import{a as b}from"./x.js"`, `import"./x.js"`, `export*from"./x.js"` (static); `import(`./x.js`)`
# (dynamic), with the indexes of the files Vite's preload helper fetches beside it
# (`__vite__mapDeps([0,1])`, into an array `m.f=["_app/x.js","_app/x.css"]`).
Q = "[\"'`]"
STATIC_IMPORT = re.compile(rf"(?:\bfrom|\bimport)\s*{Q}(\./[^\"'`]+\.js){Q}")
DYNAMIC_IMPORT = re.compile(
    rf"\bimport\(\s*{Q}(\./[^\"'`]+\.js){Q}\s*\)(?:\s*,\s*__vite__mapDeps\(\[([\d,]*)\]\))?"
)
PRELOAD_FILES = re.compile(r"\b\w+\.f\s*=\s*(\[[^\]]*\])")


class _IndexParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.files: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.files.append(str(a["src"]))
        elif tag == "link" and a.get("rel") in ("stylesheet", "modulepreload") and a.get("href"):
            self.files.append(str(a["href"]))


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def static_closure(start: list[Path]) -> list[Path]:
    """The files and every JS chunk they import statically (transitively)."""
    seen: dict[Path, None] = {}
    todo = list(start)
    while todo:
        path = todo.pop()
        if path in seen or not path.exists():
            continue
        seen[path] = None
        if path.suffix == ".js":
            text = path.read_text(encoding="utf-8", errors="replace")
            todo.extend((path.parent / m).resolve() for m in STATIC_IMPORT.findall(text))
    return list(seen)


def dynamic_imports(paths: list[Path], dist: Path) -> dict[Path, list[Path]]:
    """Each chunk imported with ``import()`` and the files preloaded with it."""
    found: dict[Path, list[Path]] = {}
    for path in paths:
        if path.suffix != ".js":
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        files_match = PRELOAD_FILES.search(text)
        files: list[str] = json.loads(files_match.group(1)) if files_match else []
        for target, indexes in DYNAMIC_IMPORT.findall(text):
            preloaded = [(dist / files[int(i)]).resolve() for i in indexes.split(",") if i]
            found[(path.parent / target).resolve()] = preloaded
    return found


def kb(n: int) -> str:
    return f"{n / 1024:7.1f} KB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=DIST)
    parser.add_argument("--largest", type=int, default=8, help="how many lazy chunks to list")
    args = parser.parse_args()
    dist: Path = args.dist.resolve()
    index = dist / "index.html"
    if not index.exists():
        raise SystemExit(f"no {index}: build the UI first (make ui)")
    html = _IndexParser()
    html.feed(index.read_text(encoding="utf-8"))
    named = [(dist / f.lstrip("/")).resolve() for f in html.files if not f.startswith(("http:", "https:"))]
    initial = static_closure(named)
    initial_set = set(initial)

    print(f"initial bundle ({len(initial)} files, from index.html and its static imports):")
    total_raw = total_gz = 0
    for path in sorted(initial, key=gzip_size, reverse=True):
        raw, gz = path.stat().st_size, gzip_size(path)
        total_raw += raw
        total_gz += gz
        print(f"  {path.relative_to(dist)!s:<48} {kb(raw)} raw {kb(gz)} gzip")
    met = total_gz / 1024 <= TARGET_KB
    print(
        f"{'initial bundle, gzip':<52} {total_gz / 1024:7.1f} KB   ({total_raw / 1024:.1f} KB raw)"
        f"   target ≤ {TARGET_KB:.0f} KB: {'met' if met else 'MISSED'}"
    )

    lazy = {p: pre for p, pre in dynamic_imports(initial, dist).items() if p not in initial_set}
    print("\neach page beyond the initial bundle (its chunk, what it imports statically, its CSS), gzip:")
    for chunk, preloaded in sorted(lazy.items(), key=lambda item: item[0].name):
        extra = [p for p in dict.fromkeys(static_closure([chunk, *preloaded])) if p not in initial_set]
        size = sum(gzip_size(p) for p in extra)
        print(f"  {chunk.name.split('-')[0]:<30} {kb(size)}   ({len(extra)} files)")

    every = [p for p in sorted(dist.rglob("*")) if p.suffix in (".js", ".css") and p not in initial_set]
    every.sort(key=gzip_size, reverse=True)
    print(f"\nlargest lazy chunks (of {len(every)}):")
    for path in every[: args.largest]:
        print(f"  {path.relative_to(dist)!s:<48} {kb(path.stat().st_size)} raw {kb(gzip_size(path))} gzip")


if __name__ == "__main__":
    main()
