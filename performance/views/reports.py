"""Performance: reports pages."""

urlpatterns = []
