"""The layout holds: Streamlit only in the UI layer, and the docs name only files that exist."""
from __future__ import annotations

import ast
import re

from conftest import ROOT

UI = ROOT / "berakhlak" / "ui"

# Imports of the UI layer from outside it that are known and waiting for a fix elsewhere. Each is
# (importing file, imported module); an entry that no longer occurs fails the test, so the list
# only shrinks. The CLI's `hash-password` uses the hashing of berakhlak/ui/auth.py until that is
# split into a module without Streamlit (the access-control work owns auth.py).
KNOWN_UI_IMPORTS = {("berakhlak/cli/main.py", "berakhlak.ui.auth")}


def imported_modules(path):
    """Every module a file imports, at module level or inside a function."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{a.name}" for a in node.names)


def plain_modules():
    """The package's modules outside berakhlak/ui/, plus benchmarks/ and scripts/ code the CLI
    or CI imports (the benchmark harness drives the app and may use Streamlit's AppTest)."""
    return [p for p in sorted((ROOT / "berakhlak").rglob("*.py")) if UI not in p.parents]


def test_streamlit_is_imported_only_by_the_ui_layer():
    offenders, ui_imports = [], set()
    for path in plain_modules():
        rel = path.relative_to(ROOT).as_posix()
        for name in imported_modules(path):
            if name == "streamlit" or name.startswith("streamlit."):
                offenders.append(f"{rel}: {name}")
            if name == "berakhlak.ui" or name.startswith("berakhlak.ui."):
                # berakhlak.ui.x imports Streamlit: importing it brings Streamlit in too
                key = (rel, ".".join(name.split(".")[:3]))
                if key in KNOWN_UI_IMPORTS:
                    ui_imports.add(key)
                else:
                    offenders.append(f"{rel}: {name} (the Streamlit layer)")
    assert not offenders, "Streamlit outside berakhlak/ui/, pages/ and app.py:\n" + "\n".join(offenders)
    assert ui_imports == KNOWN_UI_IMPORTS, f"fixed, drop from KNOWN_UI_IMPORTS: {KNOWN_UI_IMPORTS - ui_imports}"


def test_readers_and_rules_do_not_depend_on_the_presentation():
    """ingest/, domain/ and data/ import nothing from present/ or ui/: a file is read, checked and
    stored the same whatever shows it (the readers know the output writer's metadata columns from
    berakhlak/ingest/headers.py, not from the writer)."""
    offenders = [f"{path.relative_to(ROOT).as_posix()}: {name}"
                 for layer in ("ingest", "domain", "data")
                 for path in sorted((ROOT / "berakhlak" / layer).rglob("*.py"))
                 for name in imported_modules(path)
                 if name.split(".")[:2] in (["berakhlak", "present"], ["berakhlak", "ui"])]
    assert not offenders, "\n".join(offenders)


def test_the_check_sees_imports_inside_functions(tmp_path):
    f = tmp_path / "m.py"
    f.write_text("def g():\n    import streamlit as st\n    from streamlit.testing.v1 import AppTest\n")
    assert {"streamlit", "streamlit.testing.v1"} <= set(imported_modules(f))


# --- the docs -------------------------------------------------------------------------------

DOCS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
PATH = re.compile(r"`((?:berakhlak|queries|pages|tests|benchmarks|data|scripts|docs)/[^`\s]*|app\.py)`")
LINK = re.compile(r"\]\(([^)#\s]+\.md)(?:#[^)]*)?\)")


GENERATED = {"data/berakhlak.duckdb"}  # built on first start, git-ignored
PLACEHOLDER = re.compile(r"(^|/)[A-Z]{2,}(\.|/|$)")  # pages/NAME.py (migrations/NNNN_*.sql is a glob)


def named_paths(text: str):
    for raw in PATH.findall(text):
        raw = raw.rstrip("/")
        if raw in GENERATED or PLACEHOLDER.search(raw):
            continue
        yield raw


def test_every_file_the_docs_name_exists():
    missing = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for raw in named_paths(text):
            hits = list(ROOT.glob(raw.replace("NNNN", "[0-9][0-9][0-9][0-9]"))) if "*" in raw or "NNNN" in raw \
                else [ROOT / raw]
            if not any(h.exists() for h in hits):
                missing.append(f"{doc.relative_to(ROOT)}: {raw}")
        for link in LINK.findall(text):
            if not link.startswith("http") and not (doc.parent / link).exists():
                missing.append(f"{doc.relative_to(ROOT)}: link {link}")
    assert not missing, "\n".join(missing)


def test_the_docs_check_sees_a_missing_file():
    assert list(named_paths("see `berakhlak/nowhere.py`, `queries/x.sql`, `pages/NAME.py`")) == [
        "berakhlak/nowhere.py", "queries/x.sql"]
    assert not (ROOT / "berakhlak/nowhere.py").exists()


def test_code_cites_only_docs_that_exist():
    """Docstrings and SQL comments point into docs/ (the old architecture.md and domain.md are not
    in the repository)."""
    cites = re.compile(r"(?<![/\w])(architecture|domain|method|cli|data-formats)\.md")
    found = []
    for path in [*ROOT.glob("berakhlak/**/*.py"), *ROOT.glob("berakhlak/**/*.sql"), *ROOT.glob("queries/*.sql"),
                 *ROOT.glob("pages/*.py"), *ROOT.glob("benchmarks/*.py")]:
        for m in cites.finditer(path.read_text(encoding="utf-8")):
            found.append(f"{path.relative_to(ROOT)}: {m.group(0)}")
    assert not found, "cite docs/NAME.md:\n" + "\n".join(found)


def test_no_test_asserts_how_fast_something_is():
    """Speed is the benchmark's business (benchmarks/, docs/performance.md): an upper bound on a
    duration fails on a busy machine and passes on a quiet one. (A lower bound, "it waited", is
    behaviour and may stay.)"""
    speed = re.compile(r"assert .*(elapsed|perf_counter|monotonic|latenc|duration|seconds).*<(?!=)|"
                       r"assert .*<(?!=).*(elapsed|perf_counter|monotonic|latenc|duration)")
    found = [f"{p.relative_to(ROOT)}:{i}: {line.strip()}"
             for p in sorted((ROOT / "tests").rglob("*.py"))
             for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if speed.search(line) and p.name != "test_layout.py"]
    assert not found, "\n".join(found)


def _download_buttons_that_rerun(source: str) -> list[int]:
    """Lines of `download_button(...)` calls without on_click="ignore"."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) == "download_button":
            kinds = {k.arg: k.value for k in node.keywords}
            if not (isinstance(kinds.get("on_click"), ast.Constant) and kinds["on_click"].value == "ignore"):
                found.append(node.lineno)
    return found


def test_no_download_button_reruns_the_page():
    """A click that reruns the page replaces the other buttons' files while the browser asks for
    them ("Deferred file … not found": the sample files of Evaluasi were lost that way)."""
    found = [f"{path.relative_to(ROOT)}:{line}" for path in [*(ROOT / "berakhlak" / "ui").rglob("*.py"),
                                                              *(ROOT / "pages").glob("*.py")]
             for line in _download_buttons_that_rerun(path.read_text(encoding="utf-8"))]
    assert not found, found
    assert _download_buttons_that_rerun("st.download_button('a', b'x')\nst.download_button('a', b'x', on_click='ignore')") == [1]


def test_the_app_sends_no_usage_statistics_to_streamlit():
    """`streamlit run app.py` as the README says reads .streamlit/config.toml: no request to
    data.streamlit.io from a visitor's browser (the browser tests start the app the same way)."""
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False
