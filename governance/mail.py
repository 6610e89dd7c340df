"""HTML e-mail: a template rendered, then the rules of static/css/email.css written into style
attributes, since mail programs ignore linked stylesheets and many drop <style> elements. The
templates carry classes only, like every other page (no style="" in a template)."""

from functools import cache
from pathlib import Path

import css_inline
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

EMAIL_CSS = "css/email.css"


@cache
def _inliner():
    stylesheet = Path(finders.find(EMAIL_CSS)).read_text(encoding="utf-8")
    # Nothing is fetched: a link in a message (or in the data) never makes the server load a URL.
    return css_inline.CSSInliner(load_remote_stylesheets=False, keep_link_tags=False, extra_css=stylesheet)


def render_html_email(template_name, context):
    """The HTML part of an e-mail: `template_name` rendered with email.css inlined."""
    return _inliner().inline(render_to_string(template_name, context))
