"""Rules the web client's sources keep (no browser needed): every UI string has its zh_CN
translation in i18n.js, and no code path can turn data into markup or code (strict CSP)."""
import re
from pathlib import Path

STATIC = Path(__file__).resolve().parents[3] / "fazhi" / "addons" / "web" / "static"
JS = sorted((STATIC / "src" / "js").glob("*.js"))
MSGID = re.compile(r'_t\("((?:[^"\\]|\\.)*)"\)')
ENTRY = re.compile(r'^\s+"((?:[^"\\]|\\.)*)":\s*"((?:[^"\\]|\\.)*)",?$', re.M)
CJK = re.compile(r"[\u4e00-\u9fff]")


def catalog():
    return dict(ENTRY.findall((STATIC / "src" / "js" / "i18n.js").read_text(encoding="utf-8")))


def test_every_ui_string_has_a_chinese_translation():
    entries = catalog()
    used = {msgid for path in JS for msgid in MSGID.findall(path.read_text(encoding="utf-8"))}
    assert len(used) > 100
    assert sorted(used - set(entries)) == []             # each msgid is translated
    assert sorted(set(entries) - used) == []             # and the catalogue has no dead entries
    untranslated = [k for k, v in entries.items() if not CJK.search(v)]
    assert untranslated == [], untranslated
    for msgid, text in entries.items():                  # placeholders survive translation
        assert msgid.count("%s") == text.count("%s"), msgid


def test_no_markup_or_code_from_strings():
    forbidden = {
        r"\.innerHTML\b": "innerHTML", r"\.outerHTML\s*=": "outerHTML", r"insertAdjacentHTML": "insertAdjacentHTML",
        r"document\.write": "document.write", r"\beval\s*\(": "eval", r"new\s+Function\b": "new Function",
        r"setTimeout\(\s*[\"'`]": "string setTimeout", r"setAttribute\(\s*[\"']on": "inline handler",
        r"setAttribute\(\s*[\"']style": "style attribute", r"\.cssText\b": "cssText",
    }
    for path in JS:
        code = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                         if not line.strip().startswith("//"))
        for pattern, what in forbidden.items():
            assert not re.search(pattern, code), "%s uses %s" % (path.name, what)


def test_only_our_own_files_are_served():
    files = sorted(p.relative_to(STATIC).as_posix() for p in STATIC.rglob("*") if p.is_file())
    assert files, STATIC
    assert all(re.fullmatch(r"src/(js/[a-z0-9_]+\.js|css/[a-z0-9_]+\.css|img/[a-z0-9_]+\.(svg|png))", f) for f in files), files
    for path in STATIC.rglob("*.svg"):                   # images only: nothing that runs
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<script|\son\w+\s*=|javascript:|<foreignObject", text, re.I), path.name
    for path in JS:
        head = path.read_text(encoding="utf-8").splitlines()[0]
        assert head.startswith("//"), "%s starts without its purpose comment" % path.name
