"""Before/after table of two results files: ``python3 bench/compare.py BEFORE.json AFTER.json [TITLE]``.

Prints markdown: fazhi's figure before and after, the change, and fazhi/raw in both runs.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.bench import METRICS, fmt  # noqa: E402


def main(argv):
    before = json.load(open(argv[1]))
    after = json.load(open(argv[2]))
    title = argv[3] if len(argv) > 3 else "Before and after the framework fixes"
    out = ["## %s" % title, "",
           "- before: %s, commit %s" % (before["meta"]["date"], before["meta"]["commit"]),
           "- after: %s, commit %s" % (after["meta"]["date"], after["meta"]["commit"]), ""]
    for backend, by_scale in after["results"].items():
        for label, cell in by_scale.items():
            old = before["results"].get(backend, {}).get(label)
            if not old:
                continue
            out += ["### %s, %s cases" % (backend, label), "",
                    "| workload | before | after | after/before | fazhi/raw before | fazhi/raw after |",
                    "|---|---|---|---|---|---|"]
            for key, text, _better, _target in METRICS:
                b = old.get("fazhi", {}).get(key)
                a = cell.get("fazhi", {}).get(key)
                if a is None and b is None:
                    continue
                rb, ra = old.get("raw", {}).get(key), cell.get("raw", {}).get(key)
                out.append("| %s | %s | %s | %s | %s | %s |" % (
                    text, fmt(b), fmt(a), fmt(a / b) if a and b else "–", fmt(b / rb) if b and rb else "–",
                    fmt(a / ra) if a and ra else "–"))
            out.append("")
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv)
