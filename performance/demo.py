"""The demo community strategy: Cumbria Community Strategy 2008-2011 (seed 001's era).

Five thematic areas, each led by its Thematic Partnership from the demo structure
(partnerships/demo/cumbria.yaml), with outcomes measured by National Indicators of the 2008
set (NI185 and friends), baselines from 2007/08, targets for the end of March 2009, 2010 and
2011, quarterly returns from 2008Q2 to 2010Q1, milestones and a risk register (seed 004: "the
top three risks per theme").

The quarterly values are made up, deterministically (a random generator seeded by the
indicator's code), so that each quarter has indicators on track, within tolerance, off track
and without a return; a few are set by hand so the story reads well (NI185 slips in the
winter of 2009/10). Quarters up to 2009Q3 are published; 2009Q4 and 2010Q1 are not, so the
public and the partners see different dashboards.

`load_demo_strategy()` is idempotent: it creates what is missing and leaves the rest alone,
including values corrected since.
"""

import datetime
import random
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Q

from partnerships.models import Body, Organisation, Person

from .models import CommunityStrategy, Indicator, Measurement, Milestone, Outcome, PublishedQuarter, Risk, Target, Theme
from .periods import Quarter, quarters_between
from .rag import RAG, expected_value, tolerance_band

D = datetime.date
STRATEGY_NAME = "Cumbria Community Strategy 2008-2011"
STRATEGY_SLUG = "cumbria-community-strategy-2008-2011"
PARTNERSHIP = "Cumbria Strategic Partnership Forum"
FIRST, LAST = Quarter(2008, 2), Quarter(2010, 1)
LAST_PUBLISHED = Quarter(2009, 3)
TARGET_QUARTERS = (Quarter(2009, 1), Quarter(2010, 1), Quarter(2011, 1))
RECIPIENTS = [
    "Children and Young People Thematic Partnership",
    "Cumbria Vision Thematic Partnership",
    "Environment Thematic Partnership",
    "Health, Care and Older People Thematic Partnership (HCOP)",
    "Safer and Stronger Thematic Partnership",
    "Cumbria Thematic Partnerships and LSP Joint Chairs Group",
]
H, L = "higher", "lower"

# Indicator: (code, name, unit, direction, baseline, decimals, (target 2009Q1, 2010Q1, 2011Q1),
#             lead organisation, data source, lead body or None for the theme's)
THEMES = [
    {
        "name": "Children and Young People", "slug": "children-and-young-people",
        "lead": "Children and Young People Thematic Partnership",
        "description": "Every child and young person in Cumbria has the opportunity to achieve their potential.",
        "outcomes": [
            ("Children and young people achieve well at school and beyond", [
                ("NI72", "Achievement of at least 78 points across the Early Years Foundation Stage", "%", H, "48.0", 1, ("50", "53", "56"), "Cumbria County Council", "DCSF EYFS Profile", None),
                ("NI75", "Achievement of 5 or more A*-C grades at GCSE or equivalent including English and Maths", "%", H, "47.5", 1, ("49", "51", "53"), "Cumbria County Council", "DCSF Achievement and Attainment Tables", None),
                ("NI117", "16 to 18 year olds who are not in education, employment or training (NEET)", "%", L, "6.2", 1, ("6.0", "5.6", "5.2"), "Cumbria County Council", "Connexions Cumbria CCIS", None),
                ("NI110", "Young people's participation in positive activities", "%", H, "68.0", 1, ("70", "72", "74"), "Cumbria County Council", "TellUs survey", None),
            ]),
            ("Children and young people are healthy and safe", [
                ("NI56", "Obesity among primary school age children in Year 6", "%", L, "17.2", 1, ("17.0", "16.6", "16.0"), "NHS Cumbria", "National Child Measurement Programme", None),
                ("NI112", "Under 18 conception rate", "per 1,000 girls aged 15-17", L, "36.5", 1, ("34", "31", "28"), "NHS Cumbria", "ONS / Teenage Pregnancy Unit", None),
                ("NI111", "First time entrants to the Youth Justice System aged 10-17", "per 100,000", L, "1650", 0, ("1550", "1450", "1350"), "Cumbria County Council", "Youth Offending Service", None),
                ("NI115", "Substance misuse by young people", "%", L, "10.5", 1, ("10.0", "9.5", "9.0"), "NHS Cumbria", "TellUs survey", None),
            ]),
            ("Fewer children grow up in poverty", [
                ("NI116", "Proportion of children in poverty", "%", L, "15.8", 1, ("15.5", "15.0", "14.5"), "Jobcentre Plus Cumbria", "HMRC Child Poverty Statistics", None),
                ("NI118", "Take up of formal childcare by low-income working families", "%", H, "17.0", 1, ("18", "19.5", "21"), "Cumbria County Council", "HMRC Tax Credits", None),
            ]),
        ],
    },
    {
        "name": "Cumbria Vision (economy)", "slug": "cumbria-vision-economy",
        "lead": "Cumbria Vision Thematic Partnership",
        "description": "A prosperous, sustainable economy with a skilled workforce and good connections.",
        "outcomes": [
            ("A growing, more productive economy", [
                ("NI151", "Overall employment rate (working-age)", "%", H, "76.1", 1, ("76.3", "76.5", "77.0"), "Jobcentre Plus Cumbria", "ONS Annual Population Survey", None),
                ("NI152", "Working age people on out of work benefits", "%", L, "11.4", 1, ("11.2", "11.0", "10.6"), "Jobcentre Plus Cumbria", "DWP benefit claimants (NOMIS)", None),
                ("NI171", "New business registration rate", "per 10,000 adults", H, "48.0", 1, ("49", "50", "52"), "Cumbria Vision", "BERR VAT registrations", None),
                ("NI166", "Median earnings of employees in the area", "£ per week", H, "412", 0, ("420", "430", "440"), "Cumbria Vision", "ONS Annual Survey of Hours and Earnings", None),
            ]),
            ("A skilled workforce", [
                ("NI163", "Proportion of population aged 19-64 for males and 19-59 for females qualified to at least Level 2 or higher", "%", H, "69.5", 1, ("71", "73", "75"), "University of Cumbria", "ONS Annual Population Survey", None),
                ("NI165", "Proportion of population aged 19-64 for males and 19-59 for females qualified to at least Level 4 or higher", "%", H, "24.8", 1, ("26", "27.5", "29"), "University of Cumbria", "ONS Annual Population Survey", None),
                ("NI153", "Working age people claiming out of work benefits in the worst performing neighbourhoods", "%", L, "27.5", 1, ("27", "26", "25"), "Jobcentre Plus Cumbria", "DWP benefit claimants (NOMIS)", None),
            ]),
            ("Better connected communities", [
                ("NI167", "Congestion – average journey time per mile during the morning peak", "minutes per mile", L, "2.90", 2, ("2.90", "2.85", "2.80"), "Cumbria County Council", "Department for Transport", None),
                ("NI175", "Access to services and facilities by public transport, walking and cycling", "%", H, "82.0", 1, ("83", "84", "85"), "Cumbria County Council", "Accession modelling", None),
                ("NI178", "Bus services running on time", "%", H, "78.0", 1, ("80", "82", "85"), "Cumbria County Council", "Bus punctuality surveys", None),
            ]),
        ],
    },
    {
        "name": "Environment", "slug": "environment",
        "lead": "Environment Thematic Partnership",
        "description": "Cumbria leads the way in tackling climate change and looks after its outstanding environment.",
        "outcomes": [
            ("Cumbria leads the way in tackling climate change", [
                ("NI185", "CO2 reduction from local authority operations", "tonnes CO2", L, "98500", 0, ("95500", "92000", "88500"), "Cumbria County Council", "Councils' carbon management returns", None),
                ("NI186", "Per capita reduction in CO2 emissions in the LA area", "tonnes CO2 per person", L, "8.90", 2, ("8.70", "8.50", "8.20"), "Cumbria County Council", "DECC local CO2 emissions", None),
                ("NI188", "Planning to adapt to climate change", "level (0-4)", H, "0", 0, ("1", "2", "3"), "Environment Agency", "Self-assessment against the NI188 levels", None),
                ("NI187", "Tackling fuel poverty – people receiving income based benefits living in homes with a low energy efficiency rating", "%", L, "13.5", 1, ("13.0", "12.5", "12.0"), "Cumbria County Council", "Private sector house condition surveys", None),
            ]),
            ("Less waste, more recycling", [
                ("NI191", "Residual household waste per household", "kg", L, "780", 0, ("760", "730", "700"), "Cumbria County Council", "DEFRA WasteDataFlow", "Cumbria Waste Partnership"),
                ("NI192", "Percentage of household waste sent for reuse, recycling and composting", "%", H, "37.5", 1, ("40", "43", "46"), "Cumbria County Council", "DEFRA WasteDataFlow", "Cumbria Waste Partnership"),
                ("NI193", "Percentage of municipal waste land filled", "%", L, "62.0", 1, ("58", "52", "45"), "Cumbria County Council", "DEFRA WasteDataFlow", "Cumbria Waste Partnership"),
                ("NI195", "Improved street and environmental cleanliness (levels of litter, detritus, graffiti and fly posting)", "% of sites below standard", L, "8.0", 1, ("7.5", "7.0", "6.5"), "Carlisle City Council", "Local environmental quality surveys", "Carlisle Partnership"),
            ]),
        ],
    },
    {
        "name": "Health, Care and Older People", "slug": "health-care-and-older-people",
        "lead": "Health, Care and Older People Thematic Partnership (HCOP)",
        "description": "People in Cumbria live longer, healthier and more independent lives.",
        "outcomes": [
            ("People live longer, healthier lives", [
                ("NI120", "All-age all cause mortality rate", "per 100,000", L, "640", 0, ("625", "610", "595"), "NHS Cumbria", "ONS mortality statistics", None),
                ("NI121", "Mortality rate from all circulatory diseases at ages under 75", "per 100,000", L, "88.0", 1, ("84", "80", "76"), "NHS Cumbria", "ONS mortality statistics", None),
                # Alcohol harm was rising everywhere: the target limits the rise.
                ("NI39", "Rate of hospital admissions per 100,000 for alcohol related harm", "per 100,000", L, "1420", 0, ("1450", "1480", "1500"), "NHS Cumbria", "North West Public Health Observatory", None),
                ("NI8", "Adult participation in sport and active recreation", "%", H, "21.5", 1, ("22.5", "23.5", "24.5"), "Cumbria County Council", "Sport England Active People Survey", None),
            ]),
            ("Older people live independently", [
                ("NI125", "Achieving independence for older people through rehabilitation/intermediate care", "%", H, "80.0", 1, ("82", "84", "86"), "NHS Cumbria", "Adult social care returns", None),
                ("NI136", "People supported to live independently through social services (all adults)", "per 100,000", H, "2900", 0, ("3000", "3150", "3300"), "Cumbria County Council", "Adult social care returns", None),
                ("NI139", "The extent to which older people receive the support they need to live independently at home", "%", H, "30.0", 1, ("32", "34", "36"), "Age Concern Carlisle", "Place Survey", None),
                ("NI119", "Self-reported measure of people's overall health and wellbeing", "%", H, "76.0", 1, ("77", "78", "79"), "NHS Cumbria", "Place Survey", None),
            ]),
        ],
    },
    {
        "name": "Safer and Stronger Communities", "slug": "safer-and-stronger-communities",
        "lead": "Safer and Stronger Thematic Partnership",
        "description": "Cumbria's communities are safe, cohesive and able to shape their own future.",
        "outcomes": [
            ("People are and feel safe", [
                ("NI16", "Serious acquisitive crime rate", "per 1,000 population", L, "10.5", 1, ("10.1", "9.7", "9.3"), "Cumbria Constabulary", "iQuanta (Home Office)", None),
                ("NI20", "Assault with injury crime rate", "per 1,000 population", L, "6.1", 1, ("5.9", "5.6", "5.3"), "Cumbria Constabulary", "iQuanta (Home Office)", None),
                ("NI32", "Repeat incidents of domestic violence", "%", L, "28.0", 1, ("27", "26", "25"), "Cumbria Constabulary", "MARAC returns", None),
                ("NI21", "Dealing with local concerns about anti-social behaviour and crime issues by the local council and police", "%", H, "26.0", 1, ("28", "30", "32"), "Cumbria Police Authority", "Place Survey", None),
            ]),
            ("Strong, cohesive and active communities", [
                ("NI1", "% of people who believe people from different backgrounds get on well together in their local area", "%", H, "79.0", 1, ("80", "81", "82"), "Cumbria County Council", "Place Survey", None),
                ("NI4", "% of people who feel they can influence decisions in their locality", "%", H, "28.0", 1, ("29", "30", "32"), "Carlisle City Council", "Place Survey", "Carlisle Partnership"),
                ("NI6", "Participation in regular volunteering", "%", H, "26.0", 1, ("27", "28", "29"), "Cumbria CVS", "Place Survey", None),
                ("NI7", "Environment for a thriving third sector", "%", H, "14.5", 1, ("15.5", "16.5", "17.5"), "Cumbria CVS", "National Survey of Third Sector Organisations", None),
            ]),
        ],
    },
]

# Statuses set by hand, so that the demo tells a story whatever the generator draws.
FORCED = {
    ("NI185", "2009Q2"): RAG.GREEN, ("NI185", "2009Q3"): RAG.GREEN,
    ("NI185", "2009Q4"): RAG.AMBER, ("NI185", "2010Q1"): RAG.RED,
    ("NI192", "2009Q3"): RAG.GREEN, ("NI192", "2010Q1"): RAG.GREEN,
    ("NI117", "2009Q2"): RAG.AMBER, ("NI117", "2009Q3"): RAG.RED,
    ("NI16", "2009Q3"): RAG.GREEN, ("NI39", "2009Q3"): RAG.RED,
    ("NI151", "2009Q3"): RAG.AMBER, ("NI125", "2009Q3"): RAG.NO_DATA,
}
NOTES = {
    ("NI185", "2010Q1"): "Cold winter: heating in schools and offices up on last year.",
    ("NI117", "2009Q3"): "September figure; the recession is hitting school leavers' jobs.",
    ("NI151", "2009Q3"): "Rolling annual average to September 2009.",
    ("NI39", "2009Q3"): "Provisional – awaiting validated hospital episode statistics.",
    ("NI192", "2009Q3"): "Kerbside collections extended across Eden.",
}

# (indicator, title, due, done on)
MILESTONES = [
    ("NI185", "Carbon management plans adopted by all seven councils", D(2008, 12, 31), D(2009, 2, 16)),
    ("NI185", "Street lighting dimming pilot in Carlisle", D(2009, 9, 30), None),
    ("NI188", "Level 1: climate change risk assessment complete", D(2009, 3, 31), D(2009, 6, 30)),
    ("NI188", "Level 2: adaptation action plan agreed by partners", D(2010, 3, 31), None),
    ("NI188", "Level 3: adaptation measures in partners' plans", D(2011, 3, 31), None),
    ("NI192", "Kerbside recycling extended to all Eden households", D(2009, 6, 30), D(2009, 6, 22)),
    ("NI192", "Review of household waste recycling centres", D(2010, 1, 31), None),
    ("NI117", "Tracking of all 16-18 year olds' destinations in place", D(2008, 9, 30), D(2008, 9, 1)),
    ("NI111", "Youth Offending Service triage scheme launched in every district", D(2009, 10, 31), None),
    ("NI16", "Automatic number plate recognition cameras on the M6 corridor", D(2009, 3, 31), D(2009, 5, 12)),
    ("NI125", "Intermediate care review agreed with NHS Cumbria", D(2009, 12, 31), None),
    ("NI151", "Cumbria Economic Strategy refresh published", D(2009, 3, 31), D(2009, 3, 20)),
    ("NI8", "Free swimming for over-60s and under-16s launched", D(2009, 4, 1), D(2009, 4, 1)),
    ("NI39", "Alcohol liaison nurses in both acute hospitals", D(2009, 6, 30), D(2009, 11, 2)),
    ("NI6", "Volunteer centre network covers every district", D(2010, 3, 31), None),
]

# Theme: [(description, likelihood, impact, owner, mitigation, review date, outcome title or None)]
RISKS = {
    "children-and-young-people": [
        ("Rising youth unemployment in the recession increases the number of young people NEET", 4, 4, "Martin Fairbairn",
         "Extra September Guarantee places; apprenticeships through the Cumbria Apprenticeship Hub.", D(2010, 4, 30),
         "Children and young people achieve well at school and beyond"),
        ("Information about vulnerable children is not shared between partners in time", 3, 5, "Martin Fairbairn",
         "Common Assessment Framework training for all front-line staff; information sharing protocol refreshed.", D(2010, 3, 31), None),
        ("Teenage pregnancy services lose their ring-fenced funding after 2010", 3, 4, "Louise Carr",
         "Mainstream the service in NHS Cumbria's commissioning plan.", D(2010, 6, 30),
         "Children and young people are healthy and safe"),
        ("Schools' capital programme slips", 2, 3, "Jean Sewell", "Quarterly programme board.", D(2010, 6, 30), None),
        ("Social worker vacancies", 2, 2, "Martin Fairbairn", "Recruitment and retention package.", D(2010, 9, 30), None),
    ],
    "cumbria-vision-economy": [
        ("The recession cuts business start-ups and jobs across the county", 5, 4, "Alistair Crook",
         "Business support through the Cumbria Business Hub; rural development programme grants.", D(2010, 3, 31),
         "A growing, more productive economy"),
        ("Changes at Sellafield reduce skilled jobs in West Cumbria", 3, 4, "Jonathan Hardy",
         "Britain's Energy Coast programme; skills brokerage for the supply chain.", D(2010, 6, 30), None),
        ("Broadband roll-out to rural areas is delayed", 3, 3, "Jonathan Hardy", "Bid to the Rural Development Programme.", D(2010, 6, 30),
         "Better connected communities"),
        ("Funding for the A595 improvements is not secured", 2, 4, "Alistair Crook", "Case made through the regional funding allocation.", D(2010, 9, 30),
         "Better connected communities"),
    ],
    "environment": [
        ("Landfill allowance penalties if the new waste treatment plants are delayed", 4, 5, "Simon Lancaster",
         "Interim contracts for waste treatment; monthly monitoring of landfill tonnages.", D(2010, 3, 31),
         "Less waste, more recycling"),
        ("Councils' capital budgets for energy efficiency works are cut", 4, 3, "Claire Lowther",
         "Salix invest-to-save funding; shared energy manager.", D(2010, 4, 30),
         "Cumbria leads the way in tackling climate change"),
        ("Flood recovery diverts staff from adaptation planning", 3, 4, "Simon Lancaster",
         "Adaptation built into the flood recovery plan.", D(2010, 6, 30), None),
        ("Partners do not sign up to a shared carbon reduction target", 2, 4, "Claire Lowther", "Report to the Leadership Forum.", D(2010, 6, 30), None),
        ("Energy data from partners' buildings arrives late", 3, 1, "Claire Lowther", "Automatic meter reading.", D(2010, 9, 30), None),
    ],
    "health-care-and-older-people": [
        ("The number of people over 85 grows faster than care budgets", 4, 4, "Amanda Forster",
         "Reablement service; joint commissioning of intermediate care.", D(2010, 3, 31),
         "Older people live independently"),
        ("A flu pandemic puts health and care services under pressure", 3, 5, "Susan Wilkinson",
         "Joint pandemic flu plan; business continuity plans tested.", D(2010, 1, 31), None),
        ("Alcohol-related harm keeps rising despite interventions", 4, 3, "Amanda Forster",
         "Alcohol liaison nurses; licensing enforcement with the police.", D(2010, 4, 30),
         "People live longer, healthier lives"),
        ("GP practices do not refer patients to stop smoking services", 2, 2, "Susan Wilkinson", "Practice-level incentive scheme.", D(2010, 6, 30), None),
    ],
    "safer-and-stronger-communities": [
        ("Reduced Home Office grants cut neighbourhood policing and community safety work", 3, 4, "Janet Warwick",
         "Prioritise through the joint strategic assessment; pool budgets across the districts.", D(2010, 4, 30), None),
        ("Alcohol-related violence in town centres at weekends", 4, 3, "Trevor Ward",
         "Night-time economy partnerships in Carlisle, Barrow and Kendal.", D(2010, 3, 31),
         "People are and feel safe"),
        ("Volunteer numbers fall as voluntary organisations lose funding", 3, 3, "Janet Warwick",
         "Cumbria Community Foundation grants; volunteer centre network.", D(2010, 6, 30),
         "Strong, cohesive and active communities"),
        ("More reporting of domestic violence is mistaken for worse outcomes", 3, 2, "Trevor Ward",
         "Report repeat incidents alongside reporting rates.", D(2010, 6, 30), "People are and feel safe"),
        ("Partners' data on repeat victims is not shared", 2, 3, "Trevor Ward", "Information sharing agreement.", D(2010, 9, 30), None),
    ],
}

# How an indicator tends to do: weights of green, amber, red in its quarters.
PROFILES = [(75, 20, 5), (55, 30, 15), (35, 40, 25)]
# A theme doing well throughout (its worst is amber), so that not every theme rolls up to red.
STEADY_THEMES = {"safer-and-stronger-communities": (75, 25, 0)}


def _quantum(decimals):
    return Decimal(1).scaleb(-decimals)


def _value_for(status, *, expected, band, direction, decimals, rng):
    """A value that has `status` against the expectation (before rounding)."""
    sign = Decimal(1) if direction == H else Decimal(-1)
    band = band or abs(expected) * Decimal("0.05") or Decimal(1)
    share = {
        RAG.GREEN: Decimal(str(round(rng.uniform(0.1, 1.5), 3))),
        RAG.AMBER: -Decimal(str(round(rng.uniform(0.3, 0.85), 3))),
        RAG.RED: -Decimal(str(round(rng.uniform(1.6, 4.0), 3))),
    }[status]
    value = expected + sign * band * share
    return value.quantize(_quantum(decimals), rounding=ROUND_HALF_UP)


def _statuses(code, quarters, *, steady=None):
    """The generated status of each quarter: persistent (a quarter usually keeps the last one's
    status), with a few quarters missing, more in the latest (returns come in late); a steady
    theme's indicators are never red nor missing."""
    rng = random.Random(f"cumbria-{code}")
    weights = steady or rng.choice(PROFILES)
    status, statuses = None, {}
    for quarter in quarters:
        if status is None or rng.random() > 0.55:
            status = rng.choices([RAG.GREEN, RAG.AMBER, RAG.RED], weights=weights)[0]
        missing = not steady and rng.random() < (0.2 if quarter == quarters[-1] else 0.06)
        statuses[quarter] = FORCED.get((code, str(quarter)), RAG.NO_DATA if missing else status)
    return statuses, rng


def _by_name(model, name):
    return model.objects.filter(name=name).first() if name else None


@transaction.atomic
def load_demo_strategy():
    """Create the demo strategy and everything in it that is missing; returns a one-line summary,
    or None when the demo structure (the Cumbria Strategic Partnership Forum) is not loaded."""
    partnership = _by_name(Body, PARTNERSHIP) or Body.objects.filter(parent__isnull=True).order_by("pk").first()
    if partnership is None:
        return None
    strategy, _ = CommunityStrategy.objects.get_or_create(
        slug=STRATEGY_SLUG,
        defaults=dict(
            name=STRATEGY_NAME, partnership=partnership, period_start=D(2008, 4, 1), period_end=D(2011, 3, 31),
            description="The Sustainable Community Strategy for Cumbria, delivered through the Local Area "
            "Agreement 2008-2011 and monitored quarterly by the Thematic Partnerships.",
        ),
    )
    strategy.report_recipients.add(*Body.objects.filter(name__in=RECIPIENTS))
    quarters = quarters_between(FIRST, LAST)

    indicators = []
    for position, spec in enumerate(THEMES):
        theme, _ = Theme.objects.get_or_create(
            strategy=strategy, slug=spec["slug"],
            defaults=dict(name=spec["name"], position=position, lead_body=_by_name(Body, spec["lead"]), description=spec["description"]),
        )
        for outcome_position, (title, rows) in enumerate(spec["outcomes"]):
            outcome, _ = Outcome.objects.get_or_create(theme=theme, title=title, defaults=dict(position=outcome_position))
            for code, name, unit, direction, baseline, decimals, targets, organisation, source, lead in rows:
                indicator, _ = Indicator.objects.get_or_create(code=code, defaults=dict(
                    outcome=outcome, name=name, unit=unit, direction=direction, baseline_value=Decimal(baseline),
                    baseline_date=D(2008, 3, 31), lead_body=_by_name(Body, lead),
                    lead_organisation=_by_name(Organisation, organisation), data_source=source,
                ))
                indicators.append((indicator, decimals, dict(zip(TARGET_QUARTERS, map(Decimal, targets))), STEADY_THEMES.get(spec["slug"])))

    existing_targets = set(Target.objects.filter(indicator__in=[i for i, *_ in indicators]).values_list("indicator_id", "period"))
    Target.objects.bulk_create([
        Target(indicator=indicator, period=str(q), value=value)
        for indicator, _, targets, _ in indicators for q, value in targets.items()
        if (indicator.pk, str(q)) not in existing_targets
    ])

    existing = set(Measurement.objects.filter(indicator__in=[i for i, *_ in indicators]).values_list("indicator_id", "period"))
    new = []
    for indicator, decimals, targets, steady in indicators:
        statuses, rng = _statuses(indicator.code, quarters, steady=steady)
        for quarter, status in statuses.items():
            if status == RAG.NO_DATA or (indicator.pk, str(quarter)) in existing:
                continue
            common = dict(baseline_value=indicator.baseline_value, baseline_date=indicator.baseline_date, targets=targets, period=quarter)
            value = _value_for(
                status, expected=expected_value(**common), band=tolerance_band(tolerance=strategy.amber_tolerance, **common),
                direction=indicator.direction, decimals=decimals, rng=rng,
            )
            new.append(Measurement(indicator=indicator, period=str(quarter), value=value, note=NOTES.get((indicator.code, str(quarter)), "")))
    Measurement.objects.bulk_create(new)

    by_code = {indicator.code: indicator for indicator, *_ in indicators}
    for code, title, due, done_on in MILESTONES:
        Milestone.objects.get_or_create(indicator=by_code[code], title=title, defaults=dict(due=due, done_on=done_on))

    themes = {theme.slug: theme for theme in strategy.themes.all()}
    outcomes = {(o.theme_id, o.title): o for o in Outcome.objects.filter(theme__strategy=strategy)}
    for slug, risks in RISKS.items():
        theme = themes[slug]
        for description, likelihood, impact, owner, mitigation, review_date, outcome_title in risks:
            outcome = outcomes.get((theme.pk, outcome_title)) if outcome_title else None
            if Risk.objects.filter(Q(theme=theme) | Q(outcome__theme=theme), description=description).exists():
                continue
            Risk.objects.create(
                theme=None if outcome else theme, outcome=outcome, description=description, likelihood=likelihood,
                impact=impact, owner=_by_name(Person, owner), mitigation=mitigation, review_date=review_date,
            )

    for quarter in quarters_between(FIRST, LAST_PUBLISHED):
        PublishedQuarter.objects.get_or_create(strategy=strategy, period=str(quarter))

    return (
        f"{strategy.name}: {strategy.themes.count()} themes, {Outcome.objects.filter(theme__strategy=strategy).count()} outcomes, "
        f"{len(indicators)} indicators, {Measurement.objects.filter(indicator__outcome__theme__strategy=strategy).count()} "
        f"measurements ({len(new)} new), {FIRST} to {LAST_PUBLISHED} published."
    )

