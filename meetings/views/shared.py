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


def row_or_none(queryset, pk):
    """The row of an already scoped queryset (a meeting's items, papers...) with this posted
    id, or None, also when the id is not a number."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return queryset.filter(pk=pk).first()


def row_of(queryset, pk):
    """row_or_none, or 404."""
    found = row_or_none(queryset, pk)
    if found is None:
        raise Http404("Not found.")
    return found


def show_error(request, error):
    messages.error(request, " ".join(error.messages))
