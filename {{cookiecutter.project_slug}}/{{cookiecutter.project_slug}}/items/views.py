"""The service's pages."""

import logging

from django.http import JsonResponse
from django.shortcuts import get_object_or_404

from {{ cookiecutter.project_slug }} import SERVICE_NAME

from .models import Item

logger = logging.getLogger(__name__)


def index(request):
    items = Item.objects.count()
    logger.info("%d items listed", items)
    return JsonResponse({"service": SERVICE_NAME, "items": items})


def item(request, pk: int):
    found = get_object_or_404(Item, pk=pk)
    return JsonResponse({"id": found.pk, "name": found.name})


def error(request):
    raise RuntimeError("Deliberate failure: this error should show up in your traces.")
