from contextvars import ContextVar

_request: ContextVar = ContextVar("audit_request", default=None)


def bind_request(request):
    return _request.set(request)


def reset_request(token):
    _request.reset(token)


def current_request():
    return _request.get()


def client_ip(request) -> str | None:
    if request is None:
        return None
    # Behind a proxy, the trusted proxy count tells how many X-Forwarded-For hops to
    # skip; the same setting allauth uses for its rate limits.
    from django.conf import settings

    hops = getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if hops and forwarded:
        parts = [p.strip() for p in forwarded.split(",") if p.strip()]
        if len(parts) >= hops:
            return parts[-hops]
    return request.META.get("REMOTE_ADDR") or None
