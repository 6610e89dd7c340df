"""`{% load glossary %}{{ text|abbreviate }}`: known acronyms in an `<abbr>` with their
expansion (seed 002, proposal 4). The rule lives in governance/glossary/services.py."""

from django import template

from governance.glossary.services import abbreviate as _abbreviate

register = template.Library()


@register.filter(is_safe=True)
def abbreviate(value):
    return _abbreviate(value)
