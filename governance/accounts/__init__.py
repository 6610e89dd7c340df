"""Signing in with an email address, the account page, the roles shown in the header."""
