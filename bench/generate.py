"""A generated partnership of any size, for benchmarks and query-count tests.

The shape follows the seeds: a partnership forum at the root, a board and an executive under
it (Cumbria's framework, seed 001), thematic partnerships, locality groups, task-and-finish and
project groups below (the Horsham layers, sizes and meeting intervals, seed 004), a few bodies
dissolved with successors (seed 000). Rows are written with `bulk_create` and the nested-set
columns are computed here, so 5,000 bodies and 50,000 seats take seconds, not minutes.
Membership signals do not fire: permissions are not synced for generated people (none has a
login).
"""

import datetime
import itertools
import random
import time
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Max
from django.utils.text import slugify

from partnerships.models import (
    SEATED_ROLES,
    Body,
    BodyKind,
    BodyLink,
    CouncilTier,
    Layer,
    LinkKind,
    Membership,
    Organisation,
    Person,
    Role,
    Sector,
)
from partnerships.tree import tree_lock

FIRST_DAY = datetime.date(2006, 4, 1)
LAST_DAY = datetime.date(2012, 12, 31)

PLACE_STEMS = [
    "Aller", "Bar", "Carl", "Cope", "Eden", "Kend", "Kes", "Mary", "Penr", "Work", "Whit",
    "Ulver", "Bramp", "Cocker", "Apple", "Wig", "Ambl", "Ald", "Brough", "Cleat", "Dals",
    "Egre", "Frizing", "Gos", "Hay", "Ire", "Kirk", "Long", "Mill", "Sedber", "Sil", "Tebay",
]
PLACE_ENDINGS = [
    "dale", "ton", "by", "thwaite", "side", "mouth", "ham", "wick", "field", "ley", "stone",
    "haven", "moor", "bridge", "holme", "ness",
]
THEMES = [
    "Children and Young People", "Health and Wellbeing", "Safer Communities",
    "Economy and Enterprise", "Housing", "Environment and Climate", "Transport",
    "Culture and Leisure", "Older People", "Learning and Skills", "Community Cohesion",
    "Rural Affairs",
]
TOPICS = [
    "Fuel Poverty", "Teenage Pregnancy", "Domestic Violence", "Alcohol Harm", "Worklessness",
    "Affordable Housing", "Road Safety", "Flood Recovery", "Anti-social Behaviour",
    "Tobacco Control", "Healthy Weight", "Rural Broadband", "Apprenticeships", "Carbon Reduction",
    "Volunteering", "Financial Inclusion", "Youth Offending", "Dementia Care", "Bus Services",
    "Tourism", "Digital Inclusion", "Playing Pitches", "Empty Homes", "Hate Crime",
]
FIRST_NAMES = [
    "Alan", "Alison", "Andrew", "Angela", "Anne", "Barbara", "Brian", "Carol", "Catherine",
    "Christine", "Colin", "David", "Deborah", "Diane", "Elaine", "Elizabeth", "Fiona", "Gareth",
    "Gillian", "Graham", "Helen", "Ian", "Janet", "Jennifer", "John", "Julie", "Karen", "Keith",
    "Kevin", "Lesley", "Linda", "Lorraine", "Margaret", "Mark", "Martin", "Michael", "Nicola",
    "Nigel", "Patricia", "Paul", "Peter", "Philip", "Rachel", "Richard", "Robert", "Ruth",
    "Sandra", "Sarah", "Simon", "Stephen", "Stuart", "Susan", "Tim", "Tracey", "Trevor",
    "Valerie", "Wendy", "Yvonne",
]
SURNAMES = [
    "Armstrong", "Atkinson", "Bell", "Bowman", "Brown", "Burns", "Carr", "Clark", "Cook",
    "Dixon", "Edwards", "Elliott", "Fisher", "Fletcher", "Graham", "Hall", "Harrison", "Hewitt",
    "Hodgson", "Holmes", "Hudson", "Hughes", "Irving", "Jackson", "Johnston", "Kay", "Lamb",
    "Lowther", "Marshall", "Moffat", "Moore", "Murray", "Nelson", "Nicholson", "Parker",
    "Pattinson", "Richardson", "Ritson", "Robinson", "Routledge", "Scott", "Sewell", "Shaw",
    "Simpson", "Slack", "Stephenson", "Tate", "Taylor", "Thompson", "Tyson", "Walker", "Watson",
    "Wilkinson", "Williamson", "Wilson", "Wood", "Wright", "Young",
]
PUBLIC_BODIES = [
    "Primary Care Trust", "Constabulary", "Fire and Rescue Service", "NHS Foundation Trust",
    "Probation Trust", "Jobcentre Plus", "College", "Housing Association", "Police Authority",
    "Youth Offending Team", "Environment Agency Area", "National Park Authority",
]
BUSINESS_BODIES = [
    "Chamber of Commerce", "Federation of Small Businesses", "Developments Ltd", "Tourism Ltd",
    "Energy plc", "Building Society", "Farmers' Co-operative", "Estates Ltd",
]
VOLUNTARY_BODIES = [
    "Council for Voluntary Service", "Citizens Advice Bureau", "Age Concern", "Community Trust",
    "Carers' Centre", "Youth Forum", "Rural Community Council", "Credit Union", "Wildlife Trust",
]
FAITH_BODIES = ["Churches Together", "Diocese", "Methodist Circuit", "Interfaith Forum"]
ACADEMIC_BODIES = ["University", "Business School", "Institute of Rural Studies"]

# Horsham's table (seed 004): optimum size and how often each kind of body meets.
KIND_SHAPE = {
    BodyKind.FORUM: (Layer.STRATEGIC, 60, 120, 12, 8.0),
    BodyKind.CONFERENCE: (Layer.STRATEGIC, 60, 150, 12, 6.0),
    BodyKind.BOARD: (Layer.STRATEGIC, 15, 25, 3, 3.0),
    BodyKind.EXECUTIVE: (Layer.EXECUTIVE, 8, 15, 1, 2.5),
    BodyKind.CHIEF_EXECUTIVES: (Layer.EXECUTIVE, 6, 12, 2, 1.5),
    BodyKind.JOINT_CHAIRS: (Layer.EXECUTIVE, 6, 15, 3, 1.5),
    BodyKind.THEMATIC: (Layer.EXECUTIVE, 10, 20, 2, 1.8),
    BodyKind.LOCALITY: (Layer.OPERATIONAL, 10, 20, 2, 1.2),
    BodyKind.CONVENERS: (Layer.OPERATIONAL, 4, 8, 3, 0.6),
    BodyKind.TASK_GROUP: (Layer.OPERATIONAL, 5, 10, 1, 0.8),
    BodyKind.PROJECT_GROUP: (Layer.OPERATIONAL, 4, 8, 1, 0.6),
}


@dataclass
class _Node:
    body: Body
    level: int
    weight: float
    parent: "_Node | None" = None
    theme: str = ""
    children: list = field(default_factory=list)


class _Names:
    """Unique names and slugs, continuing after whatever the database already holds."""

    def __init__(self, taken_names=(), taken_slugs=()):
        self.names = {name.lower() for name in taken_names}
        self.slugs = set(taken_slugs)

    def name(self, base):
        name, n = base, 2
        while name.lower() in self.names:
            name, n = f"{base} {n}", n + 1
        self.names.add(name.lower())
        return name

    def slug(self, text):
        base = slugify(text)[:180] or "x"
        slug, n = base, 2
        while slug in self.slugs:
            slug, n = f"{base}-{n}", n + 1
        self.slugs.add(slug)
        return slug


def _day_between(rng, first, last):
    if last <= first:
        return first
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


def _split(total, weights):
    """`total` shared out in proportion to `weights`, exactly (largest remainder)."""
    scale = total / sum(weights)
    shares = [w * scale for w in weights]
    counts = [int(s) for s in shares]
    for index in sorted(range(len(weights)), key=lambda i: counts[i] - shares[i])[: total - sum(counts)]:
        counts[index] += 1
    return counts


def _level_sizes(bodies):
    """How many bodies sit at each depth below the forum."""
    top = min(5, bodies - 1)
    rest = bodies - 1 - top
    thematic = min(rest, max(3, round(rest * 0.012) + 5))
    locality = min(rest - thematic, round(rest * 0.2))
    task = min(rest - thematic - locality, round(rest * 0.5))
    project = rest - thematic - locality - task
    return [1, top, thematic, locality, task, project]


def _places(rng):
    places = [stem + ending for stem in PLACE_STEMS for ending in PLACE_ENDINGS]
    rng.shuffle(places)
    return places


def _organisations(rng, count, names, places):
    """Councils of every tier and partners from every sector; returns (rows, weights)."""
    rows = []
    county, districts = places[0], places[1:7]
    rows.append((f"{county} County Council", Sector.PUBLIC, CouncilTier.COUNTY, 12.0))
    rows.append((f"{places[7]} Unitary Council", Sector.PUBLIC, CouncilTier.UNITARY, 4.0))
    rows += [(f"{d} District Council", Sector.PUBLIC, CouncilTier.DISTRICT, 5.0) for d in districts]
    kinds = (
        [(Sector.PUBLIC, name, 3.0) for name in PUBLIC_BODIES]
        + [(Sector.BUSINESS, name, 1.0) for name in BUSINESS_BODIES]
        + [(Sector.VOLUNTARY, name, 1.5) for name in VOLUNTARY_BODIES]
        + [(Sector.FAITH, name, 0.7) for name in FAITH_BODIES]
        + [(Sector.ACADEMIC, name, 1.0) for name in ACADEMIC_BODIES]
    )
    parishes = max(1, (count - len(rows)) // 4)
    rows += [
        (f"{places[8 + i % (len(places) - 8)]} Parish Council", Sector.PUBLIC, CouncilTier.PARISH, 0.3)
        for i in range(parishes)
    ]
    while len(rows) < count:
        sector, kind, weight = kinds[len(rows) % len(kinds)]
        rows.append((f"{rng.choice(places)} {kind}", sector, "", weight))
    rows = rows[:count]
    organisations = []
    for name, sector, tier, _weight in rows:
        name = names.name(name)
        organisations.append(Organisation(name=name, slug=names.slug(name), sector=sector, tier=tier))
    return organisations, [row[3] for row in rows]


def _tree(rng, count, names, places):
    """The bodies as nodes (not yet saved), level by level."""
    sizes = _level_sizes(count)
    area = places[0]
    levels = []

    def body(name, kind, parent, established, **extra):
        layer, size_min, size_max, every, weight = KIND_SHAPE[kind]
        name = names.name(name)
        node = _Node(
            Body(
                name=name, slug=names.slug(name), kind=kind, layer=layer, size_min=size_min,
                size_max=size_max, meets_every_months=every, established=established, **extra,
            ),
            level=0 if parent is None else parent.level + 1,
            weight=weight,
            parent=parent,
        )
        if parent is not None:
            parent.children.append(node)
        return node

    root = body(
        f"{area} Strategic Partnership Forum", BodyKind.FORUM, None, FIRST_DAY,
        purpose=f"Brings every partner in {area} together once a year to agree the Sustainable "
        "Community Strategy.",
        roles="Agree the Sustainable Community Strategy\nReceive the annual report\nElect the Board",
    )
    levels.append([root])
    top_kinds = [
        ("Partnership Board", BodyKind.BOARD, True),
        ("Partnership Executive", BodyKind.EXECUTIVE, True),
        ("Chief Executives Group", BodyKind.CHIEF_EXECUTIVES, False),
        ("Joint Chairs Group", BodyKind.JOINT_CHAIRS, True),
        ("Partnership Conference", BodyKind.CONFERENCE, True),
    ][: sizes[1]]
    levels.append([
        body(f"{area} {name}", kind, root, FIRST_DAY, public=public,
             purpose=f"The {name.lower()} of the {area} partnership.")
        for name, kind, public in top_kinds
    ])
    board_and_executive = levels[1][:2]
    thematic = []
    for i in range(sizes[2]):
        theme = THEMES[i % len(THEMES)]
        name = f"{theme} Partnership" if i < len(THEMES) else f"{places[1 + i % 40]} {theme} Partnership"
        # Most thematic partnerships answer to the Executive, some straight to the Board.
        parent = rng.choices(board_and_executive, weights=[3, 7][: len(board_and_executive)])[0]
        node = body(
            name, BodyKind.THEMATIC, parent,
            _day_between(rng, FIRST_DAY, datetime.date(2008, 3, 31)),
            purpose=f"Leads the partnership's work on {theme.lower()}.",
            roles="Own the theme's targets in the Local Area Agreement\nCommission task groups\n"
            "Report performance to the Executive",
        )
        node.theme = theme
        thematic.append(node)
    levels.append(thematic)
    specs = [
        (3, lambda i, p: (f"{places[(i * 7) % len(places)]} {p.theme} Locality Group",
                          BodyKind.CONVENERS if i % 25 == 24 else BodyKind.LOCALITY,
                          datetime.date(2009, 3, 31))),
        (4, lambda i, p: (f"{places[i // len(TOPICS) % len(places)]} {TOPICS[i % len(TOPICS)]} Task Group",
                          BodyKind.TASK_GROUP, datetime.date(2010, 12, 31))),
        (5, lambda i, p: (f"{TOPICS[(i * 5) % len(TOPICS)]} Project Group ({places[-1 - i // len(TOPICS) % len(places)]})",
                          BodyKind.PROJECT_GROUP, datetime.date(2011, 9, 30))),
    ]
    for level, naming in specs:
        parents = list(levels[level - 1])
        if level == 4 and levels[2]:
            parents = parents + levels[2]  # some task groups answer to a thematic partnership
        nodes = []
        for i in range(sizes[level]):
            parent = rng.choice(parents)
            name, kind, latest = naming(i, parent)
            established = _day_between(rng, parent.body.established, max(latest, parent.body.established))
            nodes.append(body(name, kind, parent, established))
        if not nodes:
            break
        levels.append(nodes)
    return [level for level in levels if level]


def _number_tree(root, tree_id):
    """Nested-set columns by a depth-first walk, children in creation order."""
    counter = 0
    stack = [(root, False)]
    while stack:
        node, done = stack.pop()
        counter += 1
        if done:
            node.body.rght = counter
            continue
        node.body.tree_id, node.body.level, node.body.lft = tree_id, node.level, counter
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node.children))


def _dissolve_some(rng, levels, share=0.03):
    """Dissolve a few leaf bodies below the thematic layer, each with a live successor."""
    successions = []
    candidates = [n for level in levels[3:] for n in level if not n.children]
    for node in rng.sample(candidates, min(len(candidates), round(share * sum(map(len, levels))))):
        established = node.body.established
        earliest = established + datetime.timedelta(days=365)
        latest = datetime.date(2012, 6, 30)
        if earliest >= latest:
            continue
        node.body.dissolved = _day_between(rng, earliest, latest)
        siblings = [s for s in node.parent.children if s is not node and s.body.dissolved is None]
        successions.append((node, rng.choice(siblings) if siblings else node.parent))
    return successions


def _memberships(rng, nodes, count, organisations, org_weights, people_by_org, names_by_org):
    """Seats for every body: one chair each, a vice-chair on larger bodies, officers, members,
    a few observers and co-optees. About a fifth have ended; many ended seats were taken over
    by a successor the next day. Most representatives name a deputy from their organisation."""
    rows = []
    per_body = _split(count, [n.weight for n in nodes])
    org_indexes = list(range(len(organisations)))
    cumulative = list(itertools.accumulate(org_weights))
    for node, slots in zip(nodes, per_body):
        body = node.body
        opened = max(body.established or FIRST_DAY, FIRST_DAY)
        closed = (body.dissolved - datetime.timedelta(days=1)) if body.dissolved else None
        last_start = min(closed - datetime.timedelta(days=30) if closed else datetime.date(2012, 6, 30),
                         datetime.date(2012, 6, 30))
        last_start = max(last_start, opened)
        seats = set()
        roles = [Role.CHAIR]
        if slots >= 6:
            roles.append(Role.VICE_CHAIR)
        officers = max(1 if slots >= 3 else 0, round(slots * 0.1))
        roles += [Role.OFFICER] * officers
        roles += [Role.OBSERVER] * round(slots * 0.03)
        roles += [Role.CO_OPTED] * round(slots * 0.05)
        roles += [Role.MEMBER] * max(0, slots - len(roles))
        roles = roles[:slots]
        successor_of = None
        for role in roles:
            if successor_of is not None and role == successor_of[0].role:
                previous, org_index = successor_of
                successor_of = None
                start = previous.end + datetime.timedelta(days=1)
                seat = previous.seat
            else:
                successor_of = None
                org_index = rng.choices(org_indexes, cum_weights=cumulative)[0]
                start = opened if role == Role.CHAIR else _day_between(rng, opened, last_start)
                organisation = organisations[org_index]
                seat = {
                    Role.CHAIR: "Chair",
                    Role.VICE_CHAIR: "Vice-chair",
                    Role.OFFICER: f"Lead officer, {organisation.name}",
                    Role.OBSERVER: f"Observer for {organisation.name}",
                    Role.CO_OPTED: "",
                }.get(role, names_by_org[org_index])
                if seat.lower() in seats and role == Role.MEMBER:
                    seat = f"Representative of {organisation.name}"
                if seat:
                    base, n = seat, 2
                    while seat.lower() in seats:
                        seat, n = f"{base} ({n})", n + 1
                    seats.add(seat.lower())
            people = people_by_org[org_index]
            person = rng.choice(people)
            end = closed
            if role != Role.CHAIR and rng.random() < 0.2:
                earliest_end = start + datetime.timedelta(days=90)
                latest_end = min(closed or LAST_DAY, LAST_DAY)
                if earliest_end < latest_end:
                    end = _day_between(rng, earliest_end, latest_end)
            deputy = None
            if role in SEATED_ROLES and len(people) > 1 and rng.random() < 0.7:
                deputy = rng.choice(people)
                while deputy is person:
                    deputy = rng.choice(people)
            membership = Membership(
                person=person, body=body, organisation=None if role == Role.CO_OPTED else organisations[org_index],
                role=role, seat=seat, voting=role in SEATED_ROLES, start=start, end=end,
                designated_deputy=deputy,
            )
            if end is not None and seat and end < (closed or LAST_DAY) and rng.random() < 0.6:
                successor_of = (membership, org_index)
            rows.append(membership)
    return rows


def generate_partnership(bodies=5000, memberships=50000, seed=1, *, organisations=None, people=None):
    """Add a partnership of `bodies` bodies (one new tree) and `memberships` seats, with one
    organisation per 16 bodies (20 to 300) and 0.4 people per seat; returns counts and slugs."""
    started = time.perf_counter()
    rng = random.Random(seed)
    organisations = organisations or max(20, min(300, bodies // 16))
    people = people or max(40, memberships * 2 // 5)

    with tree_lock():
        names = _Names(
            list(Body.objects.values_list("name", flat=True))
            + list(Organisation.objects.values_list("name", flat=True)),
            list(Body.objects.values_list("slug", flat=True))
            + list(Organisation.objects.values_list("slug", flat=True)),
        )
        places = _places(rng)

        orgs, org_weights = _organisations(rng, organisations, names, places)
        Organisation.objects.bulk_create(orgs)

        # People belong (in the generator's mind) to one organisation each, in proportion
        # to its weight, so that deputies come from the member's own organisation.
        person_slugs = _Names(taken_slugs=Person.objects.values_list("slug", flat=True))
        per_org = [max(2, c) for c in _split(max(people, 2 * len(orgs)), org_weights)]
        people_rows, people_by_org = [], []
        for org, n in zip(orgs, per_org):
            members = []
            domain = slugify(org.name)[:40] + ".example.org"
            for _ in range(n):
                name = f"{rng.choice(FIRST_NAMES)} {chr(65 + rng.randrange(26))}. {rng.choice(SURNAMES)}"
                slug = person_slugs.slug(name)
                members.append(Person(name=name, slug=slug, email=f"{slug}@{domain}"))
            people_rows += members
            people_by_org.append(members)
        Person.objects.bulk_create(people_rows, batch_size=2000)

        levels = _tree(rng, bodies, names, places)
        nodes = [node for level in levels for node in level]
        private = [n for n in nodes if n.level >= 2]
        for node in rng.sample(private, min(len(private), max(0, round(0.05 * len(nodes)) - 1))):
            node.body.public = False
        successions = _dissolve_some(rng, levels)
        tree_id = (Body.objects.aggregate(top=Max("tree_id"))["top"] or 0) + 1
        _number_tree(levels[0][0], tree_id)
        for level in levels:
            for node in level:
                if node.parent is not None:
                    node.body.parent_id = node.parent.body.pk
            Body.objects.bulk_create([node.body for node in level], batch_size=1000)

        Body.successors.through.objects.bulk_create([
            Body.successors.through(from_body_id=old.body.pk, to_body_id=new.body.pk)
            for old, new in successions
        ])
        links = set()
        top = {node.body.kind: node for node in levels[1]} if len(levels) > 1 else {}
        thematic = levels[2] if len(levels) > 2 else []
        if BodyKind.CHIEF_EXECUTIVES in top:
            links |= {(top[BodyKind.CHIEF_EXECUTIVES].body.pk, n.body.pk, LinkKind.HOLDS_TO_ACCOUNT) for n in thematic}
        if BodyKind.CONFERENCE in top and BodyKind.BOARD in top:
            links.add((top[BodyKind.CONFERENCE].body.pk, top[BodyKind.BOARD].body.pk, LinkKind.ADVISES))
        localities = levels[3] if len(levels) > 3 else []
        for node in rng.sample(localities, len(localities) // 10) if thematic else ():
            other = rng.choice(thematic)
            if other is not node.parent:
                links.add((node.body.pk, other.body.pk, LinkKind.ADVISES))
        BodyLink.objects.bulk_create([BodyLink(from_body_id=a, to_body_id=b, kind=k) for a, b, k in links])

        org_seat_names = [
            f"Leader of {o.name}" if o.tier else f"Chief Executive, {o.name}" if o.sector == Sector.PUBLIC
            else f"Representative of {o.name}"
            for o in orgs
        ]
        seats = _memberships(rng, nodes, memberships, orgs, org_weights, people_by_org, org_seat_names)
        Membership.objects.bulk_create(seats, batch_size=2000)

    seats_per_body = Counter(m.body_id for m in seats)
    busiest = max((n.body for n in nodes if n.body.public), key=lambda b: seats_per_body[b.pk])
    thematic = levels[2] if len(levels) > 2 else levels[-1]
    mid = max(thematic, key=_subtree_size)
    return {
        "tree_id": tree_id,
        "root_slug": levels[0][0].body.slug,
        "bodies": len(nodes),
        "memberships": len(seats),
        "ended": sum(1 for m in seats if m.end is not None),
        "organisations": len(orgs),
        "people": len(people_rows),
        "links": len(links),
        "dissolved": len(successions),
        "private": sum(1 for n in nodes if not n.body.public),
        "depth": len(levels),
        "sample_body_slug": busiest.slug,
        "sample_organisation_slug": orgs[0].slug,
        "subtree_slug": mid.body.slug,
        "subtree_size": _subtree_size(mid),
        "seconds": round(time.perf_counter() - started, 2),
    }


def _subtree_size(node):
    return 1 + sum(_subtree_size(child) for child in node.children)
