"""Performance: dashboard pages."""

urlpatterns = []
