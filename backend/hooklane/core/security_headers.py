"""The Content-Security-Policy header on every response that does not set its own."""

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Adds settings.CONTENT_SECURITY_POLICY; a view's own policy (a sandbox) wins."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy
        return response
