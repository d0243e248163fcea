"""Routes of the log and stats API under /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from .log_views import LogViewSet
from .stats_views import StatsView

router = SimpleRouter()
router.register("logs", LogViewSet, basename="log")

urlpatterns = [path("stats/", StatsView.as_view(), name="stats"), *router.urls]
