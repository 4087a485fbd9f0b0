"""The service layer's errors, mapped once for the web.

An object named by the URL that the actor may not see (or that does not exist, or whose
name is malformed) is a 404, the same in every case. Anything a submitted form caused
becomes an error on that form, next to the field the service named.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from mailwarden.core.errors import Invalid, NotFound, ServiceError, TooManyAttempts

T = TypeVar("T")


def lookup(selector: Callable[..., T], **kwargs: Any) -> T:
    """Call a selector for the object in the URL; NotFound or a malformed name is a 404."""
    try:
        return selector(**kwargs)
    except (NotFound, Invalid):
        raise Http404 from None


def add_service_error(form: forms.Form, exc: ServiceError) -> None:
    """Attach the service's one-line message to the field it names, else to the form."""
    renames: dict[str, str] = getattr(form, "service_fields", {})
    for key in exc.fields:
        name = renames.get(key, key)
        if name in form.fields:
            message = exc.message.removeprefix(f"{key}: ")
            form.add_error(name, message)
            return
    form.add_error(None, exc.message)


def submit(form: forms.Form, service: Callable[..., T], **kwargs: Any) -> T | None:
    """Call a service with a form's cleaned data; a refusal becomes a form error (None)."""
    try:
        return service(**kwargs)
    except ServiceError as exc:
        add_service_error(form, exc)
        return None


def attempt(form: forms.Form, service: Callable[..., Any], **kwargs: Any) -> bool:
    """Like ``submit`` for services that return nothing (deletes): True when it was done."""
    try:
        service(**kwargs)
    except ServiceError as exc:
        add_service_error(form, exc)
        return False
    return True


def act(request: HttpRequest, service: Callable[..., Any], **kwargs: Any) -> bool:
    """A one-button action with no form: a refusal is shown as a message on the next page."""
    try:
        service(**kwargs)
    except NotFound:
        raise Http404 from None
    except ServiceError as exc:
        messages.error(request, exc.message)
        return False
    return True


def locked_out(
    form: forms.Form, exc: TooManyAttempts, page: Callable[[], HttpResponse]
) -> HttpResponse:
    """The page again (``page()``) with 429 and Retry-After, while the login limits refuse
    this client or account."""
    form.add_error(None, _("Too many failed attempts. Try again later."))
    response = page()
    response.status_code = 429
    response["Retry-After"] = str(exc.retry_after)
    return response
