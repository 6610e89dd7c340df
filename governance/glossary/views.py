"""The glossary (jargon buster) page."""

from django.shortcuts import render

from partnerships.access import public

from .models import GlossaryTerm
from .services import glossary_by_letter


@public
def glossary(request):
    terms = list(GlossaryTerm.objects.all())
    return render(request, "governance/glossary/glossary.html", {
        "letters": glossary_by_letter(terms), "count": len(terms),
    })


