"""What apps above partnerships add to a body's page.

The structure app sits at the bottom of the layers (governance > performance > meetings >
partnerships), so it may not import the meetings app to show a body's recent outcomes; the
meetings app registers a section here instead (in its AppConfig.ready). Each section is a
function of (user, body) returning template context.
"""

_sections = []


def register_section(section):
    """Add `section(user=..., body=...) -> dict` to every body page's context."""
    if section not in _sections:
        _sections.append(section)
    return section


def sections_context(*, user, body):
    context = {}
    for section in _sections:
        context.update(section(user=user, body=body))
    return context
