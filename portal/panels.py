"""What other apps show on an object's page: `{% object_panels obj %}` (portal_tags) renders every panel
registered for the object's model, in the order of registration.

A KPI report, an evaluation, an improvement point, an action or a consultation moment belongs to a lower
app (evaluations, partners) than the conversations tied to it. The lower app's template asks for the
object's panels; the higher app registers its panel from its AppConfig.ready() (like portal/todo.py), so no
template of a lower app loads a higher app's tags.

A panel is a function (request, obj) -> HTML (safe string), or "" when it has nothing to show.
"""

from collections.abc import Callable

from django.utils.safestring import SafeString, mark_safe

Panel = Callable[[object, object], str]
_panels: dict[str, list[Panel]] = {}


def register_object_panel(model_labels, panel: Panel) -> None:
    """Show `panel` on the pages of the models named by `model_labels` ("evaluations.KPIReport", ...)."""
    for label in model_labels:
        if panel not in _panels.setdefault(label, []):
            _panels[label].append(panel)


def object_panels(request, obj) -> SafeString:
    return mark_safe("".join(panel(request, obj) for panel in _panels.get(obj._meta.label, [])))
