"""Signals the meetings app sends for the apps above it: meetings may not import governance
(the layers in pyproject.toml), so governance listens here and acts on what meetings record."""

from django.dispatch import Signal

# Sent (with `meeting`) after a register change is saved for a meeting, inside its transaction.
# governance/signals.py queues the attendance review on commit (seed 002's attendance rule).
attendance_recorded = Signal()
