"""The library's pages: the partner's documents and own space, FIT's sharing and download figures, and the one
download view both sides use (scoped, counted, always an attachment)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.audit import record_download
from partners.models import Partner
from portal.decorators import partner_required, staff_required

from .forms import DocumentShareForm, PartnerUploadForm, SearchForm, VersionForm
from .models import Document, DocumentVersion, Download
from .services import document_add_version, document_share, document_upload_by_partner, version_downloaded


def _with_versions(documents):
    return documents.select_related("folder").prefetch_related(
        Prefetch("versions", queryset=DocumentVersion.objects.order_by("-number"))
    )


def _by_folder(documents) -> list[dict]:
    """[{"folder": Folder or None, "documents": [...]}, ...] in the folders' order, loose documents last."""
    groups: dict = {}
    for document in documents:
        groups.setdefault(document.folder, []).append(document)
    ordered = sorted((f for f in groups if f is not None), key=lambda f: (f.order, -(f.year or 0), f.name))
    rows = [{"folder": f, "documents": groups[f]} for f in ordered]
    if None in groups:
        rows.append({"folder": None, "documents": groups[None]})
    return rows


# -- the partner's side ----------------------------------------------------------------------------


@partner_required
def document_list(request):
    """What FIT shared with the partner, by folder, searchable by title; and the partner's own space."""
    form = SearchForm(request.GET or None)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    visible = _with_versions(Document.objects.visible_to(request.user).search(text))
    shared = [d for d in visible if not d.from_partner]
    own = [d for d in visible if d.from_partner]
    return render(
        request,
        "library/document_list.html",
        {"form": form, "searched": bool(text), "folders": _by_folder(shared), "own": own},
    )


@partner_required
def document_upload(request):
    """The partner shares a document with FIT in its own space."""
    form = PartnerUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        document = document_upload_by_partner(
            user=request.user,
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
            file=form.cleaned_data["file"],
        )
        messages.success(request, _("Your document has been shared with FIT."))
        return redirect("library:document_detail", pk=document.pk)
    return render(request, "library/document_upload.html", {"form": form})


@partner_required
def document_detail(request, pk: int):
    document = get_object_or_404(_with_versions(Document.objects.visible_to(request.user)), pk=pk)
    return render(request, "library/document_detail.html", {"document": document})


# -- both sides --------------------------------------------------------------------------------------


@login_required
def download(request, pk: int):
    """One version's file, for who may see its document, counted per partner, always as an attachment."""
    version = get_object_or_404(
        DocumentVersion.objects.visible_to(request.user).select_related("document__partner"), pk=pk
    )
    try:
        handle = version.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    download = version_downloaded(version=version, user=request.user)
    filename = version.original_name or version.file.name
    # The partner it concerns: the document's own partner, else the partner whose user downloads it.
    partner = version.document.partner or download.partner
    record_download(request, "document", obj=version, name=filename, partner=partner)
    return FileResponse(handle, as_attachment=True, filename=filename)


# -- FIT's side ---------------------------------------------------------------------------------------


@staff_required
def staff_document_list(request):
    """Every document with its audience and how many partners downloaded it, by folder."""
    form = SearchForm(request.GET or None)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    documents = (
        _with_versions(Document.objects.search(text).with_download_counts())
        .select_related("partner", "versnelling")
        .order_by("title", "pk")
    )
    shared = [d for d in documents if not d.from_partner]
    from_partners = [d for d in documents if d.from_partner]
    return render(
        request,
        "library/staff/document_list.html",
        {"form": form, "searched": bool(text), "folders": _by_folder(shared), "from_partners": from_partners},
    )


@staff_required
def staff_document_create(request):
    form = DocumentShareForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        document = document_share(
            user=request.user,
            title=data["title"],
            description=data["description"],
            folder=data["folder"],
            audience=data["audience"],
            groups=data["groups"],
            versnelling=data["versnelling"],
            partner=data["partner"],
            file=data["file"],
            note=data["note"],
            notify=data["notify"],
        )
        messages.success(request, _("The document has been shared."))
        return redirect("library:staff_document_detail", pk=document.pk)
    return render(request, "library/staff/document_form.html", {"form": form})


def _staff_detail(request, document, version_form):
    per_partner = (
        Download.objects.by_partners()
        .filter(version__document=document)
        .values("partner__pk", "partner__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "partner__name")
    )
    return render(
        request,
        "library/staff/document_detail.html",
        {"document": document, "version_form": version_form, "per_partner": per_partner},
        status=400 if version_form.is_bound else 200,
    )


@staff_required
def staff_document_detail(request, pk: int):
    """The document's versions, a form for a new one, and which partners downloaded it how often."""
    documents = _with_versions(Document.objects.visible_to(request.user)).select_related("partner", "versnelling")
    document = get_object_or_404(documents, pk=pk)
    return _staff_detail(request, document, VersionForm())


@staff_required
@require_POST
def staff_document_version(request, pk: int):
    """A new version of the document; the old ones stay."""
    documents = _with_versions(Document.objects.visible_to(request.user)).select_related("partner", "versnelling")
    document = get_object_or_404(documents, pk=pk)
    form = VersionForm(request.POST, request.FILES)
    if not form.is_valid():
        return _staff_detail(request, document, form)
    version = document_add_version(
        document=document, user=request.user, file=form.cleaned_data["file"], note=form.cleaned_data["note"]
    )
    messages.success(request, _("Version %(number)s has been added.") % {"number": version.number})
    return redirect("library:staff_document_detail", pk=document.pk)


@staff_required
def staff_usage(request):
    """Per partner: which documents (tools) its users downloaded, and how often."""
    rows = (
        Download.objects.by_partners()
        .values("partner_id", "version__document_id", "version__document__title")
        .annotate(count=Count("pk"))
        .order_by("version__document__title")
    )
    used: dict[int, list[dict]] = {}
    for row in rows:
        used.setdefault(row["partner_id"], []).append(
            {"pk": row["version__document_id"], "title": row["version__document__title"], "count": row["count"]}
        )
    partners = [
        {"partner": p, "documents": used.get(p.pk, []), "total": sum(d["count"] for d in used.get(p.pk, []))}
        for p in Partner.objects.active().order_by("name")
    ]
    return render(request, "library/staff/usage.html", {"partners": partners})
