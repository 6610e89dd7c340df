"""Membership reviews: seats flagged by the attendance rule and periodic reviews of a body."""
