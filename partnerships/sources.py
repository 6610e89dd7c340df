"""The published reviews that the portal's norms, rules and reference data come from, named so
that a reader can look them up. Code comments and docs/ number them seed 000 to 004 (the team's
copies); what people read (pages, emails, form help, the glossary) cites them by these names.

The bottom layer holds them so that every app's help texts can cite the same names."""

CUMBRIA_FRAMEWORK = "Cumbria Strategic Partnership framework paper (Executive Board, 20 October 2009)"
CARLISLE_PAPER = "Carlisle Partnership improvement paper (2009)"
WYCHAVON_REVIEW = (
    "“Strengthening the capacity of Wychavon Community Plan Core Group and Local Strategic Partnerships” "
    "(Wychavon communications review, 2008)"
)
HORSHAM_REVIEW = "“When the talking has to stop” (Horsham District Community Partnership, 2009)"
