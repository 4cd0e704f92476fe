"""KPI reporting: the partner's report per year, the evidence download, and the account manager's review."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from accounts.audit import record_download
from partners.models import Agreement
from portal.decorators import partner_required, staff_required
from portal.working_year import working_year

from ..choices import ReportStatus
from ..evidence import kpi_evidence
from ..forms import KPIResultForm, ReportVersionForm, ReviewForm
from ..models import KPIReport, KPIResult, KPITarget, ReportTransition, achievement_percentage
from ..permissions import can_edit_report, can_review_report
from ..services import (
    ResultInput,
    StaleReportError,
    kpi_report_as_it_stands,
    kpi_report_keep_evidence,
    kpi_report_open,
    kpi_report_return,
    kpi_report_save,
    kpi_report_submit,
    kpi_report_validate,
)


def _results(report: KPIReport):
    return report.results.select_related("target__kpi").order_by("target__kpi__order", "target__kpi__code")


@partner_required
def report_list(request):
    """Every year the partner has targets for, with the state of its report; the working year's first."""
    targets = KPITarget.objects.visible_to(request.user).confirmed().filter(agreement__partner_id=request.partner_id)
    years = sorted(set(targets.values_list("year", flat=True)), reverse=True)
    reports = {r.year: r for r in KPIReport.objects.visible_to(request.user).filter(year__in=years)}
    rows = [{"year": year, "report": reports.get(year)} for year in years]
    # The working year's report comes first in the reader's eye: the year the header says.
    current = working_year(request)
    working_row = next((row for row in rows if row["year"] == current), None)
    return render(request, "evaluations/report_list.html", {"rows": rows, "working_row": working_row})


def _agreement_for_year(request, year: int) -> Agreement:
    agreement = Agreement.objects.visible_to(request.user).covering_year(year).order_by("-start_date").first()
    if agreement is None or not agreement.kpi_targets.confirmed().filter(year=year).exists():
        raise Http404
    return agreement


@partner_required
def report_edit(request, year: int):
    """The partner's KPI report for `year`: one row per targeted KPI; save as draft or submit.

    Opening the page writes nothing: the report and its rows are made by the first save (kpi_report_open).
    """
    agreement = _agreement_for_year(request, year)
    if request.method == "POST":
        kpi_report_open(agreement=agreement, year=year)
    report, results = kpi_report_as_it_stands(agreement=agreement, year=year)
    editable = can_edit_report(request.user, report)

    if request.method == "POST":
        if not editable:
            messages.error(request, _("This report has been submitted and can no longer be changed."))
            return redirect("evaluations:report_edit", year=year)
        version_form = ReportVersionForm(request.POST)
        forms = [KPIResultForm(request.POST, request.FILES, instance=r, prefix=f"t{r.target_id}") for r in results]
        forms_valid = [f.is_valid() for f in forms]  # validate every row, so each shows its errors
        if version_form.is_valid() and all(forms_valid):
            inputs = [
                ResultInput(
                    result=f.instance,
                    actual_value=f.cleaned_data["actual_value"],
                    comment=f.cleaned_data["comment"],
                    evidence=f.cleaned_data.get("evidence") or None,
                    clear_evidence=f.cleaned_data.get("clear_evidence", False),
                )
                for f in forms
            ]
            try:
                kpi_report_save(
                    report=report, user=request.user, version=version_form.cleaned_data["version"], inputs=inputs
                )
            except StaleReportError as error:
                messages.error(request, str(error))
                return _render_report(request, report, forms, editable, stale=True)
            if "submit" not in request.POST:
                messages.success(request, _("Your draft has been saved."))
                return redirect("evaluations:report_edit", year=year)
            try:
                kpi_report_submit(report=report, user=request.user, version=report.version)
            except ValidationError as error:
                messages.error(
                    request,
                    _("Your draft has been saved, but not yet submitted. %(reason)s") % {"reason": error.messages[0]},
                )
                return redirect("evaluations:report_edit", year=year)
            messages.success(request, _("Your report has been submitted. Your account manager will review it."))
            return redirect("evaluations:report_edit", year=year)
        if version_form.is_valid():
            try:
                forms = _keep_evidence(request, report, forms, version_form.cleaned_data["version"])
            except StaleReportError as error:
                messages.error(request, str(error))
                return _render_report(request, report, forms, editable, stale=True)
        return _render_report(request, report, forms, editable)

    forms = [KPIResultForm(instance=r, prefix=f"t{r.target_id}") for r in results]
    return _render_report(request, report, forms, editable)


def _keep_evidence(request, report, forms, version):
    """A save failed on some field: store the files that passed their checks, and show the forms on the rows
    that now hold them, so the partner sees "current evidence" instead of choosing the file again."""
    kept = {
        f.instance.pk: f.cleaned_data["evidence"]
        for f in forms
        if f.cleaned_data.get("evidence") and not f.has_error("evidence")
    }
    if not kept:
        return forms
    kpi_report_keep_evidence(report=report, user=request.user, version=version, evidence=kept)
    saved = {r.pk: r for r in _results(report)}
    forms = [KPIResultForm(request.POST, instance=saved[f.instance.pk], prefix=f.prefix) for f in forms]
    for form in forms:
        form.is_valid()
        form.evidence_kept = form.instance.pk in kept
    return forms


def _achievement(form) -> Decimal | None:
    """The row's % of target for what is on the page: the typed value after a failed save, else the saved one."""
    target = form.instance.target
    if form.is_bound:
        actual = form.cleaned_data.get("actual_value") if hasattr(form, "cleaned_data") else None
    else:
        actual = form.instance.actual_value
    return achievement_percentage(target.target_value, actual, target.kpi.direction)


def _error_summary(forms) -> list[dict]:
    """Every error of the page, in page order, each linking to its field (GOV.UK's error summary)."""
    items = []
    for form in forms:
        kpi = form.instance.target.kpi
        first_field = form["actual_value"].id_for_label
        for message in form.non_field_errors():
            items.append({"id": first_field, "text": f"{kpi.code} – {message}"})
        for name in form.fields:
            for message in form[name].errors:
                items.append({"id": form[name].id_for_label, "text": f"{kpi.code} – {form[name].label}: {message}"})
    return items


def _render_report(request, report, forms, editable, *, stale=False):
    current = report
    if stale:
        # Show what is saved now next to what the user typed, and let the next save build on it.
        current = KPIReport.objects.get(pk=report.pk)
        saved = {r.pk: r for r in _results(current)}
        for form in forms:
            form.saved_now = saved.get(form.instance.pk)
    transitions = current.transitions.select_related("by") if current.pk else []
    for form in forms:
        form.achievement = _achievement(form)
    filled = sum(1 for form in forms if form["actual_value"].value() not in (None, ""))
    return render(
        request,
        "evaluations/report_edit.html",
        {
            "report": current,
            "forms": forms,
            "editable": editable,
            "stale": stale,
            "version_form": ReportVersionForm(initial={"version": current.version}),
            "transitions": transitions,
            "progress": {"filled": filled, "total": len(forms)},
            "error_summary": [] if stale else _error_summary(forms),
            "kept_any": any(getattr(form, "evidence_kept", False) for form in forms),
            # How the page's script reads a typed number (as LocalizedDecimalField does).
            "number_format": {
                "thousands": get_format("THOUSAND_SEPARATOR"),
                "decimal": get_format("DECIMAL_SEPARATOR"),
            },
        },
        status=409 if stale else 200,
    )


@login_required
def evidence_download(request, pk: int):
    """An evidence file, for the partner it belongs to and FIT staff only, always as an attachment."""
    result = get_object_or_404(
        KPIResult.objects.visible_to(request.user).exclude(evidence="").select_related("report__agreement__partner"),
        pk=pk,
    )
    try:
        handle = result.evidence.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    filename = result.evidence_name or result.evidence.name
    record_download(request, "evidence", obj=result, name=filename, partner=result.report.agreement.partner)
    return FileResponse(handle, as_attachment=True, filename=filename)


@staff_required
def report_review(request, pk: int):
    """The account manager's page to read a report and validate it or send it back."""
    reports = KPIReport.objects.visible_to(request.user).select_related("agreement__partner", "submitted_by")
    report = get_object_or_404(reports, pk=pk)
    may_review = can_review_report(request.user, report)
    form = ReviewForm(request.POST or None)
    if request.method == "POST":
        if not may_review:
            raise PermissionDenied
        if form.is_valid():
            comment = form.cleaned_data["comment"]
            try:
                if "return" in request.POST:
                    kpi_report_return(report=report, user=request.user, comment=comment)
                    messages.success(request, _("The report has been returned to the partner."))
                else:
                    kpi_report_validate(report=report, user=request.user, comment=comment)
                    messages.success(request, _("The report has been validated."))
                return redirect("evaluations:report_review", pk=report.pk)
            except ValidationError as error:
                form.add_error("comment", error.messages[0])
    transitions = ReportTransition.objects.filter(report=report).select_related("by")
    results = list(_results(report))
    for result in results:
        # What other apps know that bears on this KPI (evaluations/evidence.py), beside the reported result.
        result.extra_evidence = kpi_evidence(result.target.kpi.code, report.agreement.partner, report.year)
    return render(
        request,
        "evaluations/report_review.html",
        {
            "report": report,
            "results": results,
            "form": form,
            "may_review": may_review and report.status == ReportStatus.SUBMITTED,
            "transitions": transitions,
        },
    )
