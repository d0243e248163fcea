"""Routes of the live stream under /api/v1/."""

from django.urls import path

from .views import StreamInfoView, stream_logs

urlpatterns = [
    path("stream/", StreamInfoView.as_view(), name="stream-info"),
    path("stream/logs", stream_logs, name="stream-logs"),
]
