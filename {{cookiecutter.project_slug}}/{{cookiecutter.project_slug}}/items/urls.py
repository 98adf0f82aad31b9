from django.urls import path

from . import views

urlpatterns = [
    path("", views.index),
    path("items/<int:pk>/", views.item),
    path("error", views.error),
]
