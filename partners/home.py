"""What the partner's home shows beyond the partnership itself, filled in by the apps above this one.

The home belongs to the partners app, but much of what it shows (KPI reports, improvement points) belongs
to apps that build on the partners. Those apps register a section here from their AppConfig.ready(), as
Hypha's messaging adapters do, so the partners never import them: each section is a function of the request
that returns extra template context (and scopes its own queries to request.user).
"""

from collections.abc import Callable

HomeSection = Callable[[object], dict]

_sections: list[HomeSection] = []


def register_home_section(section: HomeSection) -> None:
    if section not in _sections:
        _sections.append(section)


def home_sections_context(request) -> dict:
    context: dict = {}
    for section in _sections:
        context.update(section(request))
    return context
