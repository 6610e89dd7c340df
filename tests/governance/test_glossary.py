"""The jargon buster (seed 002, proposal 4: "address jargon and acronym barriers"): the glossary,
its page, and the `abbreviate` filter that gives acronyms an accessible expansion."""

import datetime

import pytest
from django.core.cache import cache
from django.template import Context, Template
from django.urls import reverse
from django.utils.safestring import mark_safe

from governance.glossary.services import SEED_TERMS, abbreviate, ensure_glossary, glossary_terms
from governance.models import GlossaryTerm
from meetings.models import AgendaItem, Decision, Meeting, MeetingStatus, MinuteEntry, Minutes, MinutesStatus
from partnerships import services as structure
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db

LSP = '<abbr title="Local Strategic Partnership">LSP</abbr>'


@pytest.fixture(autouse=True)
def fresh_cache():
    """The term list is cached across requests; each test starts cold and leaves no terms of a
    rolled-back transaction behind for other tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def terms():
    """Seed terms are loaded by the data migration; make sure (a flushed database has none)."""
    ensure_glossary()
    cache.clear()


def test_every_seed_term_is_in_the_glossary(terms):
    assert set(GlossaryTerm.objects.values_list("term", flat=True)) >= {t for t, *_ in SEED_TERMS}
    assert GlossaryTerm.objects.get(term="LSP").expansion == "Local Strategic Partnership"
    assert GlossaryTerm.objects.get(term="CALC").expansion == "Cumbria Association of Local Councils"


def test_seeding_again_keeps_staff_edits_and_adds_only_missing_terms(terms):
    GlossaryTerm.objects.filter(term="CP").update(expansion="The Carlisle Partnership (Carlisle's LSP)")
    GlossaryTerm.objects.filter(term="RAG").delete()
    assert ensure_glossary() == 1
    assert GlossaryTerm.objects.get(term="CP").expansion == "The Carlisle Partnership (Carlisle's LSP)"
    assert GlossaryTerm.objects.filter(term="RAG").exists()


# The filter -------------------------------------------------------------------------------------


def test_acronyms_get_an_abbr_with_their_expansion(terms):
    assert abbreviate("The LSP met.") == f"The {LSP} met."


def test_plain_text_is_escaped_before_marking(terms):
    html = abbreviate('<script>alert("LSP")</script> & <b>CP</b>')
    assert "<script>" not in html and "<b>" not in html
    assert html == (
        f"&lt;script&gt;alert(&quot;{LSP}&quot;)&lt;/script&gt; &amp; &lt;b&gt;"
        '<abbr title="Carlisle Partnership">CP</abbr>&lt;/b&gt;'
    )


def test_whole_words_only_and_case_matters(terms):
    assert abbreviate("CLSPs and LSPX and xLSP and lsp") == (
        '<abbr title="Carlisle Local Strategic Partnership">CLSP</abbr>s and LSPX and xLSP and lsp'
    )
    assert abbreviate("LSP’s LSP's LSPs") == f"{LSP}’s {LSP}&#x27;s {LSP}s"
    assert abbreviate("Ptp PTP PtP") == 'Ptp PTP <abbr title="Progress through Partnership">PtP</abbr>'


def test_a_national_indicator_number_stays_with_its_acronym(terms):
    # Seed 002: "NI185 (total council CO2 emissions)".
    assert abbreviate("contribute to NI185 now") == 'contribute to <abbr title="National Indicator 185">NI185</abbr> now'


def test_marking_twice_never_nests_abbr(terms):
    once = abbreviate("The LSP and the CSP")
    assert abbreviate(once) == once
    assert once.count("<abbr") == 2


def test_html_already_safe_keeps_its_tags_and_attributes(terms):
    html = abbreviate(mark_safe('<a href="/lsp" title="LSP">LSP</a> <abbr title="mine">CP</abbr>'))
    assert html == f'<a href="/lsp" title="LSP">{LSP}</a> <abbr title="mine">CP</abbr>'


def test_an_expansion_with_markup_is_escaped_in_the_title(terms):
    GlossaryTerm.objects.create(term="XYZ", expansion='Quote " and <tag>')
    cache.clear()
    assert abbreviate("XYZ") == '<abbr title="Quote &quot; and &lt;tag&gt;">XYZ</abbr>'


def test_the_filter_in_a_template_then_linebreaks(terms):
    rendered = Template("{% load glossary %}{{ text|abbreviate|linebreaksbr }}").render(
        Context({"text": "The LSP\n<em>met</em>"})
    )
    assert rendered == f"The {LSP}<br>&lt;em&gt;met&lt;/em&gt;"


def test_no_terms_no_markup_but_still_escaped():
    GlossaryTerm.objects.all().delete()
    cache.clear()
    assert abbreviate("<b>LSP</b>") == "&lt;b&gt;LSP&lt;/b&gt;"


# The term list: cached, one query at most, forgotten when a term changes ------------------------


def test_a_page_of_many_texts_costs_one_query_cold_and_none_warm(terms, django_assert_num_queries):
    template = Template("{% load glossary %}{% for t in texts %}<p>{{ t|abbreviate }}</p>{% endfor %}")
    texts = [f"Minute {i}: the LSP and the CSP agreed the LAA." for i in range(50)]
    with django_assert_num_queries(1):
        cold = template.render(Context({"texts": texts}))
    with django_assert_num_queries(0):
        warm = template.render(Context({"texts": texts}))
    assert cold == warm and cold.count("<abbr") == 150


def test_empty_text_costs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert abbreviate("") == "" and abbreviate(None) == ""


def test_saving_or_deleting_a_term_empties_the_cache(terms, django_capture_on_commit_callbacks):
    assert "PCC" not in glossary_terms()
    with django_capture_on_commit_callbacks(execute=True):
        GlossaryTerm.objects.create(term="PCC", expansion="Patrick Clark Consulting")
    assert abbreviate("PCC") == '<abbr title="Patrick Clark Consulting">PCC</abbr>'
    with django_capture_on_commit_callbacks(execute=True):
        GlossaryTerm.objects.get(term="PCC").delete()
    assert abbreviate("PCC") == "PCC"


# Where the filter is used -------------------------------------------------------------------------


def test_a_bodys_purpose_and_roles_show_expansions_escaped(client, terms):
    body = structure.create_body(
        name="Carlisle Partnership", kind="locality",
        purpose="The LSP for Carlisle <script>x</script>", roles="Contribute to the Cumbria LAA",
    )
    page = client.get(body.get_absolute_url()).content.decode()
    assert f"The {LSP} for Carlisle &lt;script&gt;" in page
    assert '<abbr title="Local Area Agreement">LAA</abbr>' in page


def test_published_minutes_show_expansions_in_entries_and_decisions(client, terms):
    body = structure.create_body(name="Carlisle Partnership Executive", kind="executive")
    meeting = Meeting.objects.create(
        body=body, starts_at=datetime.datetime(2009, 9, 1, 18, tzinfo=datetime.timezone.utc), status=MeetingStatus.HELD,
        agenda_published_at=datetime.datetime(2009, 8, 20, tzinfo=datetime.timezone.utc),
    )
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="CAA")
    minutes = Minutes.objects.create(
        meeting=meeting, status=MinutesStatus.PUBLISHED,
        published_at=datetime.datetime(2009, 10, 20, tzinfo=datetime.timezone.utc),
    )
    MinuteEntry.objects.create(minutes=minutes, item=item, text="How CAA will affect the CP.")
    Decision.objects.create(minutes=minutes, item=item, text="Report to the LSP.")
    page = client.get(reverse("meetings:minutes", kwargs={"pk": meeting.pk})).content.decode()
    assert 'How <abbr title="Comprehensive Area Assessment">CAA</abbr> will affect the <abbr title="Carlisle Partnership">CP</abbr>.' in page
    assert f"Report to the {LSP}." in page


# The page ------------------------------------------------------------------------------------------


def test_the_glossary_page_is_public_and_alphabetical(client, terms):
    page = client.get(reverse("glossary:glossary")).content.decode()
    assert "Jargon buster" in page
    assert page.index('id="letter-0-9"') < page.index('id="letter-c"') < page.index('id="letter-l"')
    assert "Local Strategic Partnership" in page and 'href="#letter-p"' in page
    assert "Edit the glossary" not in page


def test_the_glossary_page_costs_the_same_queries_at_30_and_300_terms(client, terms, django_assert_num_queries):
    with django_assert_num_queries(1):
        small = client.get(reverse("glossary:glossary"))
    GlossaryTerm.objects.bulk_create(GlossaryTerm(term=f"T{i:03}", expansion=f"Term {i}") for i in range(270))
    with django_assert_num_queries(1):
        large = client.get(reverse("glossary:glossary"))
    assert large.context["count"] == small.context["count"] + 270


def test_staff_edit_the_glossary_in_the_admin(client, terms, django_capture_on_commit_callbacks):
    client.force_login(StaffUserFactory())
    assert "Edit the glossary" in client.get(reverse("glossary:glossary")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:governance_glossaryterm_add"), {
            "term": "HMO", "expansion": "House in Multiple Occupation", "explanation": "", "source": "",
        })
    assert response.status_code == 302
    assert abbreviate("HMO") == '<abbr title="House in Multiple Occupation">HMO</abbr>'
