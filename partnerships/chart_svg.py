"""The structure as a picture: an org chart drawn on the server as SVG (no JavaScript needed to
read it). Bodies are boxes in tree order, indented by depth and joined to their parent; boxes
are coloured by layer; links outside the tree run in lanes to the right, one line style per
kind; a body outside its optimum size is marked.

Large partnerships stay usable: past LARGE bodies the chart shows the top levels only (a
collapsed box says how many bodies are under it and opens that branch), and any branch can be
drawn on its own."""

from dataclasses import dataclass, field

from .models import BodyLink, Layer, LinkKind

LARGE = 150  # bodies beyond which the chart collapses below COLLAPSED_DEPTH
COLLAPSED_DEPTH = 2
BOX_WIDTH, BOX_HEIGHT, ROW, INDENT, MARGIN, LANE = 380, 46, 58, 30, 16, 11
LEGEND_HEIGHT = 96
TEXT_CHARS = 46

# Colours from the portal's palette (static/css/portal.css); SVG presentation attributes, so
# the drawing needs no style attribute and reads the same on its own as inside a page.
LAYER_COLOURS = {
    Layer.STRATEGIC: ("#0b4f5c", "#e8f1f3"),
    Layer.EXECUTIVE: ("#1d70b8", "#d2e2f1"),
    Layer.OPERATIONAL: ("#00703c", "#cce2d8"),
    "": ("#505a5f", "#f3f2f1"),
}
LINK_STYLES = {
    LinkKind.HOLDS_TO_ACCOUNT: ("#d4351c", ""),
    LinkKind.REPORTS_TO: ("#003078", "8 4"),
    LinkKind.ADVISES: ("#4c2c92", "2 4"),
    LinkKind.SUPPORTS: ("#b58840", "10 4 2 4"),
}
OFF_SIZE_COLOUR = "#d4351c"


@dataclass
class Box:
    body: object
    x: int
    y: int
    depth: int
    parent: "Box | None"
    hidden_below: int = 0  # bodies under it that are not drawn (collapsed)
    label: str = ""
    meta: str = ""
    colour: str = ""
    fill: str = ""
    off_size: str = ""

    @property
    def right(self):
        return self.x + BOX_WIDTH

    @property
    def middle(self):
        return self.y + BOX_HEIGHT // 2

    @property
    def connector(self):
        """The line from the parent's box down and across to this one."""
        if self.parent is None:
            return ""
        return f"M{self.parent.x + INDENT // 2},{self.parent.y + BOX_HEIGHT} V{self.middle} H{self.x}"


@dataclass
class Line:
    kind: str
    label: str
    path: str
    colour: str
    dash: str
    title: str


@dataclass
class Drawing:
    boxes: list = field(default_factory=list)
    lines: list = field(default_factory=list)
    width: int = 0
    height: int = 0
    collapsed: bool = False
    branch: object = None
    legend_layers: list = field(default_factory=list)
    legend_links: list = field(default_factory=list)


def _truncate(text, limit=TEXT_CHARS):
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def size_note(body):
    """"11 members (optimum 12–15)", and whether the size is outside the optimum."""
    count = body.seated_count
    text = f"{count} member{'' if count == 1 else 's'}"
    if not (body.size_min or body.size_max):
        return text, False
    outside = bool((body.size_min and count < body.size_min) or (body.size_max and count > body.size_max))
    return f"{text} (optimum {body.size_min or '?'}\u2013{body.size_max or '?'})", outside


def _count(nodes):
    return sum(1 + _count(node.children) for node in nodes)


def _find(nodes, slug):
    for node in nodes:
        if node.body.slug == slug:
            return node
        found = _find(node.children, slug)
        if found:
            return found
    return None


def draw(roots, *, branch=None, depth=None):
    """Lay out the forest `roots` (selectors.structure_chart); `branch` (a slug) draws one
    branch on its own, `depth` collapses everything deeper. Returns a Drawing."""
    drawing = Drawing()
    if branch:
        node = _find(roots, branch)
        roots = [node] if node else []
        drawing.branch = node.body if node else None
    if depth is None and _count(roots) > LARGE:
        depth = COLLAPSED_DEPTH
    drawing.collapsed = depth is not None
    y = MARGIN + LEGEND_HEIGHT

    def place(nodes, level, parent):
        nonlocal y
        for node in nodes:
            box = Box(node.body, MARGIN + level * INDENT, y, level, parent)
            colour, fill = LAYER_COLOURS.get(node.body.layer or "", LAYER_COLOURS[""])
            box.colour, box.fill = colour, fill
            box.label = _truncate(node.body.name)
            size, outside = size_note(node.body)
            chair = node.body.chair_name or "vacant"
            box.meta = _truncate(f"Chair: {chair} \u00b7 {size}", 60)
            box.off_size = "Outside the optimum size" if outside else ""
            drawing.boxes.append(box)
            y += ROW
            if depth is not None and level >= depth and node.children:
                box.hidden_below = _count(node.children)
            else:
                place(node.children, level + 1, box)

    place(roots, 0, None)
    drawing.height = max(y, MARGIN + LEGEND_HEIGHT + ROW) + MARGIN
    boxes_right = max((box.right for box in drawing.boxes), default=MARGIN + BOX_WIDTH)
    drawing.width = boxes_right + MARGIN
    drawing.legend_layers = [
        (label, *LAYER_COLOURS[value]) for value, label in Layer.choices
    ] + [("No layer", *LAYER_COLOURS[""])]
    drawing.legend_links = [(label, *LINK_STYLES[value]) for value, label in LinkKind.choices]
    return drawing


def add_links(drawing, links):
    """Draw each link between two drawn boxes in a lane of its own to the right of the boxes."""
    at = {box.body.pk: box for box in drawing.boxes}
    lanes_from = drawing.width
    labels = dict(LinkKind.choices)
    lane = 0
    for link in links:
        start, end = at.get(link.from_body_id), at.get(link.to_body_id)
        if start is None or end is None:
            continue
        lane += 1
        x = lanes_from + lane * LANE
        colour, dash = LINK_STYLES[link.kind]
        drawing.lines.append(Line(
            kind=link.kind, label=labels[link.kind], colour=colour, dash=dash,
            path=f"M{start.right},{start.middle - 6} H{x} V{end.middle + 6} H{end.right + 2}",
            title=f"{start.body.name} {labels[link.kind].lower()} {end.body.name}",
        ))
    drawing.width = lanes_from + (lane + 2) * LANE + MARGIN if lane else drawing.width
    drawing.width = max(drawing.width, 760)
    return drawing


def chart_links(bodies):
    """The links between the given bodies, in a stable order: one query."""
    ids = [body.pk for body in bodies]
    return BodyLink.objects.filter(from_body_id__in=ids, to_body_id__in=ids).order_by("kind", "from_body_id", "to_body_id")
