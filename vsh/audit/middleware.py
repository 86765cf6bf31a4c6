from .context import bind_request, reset_request


class AuditContextMiddleware:
    """Makes the current request (its address, agent and path) known to the audit
    service, so services can record events without passing the request around."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = bind_request(request)
        try:
            return self.get_response(request)
        finally:
            reset_request(token)
