"""Reading the meetings pages in tests: their addresses, their text, an agenda's titles."""

import html

from django.urls import reverse


def url(name, meeting, **kwargs):
    return reverse(f"meetings:{name}", kwargs={"pk": meeting.pk, **kwargs})


def text(response):
    return " ".join(html.unescape(response.content.decode()).split())


def titles(meeting):
    return list(meeting.items.order_by("position").values_list("title", flat=True))
