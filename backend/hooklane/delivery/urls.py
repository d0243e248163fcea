"""Routes of the destinations, attempts, replay and jobs APIs under /api/v1/, and of the
providers API (the webhooks app's viewset, extended with its jobs: views/providers.py).

config/urls.py includes these before the webhooks routes, so logs/<id>/attempts/,
logs/<id>/replay/ and logs/bulk-replay/ are matched here and the log viewset stays the
webhooks app's own."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from .views.attempts import LogAttemptViewSet
from .views.destinations import DestinationViewSet
from .views.issues import IssueViewSet, NotificationChannelViewSet
from .views.listen import ListenSessionViewSet
from .views.providers import ProviderViewSet
from .views.replay import LogReplayViewSet, ReplayJobViewSet

router = SimpleRouter()
router.register("destinations", DestinationViewSet, basename="destination")
router.register("jobs", ReplayJobViewSet, basename="replay-job")
router.register("issues", IssueViewSet, basename="issue")
router.register(
    "notification-channels", NotificationChannelViewSet, basename="notification-channel"
)
router.register("listen-sessions", ListenSessionViewSet, basename="listen-session")
router.register("providers", ProviderViewSet, basename="provider")

urlpatterns = [
    path(
        "logs/<uuid:pk>/attempts/",
        LogAttemptViewSet.as_view({"get": "attempts"}),
        name="log-attempts",
    ),
    path(
        "logs/<uuid:pk>/replay/",
        LogReplayViewSet.as_view({"post": "replay"}),
        name="log-replay",
    ),
    path(
        "logs/bulk-replay/",
        LogReplayViewSet.as_view({"post": "bulk_replay"}),
        name="log-bulk-replay",
    ),
    *router.urls,
]
