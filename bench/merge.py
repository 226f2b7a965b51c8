"""One table from several results files (e.g. the 10k/100k run and the 1M run):

    python3 bench/merge.py OUT_STEM A.json B.json …   # writes bench/results/OUT_STEM.md/.json and latest.md

Growth exponents are then fitted over every scale of a backend (10k → 1M on PostgreSQL).
"""
import json
import os
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from bench.bench import render  # noqa: E402


def main(argv):
    stem, paths = argv[1], argv[2:]
    runs = [json.load(open(p)) for p in paths]
    results = {}
    for run in runs:
        for backend, by_scale in run["results"].items():
            results.setdefault(backend, {}).update(by_scale)
    for backend in results:
        results[backend] = dict(sorted(results[backend].items(), key=lambda item: item[1]["cases"]))
    meta = dict(runs[-1]["meta"])
    meta["date"] = " + ".join(r["meta"]["date"] for r in runs)
    meta["commit"] = " + ".join(sorted({r["meta"]["commit"] for r in runs}))
    meta["scales"] = sorted({s for r in runs for s in r["meta"]["scales"]}, key=lambda s: ("1k", "10k", "100k", "1m").index(s))
    meta["wall"] = " + ".join(r["meta"]["wall"] for r in runs)
    meta["merged_from"] = [os.path.basename(p) for p in paths]
    text = render(results, meta)
    out = os.path.join(ROOT, "bench", "results", stem)
    with open(out + ".json", "w") as fp:
        json.dump({"meta": meta, "results": results}, fp, indent=1, default=str)
    with open(out + ".md", "w") as fp:
        fp.write(text)
    shutil.copyfile(out + ".md", os.path.join(ROOT, "bench", "results", "latest.md"))
    print(text)


if __name__ == "__main__":
    main(sys.argv)
