from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("{{ cookiecutter.project_slug }}.items.urls")),
    path("admin/", admin.site.urls),
]
