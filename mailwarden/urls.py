"""URL routes: the status page, the web panel, and the automation APIs."""

from django.urls import include, path

from mailwarden.core import views

urlpatterns = [
    path("status/", views.status, name="status"),
    path("", include("mailwarden.web.urls")),
    # The automation APIs: /rpc, /mcp and /api/v1/ (docs/api.md).
    path("", include("mailwarden.api.urls")),
]
