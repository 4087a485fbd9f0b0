"""URL routes. The web panel, REST and JSON-RPC/MCP doors are added by their own issues."""

from django.urls import path

from mailwarden.core import views

urlpatterns = [
    path("", views.status, name="status"),
]
