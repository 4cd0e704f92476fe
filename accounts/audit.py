"""Write the audit log: one call, from views, services and the auth signals."""

from django.conf import settings

from .models import AuditEvent


def client_ip(request) -> str | None:
    """The client's address. Behind PROXY_COUNT trusted proxies (docs/deploy.md) it is the address the
    outermost of them saw, read from the right of X-Forwarded-For; a client cannot forge it by sending
    its own header. Without proxies it is the socket's address."""
    if request is None:
        return None
    proxies = settings.PROXY_COUNT
    if proxies:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def audit(kind: str, *, request=None, user=None, username: str = "", **detail) -> AuditEvent:
    user = user if user is not None else getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        user = None
    return AuditEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or (user.get_username() if user else ""))[:254],
        ip_address=client_ip(request),
        detail=detail,
    )


def record_download(request, what: str, *, obj=None, name: str = "", partner=None, user=None) -> AuditEvent:
    """A file leaves the portal: who (the request's user), what (`what`: evidence, document, export,
    annual_report; the object and the file's name), for which partner (when the file is one partner's), when.

    The partner is stored by id and name, so the download log lists and filters it without this app
    knowing the partners' model (accounts is below partners). `user` only where there is no request (the demo)."""
    detail = {"what": what, "name": str(name)[:255]}
    if obj is not None:
        detail |= {"object": obj._meta.label_lower, "object_id": obj.pk}
    if partner is not None:
        detail |= {"partner_id": partner.pk, "partner": str(partner)}
    return audit(AuditEvent.Kind.DOWNLOAD, request=request, user=user, **detail)
