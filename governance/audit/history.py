"""The models whose every save and delete django-simple-history records for the audit trail; their
historical models and migrations live in this app, so the apps that own the models are not
touched. Imported by GovernanceConfig.ready."""

from simple_history import register

from governance.terms.models import TermsOfReference
from meetings.models import Decision, MinuteEntry, Minutes
from partnerships.models import Body, BodyLink, BodyPlacement, Membership, Organisation, Person
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
# The structure (issue 10: every create, edit, move, dissolution and deletion, with who and
# when). A body's nested-set columns shift on every move elsewhere in the tree: they are not
# history, its parent and its dated placements are.
STRUCTURE = [
    (Body, "governance_history_body", ["lft", "rght", "tree_id", "level"]),
    (BodyPlacement, "governance_history_body_placement", []),
    (BodyLink, "governance_history_body_link", []),
    (Organisation, "governance_history_organisation", []),
    (Person, "governance_history_person", []),
]
for _model, _table, _excluded in [(m, t, []) for m, t in TRACKED] + STRUCTURE:
    if not hasattr(_model._meta, "simple_history_manager_attribute"):
        register(_model, app="governance", table_name=_table, excluded_fields=_excluded)
