"""/api/v1/: each domain app adds its endpoints in its own `api.py` (an `urlpatterns` list),
included here; the schema and its documentation page come from the app's own static files."""

import importlib

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

# The apps whose api.py is part of v1, in the order the documentation lists them.
APPS = [
    "units",
    "cadres",
    "pages",
    "workbooks",
    "monitoring",
    "scoring",
    "notifications",
    "support",
    "campaigns",
    "pagestats",
    "privacy",
    "accounts",
]

api_patterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    # The split view serves its start-up script as a file: the CSP allows no inline script.
    # It renders a template for any method, so OPTIONS (no template) would be a server error.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api_schema", http_method_names=["get", "head"]
        ),
        name="api_docs",
    ),
]
for app in APPS:
    try:
        module = importlib.import_module(f"frontnet.{app}.api")
    except ModuleNotFoundError as exc:
        if exc.name != f"frontnet.{app}.api":
            raise
        continue
    api_patterns += module.urlpatterns

urlpatterns = [path("api/v1/", include(api_patterns))]
