"""Permission matrix rows for the governance health check and the guide: the whole partnership's
health for executives and staff; a body's health for its readers (members, officers), executives
and staff, signed in; the guide for everyone."""

OK, LOGIN, HIDDEN = 200, 302, 404

ROWS = {
    "health:health": (None, {"anonymous": LOGIN, "member": HIDDEN, "officer": HIDDEN, "executive": OK, "staff": OK, "admin": OK, "outsider": HIDDEN}),
    "health:body-health": (
        lambda w: {"slug": w.private_body.slug},
        {"anonymous": LOGIN, "member": OK, "officer": OK, "executive": OK, "staff": OK, "admin": OK, "outsider": HIDDEN},
    ),
    "guide:guide": (None, dict.fromkeys(["anonymous", "member", "officer", "executive", "staff", "admin", "outsider"], OK)),
}
