"""The monthly governance health digest for partnership staff: the counts and the worst findings
of the health check (governance/health), by email in plain text and HTML. The Celery beat sends
it on the first of each month (governance.tasks.send_health_digest_task); `manage.py
health_digest` sends it now."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from governance.mail import render_html_email

from .selectors import partnership_health, summarise, worst_first

log = logging.getLogger(__name__)

# Bodies named in the email; the page lists the rest.
WORST_BODIES = 10


def digest_recipients():
    """Email addresses of active staff users (staff or superusers), each once."""
    users = get_user_model().objects.filter(Q(is_staff=True) | Q(is_superuser=True), is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def digest_context(on=None, *, base_url=None):
    """What the digest says as at `on` (today): the summary and the bodies with most problems."""
    on = on or timezone.localdate()
    base_url = (base_url or settings.PORTAL_BASE_URL).rstrip("/")
    healths = partnership_health(on=on)
    worst = [h for h in worst_first(healths) if h.concerns][:WORST_BODIES]
    return {
        "on": on,
        "summary": summarise(healths),
        "worst": [
            {
                "health": h,
                "url": base_url + reverse("health:body-health", kwargs={"slug": h.body.slug}),
                "concerns": [
                    {"finding": f, "fix_url": base_url + f.fix_url if f.fix_url.startswith("/") else f.fix_url}
                    for f in h.concerns
                ],
            }
            for h in worst
        ],
        "page_url": base_url + reverse("health:health"),
        "portal_name": settings.PORTAL_NAME,
    }


def send_health_digest(on=None, *, base_url=None):
    """Email the digest to every staff user, one message each (recipients do not see one
    another's addresses). Returns the number of messages sent."""
    recipients = digest_recipients()
    if not recipients:
        log.warning("The governance health digest has no recipient: no active staff user has an email address")
        return 0
    context = digest_context(on, base_url=base_url)
    summary, on = context["summary"], context["on"]
    problems, warnings = summary.by_severity["problem"], summary.by_severity["warning"]
    subject = (
        f"Governance health, {on:%B %Y}: {problems} bod{'y' if problems == 1 else 'ies'} with problems, "
        f"{warnings} with warnings"
    )
    text = render_to_string("governance/health/digest.txt", context)
    html = render_html_email("governance/health/digest.html", context)
    messages = []
    for address in recipients:
        message = EmailMultiAlternatives(subject=subject, body=text, to=[address])
        message.attach_alternative(html, "text/html")
        messages.append(message)
    return get_connection().send_messages(messages) or 0
