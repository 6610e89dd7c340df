"""What the meeting cycle's pages share: service errors shown on forms or as a message, a row of
an already scoped queryset or 404, and the cache rule of pages that are not public."""


from django.contrib import messages
from django.http import Http404

from partnerships.forms import add_service_errors

NOT_PUBLIC = "private, no-store"


def report_service_errors(request, form, error):
    """For forms whose page may not show them (a publish form once the agenda is published):
    field errors on the form, the rest as a message at the top of the page."""
    if hasattr(error, "error_dict"):
        add_service_errors(form, error)
    else:
        show_error(request, error)


def as_pk(value):
    """A posted id as an int, or None if it is not one."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def row_of(queryset, pk):
    """A row of an already scoped queryset (a meeting's items, papers...), or 404."""
    found = queryset.filter(pk=as_pk(pk)).first() if as_pk(pk) is not None else None
    if found is None:
        raise Http404("Not found.")
    return found


def show_error(request, error):
    messages.error(request, " ".join(error.messages))
