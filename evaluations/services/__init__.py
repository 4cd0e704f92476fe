"""Service functions of the evaluation cycle: every write that changes a status or spans rows.

Split by topic; import them from here: `from evaluations.services import kpi_report_submit`.
"""

from ..workflow import StaleEvaluationError, StaleReportError
from .cycle import (
    PointInput,
    ScoreInput,
    agreement_renew,
    evaluation_respond,
    evaluation_save,
    evaluation_send_back,
    evaluation_share,
    evaluation_sign_off,
    evaluation_start,
    evaluation_submit,
    missed_kpis,
    point_suggestions,
    previous_points_without_update,
    provisional_kpis,
    target_change,
    text_for_year,
    year_comparison,
    year_confirm,
    year_prepare,
)
from .overlaps import action_overlaps_keep, action_overlaps_notify
from .programme import action_decide, action_submit, action_withdraw, improvement_note_add, improvement_status_change
from .reports import (
    ResultInput,
    kpi_report_as_it_stands,
    kpi_report_keep_evidence,
    kpi_report_open,
    kpi_report_return,
    kpi_report_save,
    kpi_report_submit,
    kpi_report_validate,
)

__all__ = [
    "PointInput",
    "ResultInput",
    "ScoreInput",
    "StaleEvaluationError",
    "StaleReportError",
    "action_decide",
    "action_overlaps_keep",
    "action_overlaps_notify",
    "action_submit",
    "action_withdraw",
    "agreement_renew",
    "evaluation_respond",
    "evaluation_save",
    "evaluation_send_back",
    "evaluation_share",
    "evaluation_sign_off",
    "evaluation_start",
    "evaluation_submit",
    "improvement_note_add",
    "improvement_status_change",
    "kpi_report_as_it_stands",
    "kpi_report_keep_evidence",
    "kpi_report_open",
    "kpi_report_return",
    "kpi_report_save",
    "kpi_report_submit",
    "kpi_report_validate",
    "missed_kpis",
    "point_suggestions",
    "previous_points_without_update",
    "provisional_kpis",
    "target_change",
    "text_for_year",
    "year_comparison",
    "year_confirm",
    "year_prepare",
]
