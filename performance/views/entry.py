"""Performance: entry pages."""

urlpatterns = []
