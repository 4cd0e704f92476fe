"""The apps form layers: an app imports only the apps below it, function-level imports included.

From the bottom: the portal's helpers, accounts, the outbox (notifications), partners, budgets, evaluations,
dashboards, the demo data, the benchmarks. Only the project's wiring (settings, urls, celery, wsgi/asgi)
may import everything. A lower app that needs something done above it lets the higher app register itself
(as evaluations does in partners/home.py and on the agreement admin).
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAYERS = [
    "portal",
    "accounts",
    "notifications",
    "partners",
    "budgets",
    "evaluations",
    "dashboards",
    "demo",
    "benchmarks",
]
WIRING = {"portal/settings.py", "portal/urls.py", "portal/celery.py", "portal/wsgi.py", "portal/asgi.py"}
# Known and not yet mended (issue 12, "the outbox as a leaf app"): the outbox still renders and checks the
# messages of moments and KPI reports itself. Nothing may be added to this list.
NOT_YET_MENDED = {("notifications", "partners"), ("notifications", "evaluations")}


def app_imports() -> dict[tuple[str, str], list[str]]:
    """(importing app, imported app) -> where, for every import of another app outside tests and migrations."""
    found: dict[tuple[str, str], list[str]] = {}
    for app in LAYERS:
        for path in (ROOT / app).rglob("*.py"):
            rel = path.relative_to(ROOT)
            if "tests" in rel.parts or "migrations" in rel.parts or str(rel) in WIRING:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and not node.level:
                    modules = [node.module or ""]
                else:
                    continue
                for module in modules:
                    target = module.split(".")[0]
                    if target in LAYERS and target != app:
                        found.setdefault((app, target), []).append(f"{rel}:{node.lineno}")
    return found


def test_no_app_imports_an_app_above_it():
    upward = {
        pair: where
        for pair, where in app_imports().items()
        if LAYERS.index(pair[1]) > LAYERS.index(pair[0]) and pair not in NOT_YET_MENDED
    }
    assert upward == {}


def test_the_list_of_known_upward_imports_only_shrinks():
    # When the outbox stops importing a domain app, its entry above must go too.
    assert set(app_imports()) >= NOT_YET_MENDED
