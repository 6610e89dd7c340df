"""The staff audit trail page: every tracked change, newest first, filtered by kind and body."""

from django.core.paginator import Paginator
from django.shortcuts import render

from partnerships.access import staff_only

from .forms import AuditFilterForm
from .selectors import audit_entries, audit_feed

AUDIT_PAGE_SIZE = 50


@staff_only
def audit(request):
    filters = AuditFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    page = Paginator(audit_feed(kind=chosen.get("kind"), body=chosen.get("body")), AUDIT_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"filters": filters, "page": page, "entries": audit_entries(page.object_list)}
    return render(request, "governance/audit/audit.html", context)
