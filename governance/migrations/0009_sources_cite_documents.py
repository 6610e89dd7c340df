"""The glossary's and the health norms' stored sources cite the documents by name rather than as
"Seed 001".."Seed 004" (issue 11). Only a source still as first written is changed: a source
staff have edited is theirs. Databases created after this change already have the new text
(migrations 0003 and 0006 write the current defaults), so there this changes nothing."""

from django.db import migrations

# The sources as migrations 0003 and 0006 first wrote them, where they now differ.
GLOSSARY_SOURCES_BEFORE = {
    '4NW': 'Seed 001, Cumbria Strategic Partnership framework',
    'CAA': 'Seed 002, Carlisle Partnership improvement paper',
    'CALC': 'Seed 001',
    'CE': 'Seed 001',
    'CEDP': 'Seed 001 (initials not expanded there)',
    'CEG': 'Seed 001',
    'CIEP': 'Seed 001 (initials not expanded there)',
    'CLF': 'Seed 001',
    'CLSP': 'Seed 002',
    'CP': 'Seed 002',
    'CSP': 'Seeds 001 and 002',
    'CVS': 'Seed 004',
    'CYP': 'Seeds 001 and 002',
    'DWP': 'Seed 004',
    'HCOP': 'Seeds 001 and 002',
    'IDeA': 'Seeds 002 and 004',
    'LA': 'Seed 001',
    'LAA': 'Seed 002',
    'LSP': 'Seed 002, section 1.2',
    'MSP': 'Seed 004',
    'NHS': 'Seed 004',
    'NI': 'Seed 002',
    'PACT': 'Seed 000',
    'PCT': 'Seed 004',
    'PRG': 'Seed 001',
    'PtP': 'Seeds 000 and 004',
    'RAG': 'Seed 004',
    'SCS': 'Seed 004',
    'TP': 'Seed 001',
    'ToR': 'Seed 002, appendices',
}
STANDARD_SOURCES_BEFORE = {
    'forum': 'Seed 004: a conference annually (depending on demand), size “unlimited unless there are venue and cost constraints”; seed 001: the Cumbria forum meets bi-annually.',
    'conference': 'Seed 004: “A conference annually (depending on demand)”; “Open invitation to stakeholders in public services, business, and community & voluntary sectors”; size unlimited.',
    'board': 'Seed 004: “The full Board, in its strategic role only needing to meet two or three times a year”; optimum size 12 – 15, including the chairpersons of the CVS, the Chamber of Commerce and the Association of Local Councils.',
    'executive': 'Seed 004: “An Executive meeting much more frequently ... (around every two months)”; optimum size 8 – 10, “Chief Executive/Director/Area Commander level representation of county & district councils, PCT, Police”.',
    'chief_executives': "Seed 004's Executive: “around every two months”, optimum size 8 – 10, chief executive level representation of county & district councils, PCT, Police.",
    'joint_chairs': 'Seed 001: the Joint Chairs Group “receive[s] the quarterly performance reports on achievement of Community Strategy outcomes”.',
    'thematic': 'Seed 004: “Thematic Groups meeting regularly (at least quarterly)”; optimum size 8 – 10; “You should include voluntary, academic and business sectors as appropriate.”',
    'locality': 'The seeds set no size or frequency for locality partnerships.',
    'conveners': 'The seeds set no size or frequency for the conveners.',
    'task_group': 'Seed 004: “Ad hoc delivery or time-limited project teams meeting as necessary to progress key tasks.”',
    'project_group': 'Seed 004: “Ad hoc delivery or time-limited project teams meeting as necessary to progress key tasks.”',
}


def _current_sources():
    from governance.glossary.services import SEED_TERMS
    from governance.health.models import DEFAULT_STANDARDS

    glossary = {term: source for term, _expansion, _explanation, source in SEED_TERMS}
    standards = {str(kind): values.get("source", "") for kind, values in DEFAULT_STANDARDS.items()}
    return glossary, standards


def _replace(model, key, old, new):
    for row in model.objects.filter(**{f"{key}__in": list(old)}):
        value = getattr(row, key)
        if row.source == old[value] and value in new:
            row.source = new[value]
            row.save(update_fields=["source"])


def cite_by_name(apps, schema_editor):
    glossary, standards = _current_sources()
    _replace(apps.get_model("governance", "GlossaryTerm"), "term", GLOSSARY_SOURCES_BEFORE, glossary)
    _replace(apps.get_model("governance", "KindStandard"), "kind", STANDARD_SOURCES_BEFORE, standards)


def cite_by_number(apps, schema_editor):
    glossary, standards = _current_sources()
    _replace(apps.get_model("governance", "GlossaryTerm"), "term", glossary, GLOSSARY_SOURCES_BEFORE)
    _replace(apps.get_model("governance", "KindStandard"), "kind", standards, STANDARD_SOURCES_BEFORE)


class Migration(migrations.Migration):

    dependencies = [
        ("governance", "0008_help_texts_cite_documents"),
    ]

    operations = [
        migrations.RunPython(cite_by_name, cite_by_number),
    ]
