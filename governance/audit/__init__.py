"""The audit trail: who changed what on memberships, terms, minutes and measurements."""
