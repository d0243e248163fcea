"""Routes of the providers API under /api/v1/."""

from rest_framework.routers import SimpleRouter

from .provider_views import ProviderViewSet

router = SimpleRouter()
router.register("providers", ProviderViewSet, basename="provider")

urlpatterns = router.urls
