"""The apps form layers: an app imports only the apps below it (function-level imports included), and its
models point only at models of its own app or of apps below it.

From the bottom: the portal's helpers, accounts, the outbox (notifications), partners, budgets, evaluations,
the communication apps (conversations, library, announcements, surveys), dashboards, the demo data, the
benchmarks. Only the project's wiring (settings, urls, celery, wsgi/asgi) may import everything. A lower app
that needs something done above it lets the higher app register itself (as evaluations does in
partners/home.py and on the agreement admin).
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
    "conversations",
    "library",
    "announcements",
    "surveys",
    "dashboards",
    "api",
    "demo",
    "benchmarks",
]
WIRING = {"portal/settings.py", "portal/urls.py", "portal/celery.py", "portal/wsgi.py", "portal/asgi.py"}


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
    upward = {pair: where for pair, where in app_imports().items() if LAYERS.index(pair[1]) > LAYERS.index(pair[0])}
    assert upward == {}


def model_links() -> set[tuple[str, str]]:
    """(app, app) for every foreign key, one-to-one or many-to-many from a model to another app's model."""
    from django.apps import apps

    links = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete and field.related_model is not None:
                pair = (model._meta.app_label, field.related_model._meta.app_label)
                if pair[0] != pair[1] and set(pair) <= set(LAYERS):
                    links.add(pair)
    return links


def test_no_model_points_at_an_app_above_its_own():
    upward = {pair for pair in model_links() if LAYERS.index(pair[1]) > LAYERS.index(pair[0])}
    assert upward == set()


def template_loads() -> dict[tuple[str, str], list[str]]:
    """(app of the template, app of the tag library) -> where, for every {% load %} of a project app's tags in
    templates/<app>/."""
    import re

    libraries = {
        path.stem: app
        for app in LAYERS
        for path in (ROOT / app / "templatetags").glob("*.py")
        if path.stem != "__init__"
    }
    found: dict[tuple[str, str], list[str]] = {}
    for app in LAYERS:
        for path in (ROOT / "templates" / app).rglob("*.html"):
            for names in re.findall(r"{%\s*load\s+([^%]+?)\s*%}", path.read_text()):
                for name in names.split():
                    if libraries.get(name, app) != app:
                        found.setdefault((app, libraries[name]), []).append(str(path.relative_to(ROOT)))
    return found


def test_no_template_loads_the_tags_of_an_app_above_its_own():
    # A lower app's page shows what a higher app adds through portal/panels.py ({% object_panels obj %}).
    upward = {pair: where for pair, where in template_loads().items() if LAYERS.index(pair[1]) > LAYERS.index(pair[0])}
    assert upward == {}
