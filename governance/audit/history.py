"""The models whose every save and delete django-simple-history records for the audit trail; their
historical models and migrations live in this app, so the apps that own the models are not
touched. Imported by GovernanceConfig.ready."""

from simple_history import register

from governance.terms.models import TermsOfReference
from meetings.models import Decision, MinuteEntry, Minutes
from partnerships.models import Membership
from performance.models import Measurement

TRACKED = [
    # (model, history table)
    (Membership, "governance_history_membership"),
    (TermsOfReference, "governance_history_terms_of_reference"),
    (Minutes, "governance_history_minutes"),
    (MinuteEntry, "governance_history_minute_entry"),
    (Decision, "governance_history_decision"),
    (Measurement, "governance_history_measurement"),
]
for _model, _table in TRACKED:
    if not hasattr(_model._meta, "simple_history_manager_attribute"):
        register(_model, app="governance", table_name=_table)
