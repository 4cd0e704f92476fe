"""Write the audit log: one call, from views, services and the auth signals."""

from .models import AuditEvent


def client_ip(request) -> str | None:
    """The client's address as the proxy in front reports it (see docs/deploy.md), else the socket's."""
    if request is None:
        return None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return forwarded.split(",")[0].strip() or request.META.get("REMOTE_ADDR") or None


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
