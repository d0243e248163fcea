"""Top-level URL map: ingest, API, admin, health and the single-page app."""

from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from hooklane.core import metrics_view
from hooklane.core import views as core_views
from hooklane.webhooks.views import ingest as ingest_views

api_v1: list = [
    # Before the webhooks routes: delivery owns logs/<id>/attempts/, logs/<id>/replay/ and
    # logs/bulk-replay/.
    path("", include("hooklane.delivery.urls")),
    path("", include("hooklane.webhooks.urls")),
    path("", include("hooklane.accounts.urls")),
    path("", include("hooklane.stream.urls")),
]

urlpatterns = [
    path("in/<str:ingest_key>", ingest_views.ingest, name="ingest"),
    path("in/<str:ingest_key>/", ingest_views.ingest),
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("metrics", metrics_view.metrics, name="metrics"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Split: the page and its start-up script (?script) are two responses, so no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # Everything else that is not an API or asset path is a client-side route of the SPA.
    re_path(r"^(?!api/|in/|admin/|static/|assets/)(?P<path>.*)$", core_views.spa, name="spa"),
]

handler404 = "hooklane.core.views.page_not_found"
