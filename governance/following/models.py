"""Following a body by email. Seed 003 (Wychavon) found that feedback between bodies depended on
the chair: anyone may follow a body and receive what it publishes."""

import secrets

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from partnerships.models import Body


def new_subscription_token():
    return secrets.token_urlsafe(16)


class Subscription(models.Model):
    """Someone following a body by email (double opt-in). The signed links in emails name the
    row and its random token, so a link never acts on a later subscription of the same address."""

    email = models.EmailField()
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="subscriptions")
    token = models.CharField(max_length=40, default=new_subscription_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    last_digest_at = models.DateTimeField(
        null=True, blank=True, help_text="The end of the period the latest digest covered."
    )

    class Meta:
        ordering = ["body__name", "email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), "body", condition=Q(unsubscribed_at__isnull=True),
                name="subscription_once_per_address_and_body",
            ),
        ]

    def __str__(self):
        return f"{self.email} follows {self.body}"

    @property
    def is_active(self):
        return self.confirmed_at is not None and self.unsubscribed_at is None
