"""What the apps above evaluations add as evidence beside a KPI's reported result on the review page.

A KPI's own evidence is the partner's uploaded file; other apps know figures that bear on some KPIs (the
surveys: the satisfaction of the partners, for the satisfaction KPI). They register a provider per KPI code
from their AppConfig.ready(), so evaluations never imports them. A provider gets the partner and the year
and returns EvidenceNotes; it makes a constant number of queries. Evidence is shown, never written into the
result: the account manager weighs it.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class EvidenceNote:
    label: str
    value: str
    detail: str = ""
    url: str = ""


EvidenceProvider = Callable[[object, int], list[EvidenceNote]]

_providers: dict[str, list[EvidenceProvider]] = {}


def register_kpi_evidence(kpi_code: str, provider: EvidenceProvider) -> None:
    providers = _providers.setdefault(kpi_code, [])
    if provider not in providers:
        providers.append(provider)


def kpi_evidence(kpi_code: str, partner, year: int) -> list[EvidenceNote]:
    """The registered evidence for `kpi_code` of `partner` in `year`."""
    return [note for provider in _providers.get(kpi_code, []) for note in provider(partner, year)]
