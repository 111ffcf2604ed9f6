"""What every view of a diff or chain shares: how a unit is named (with its marker), which pairs
and lineages a filter keeps, the entries a listing shows (a merge or split once, with all its
parts; a long run of added or dropped units shortened), the summary in words, and a readable
inline diff. Views lay out what the report holds; they decide nothing."""
from __future__ import annotations

from ...model import Chain, Pair, Report, Unit
from ...model.kinds import FATES, LABELS, Kind, Status

LONG_RUN = 12  # added or dropped units in a row under one section beyond which a view shortens the run
SHOWN_OF_RUN = 8  # and how many of them it still names
READABLE = 0.5  # an inline diff is worth reading when at least this share of the text is kept
LONGEST_RUN = 60  # characters of a removed or added run shown before …


def label(unit: Unit) -> str:
    """A unit as a reader names it, with its marker: ``（一）建设统一数据平台``, ``第三章 发展目标``,
    ``专栏5 某事通``, ``表1：云平台整合率``, ``「坚持统一规划」`` (a paragraph, by its first sentence).

    >>> label(Unit("section", [], "发展目标", "", level=2, number=3, marker="第三章"))
    '第三章 发展目标'
    >>> label(Unit("section", [], "建设平台", "", level=2, number=1, marker="（一）"))
    '（一）建设平台'
    """
    if unit.kind == "section":
        if unit.marker:
            return f"{unit.marker}{'' if unit.marker.endswith(('、', '）', ')')) else ' '}{unit.title}"
        return f"{unit.number}. {unit.title}" if unit.level and unit.level > 1 and unit.number else unit.title
    if unit.kind == "box-item":
        return f"专栏{unit.box} {unit.title}" if unit.box is not None else f"专栏 {unit.title}"
    if unit.kind == "table-row":
        return f"{unit.path[-1] if unit.path else '表'}：{unit.title}"
    return f"「{clip(unit.title)}」"


def clip(text: str, most: int = 30) -> str:
    return text if len(text) <= most else text[:most] + "…"


def where(unit: Unit | None) -> str:
    return " > ".join(unit.path + [unit.title]) if unit else ""


def describe(side: dict) -> str:
    edition = f"（{side['edition']}）" if side.get("edition") else ""
    return f"{side.get('title') or '(untitled)'}{edition}  {side.get('path') or ''}".rstrip()


def edition_name(edition: dict) -> str:
    """An edition as a column is headed: its 十X五 edition, else the years it covers, else its
    title or path."""
    period = edition.get("period")
    if not edition.get("edition") and period:
        period = f"{period[0]}–{period[1]}" if len(period) > 1 and period[1] != period[0] else str(period[0])
    return edition.get("edition") or period or edition.get("title") or edition.get("path") or "?"


# --- filters ---------------------------------------------------------------------------------

def select(pairs: list[Pair], statuses: tuple[str, ...] = (), path: str | None = None,
           min_similarity: float | None = None) -> list[Pair]:
    """The pairs with one of ``statuses`` (all when none; ``moved`` picks the moved pairs) on
    either side of which ``path`` occurs in the section path or title; an old and new unit's
    pair only when at least ``min_similarity`` alike."""
    def wanted(pair: Pair) -> bool:
        if statuses and pair.status.value not in statuses and not (pair.moved and "moved" in statuses):
            return False
        if path and path not in where(pair.old) and path not in where(pair.new):
            return False
        both = pair.old is not None and pair.new is not None
        return not (min_similarity is not None and both and pair.similarity < min_similarity)

    return [pair for pair in pairs if wanted(pair)]


def select_lineages(chain: Chain, statuses: tuple[str, ...] = (), path: str | None = None):
    """The lineages with a step of one of ``statuses`` (``moved`` for a moved step) and a
    unit whose path or title contains ``path``."""
    def wanted(lineage) -> bool:
        if statuses and not any(str(step.status) in statuses or (step.moved and "moved" in statuses)
                                for step in lineage.steps):
            return False
        return not path or any(path in where(step.unit) for step in lineage.steps)

    return [lineage for lineage in chain.lineages if wanted(lineage)]


# --- entries ---------------------------------------------------------------------------------

class Entry:
    """One line of a listing, with what goes under it: a pair; a merge, split or regroup told
    once with all its parts (``parts``: the other units of the group); or a run of added or
    dropped units shortened (``more``: how many are not named)."""

    def __init__(self, pair: Pair, parts: list[Unit] | None = None, more: int = 0, members: list[Pair] | None = None):
        self.pair, self.parts, self.more, self.members = pair, parts or [], more, members or [pair]

    @property
    def in_part(self) -> list[Unit]:
        """The old units of the entry whose pair went on only in part."""
        return [p.old for p in self.members if p.status == Status.IN_PART and p.old is not None]


def entries(report: Report, pairs: list[Pair]) -> list[tuple[str, list[Entry]]]:
    """The pairs a listing shows, grouped by the new plan's top-level sections (a dropped unit
    stays with the pairs it is sorted among): unfiltered, all but the unchanged ones that did
    not move; a group (merge, split, regroup) once, where its first pair stands, with all its
    parts; a long run of added or dropped units under one section shortened to its first ones
    and how many more."""
    listed = [p for p in pairs if p.status != Status.UNCHANGED or p.moved] if pairs is report.pairs else pairs
    in_group: dict[int, list[Pair]] = {}
    for pair in report.pairs:
        if pair.group is not None:
            in_group.setdefault(pair.group.id, []).append(pair)
    told: set[int] = set()
    out: list[tuple[str, list[Entry]]] = []
    run: list[Pair] = []

    def flush(group: list[Entry]) -> None:
        if len(run) > LONG_RUN:
            group += [Entry(p) for p in run[:SHOWN_OF_RUN]]
            group[-1].more = len(run) - SHOWN_OF_RUN
        else:
            group += [Entry(p) for p in run]
        run.clear()

    for key, members in _by_section(listed):
        group: list[Entry] = []
        for pair in members:
            if pair.status in (Status.ADDED, Status.DROPPED, Status.UNCERTAIN):
                if run and (run[-1].status != pair.status or _parent(run[-1]) != _parent(pair)):
                    flush(group)
                run.append(pair)
                continue
            flush(group)
            if pair.group is not None:
                if pair.group.id in told:
                    continue
                told.add(pair.group.id)
                others = [u for u in pair.group.old if u is not pair.old] + [u for u in pair.group.new
                                                                            if u is not pair.new]
                group.append(Entry(pair, others, members=in_group[pair.group.id]))
            else:
                group.append(Entry(pair))
        flush(group)
        out.append((key, group))
    return out


def _parent(pair: Pair):
    unit = pair.new or pair.old
    assert unit is not None  # a pair has a unit on one side at least
    return (pair.new is None, unit.parent)


def _by_section(pairs: list[Pair]):
    """Pairs grouped by the new plan's top-level section (a dropped unit stays with the pairs
    it is sorted among, or with its old top-level section before any)."""
    group: str | None = None
    members: list[Pair] = []
    for pair in pairs:
        unit = pair.new or (pair.old if group is None else None)
        key = (unit.path[0] if unit.path else unit.title) if unit is not None else group
        if key != group and members:
            yield group, members
            members = []
        group = key
        members.append(pair)
    if members:
        yield group, members


def heading_parts(entry: Entry) -> list[str]:
    """An entry's heading as the labels of its units and what joins them (`` + ``, `` → ``):
    a group as all its old parts → all its new parts."""
    def joined(units: list[Unit]) -> list[str]:
        return [part for unit in units for part in (" + ", label(unit))][1:]

    pair = entry.pair
    if pair.group is not None:
        return joined(pair.group.old) + [" → "] + joined(pair.group.new)
    if pair.old is not None and pair.new is not None and label(pair.old) != label(pair.new):
        return [label(pair.old), " → ", label(pair.new)]
    unit = pair.new or pair.old
    assert unit is not None  # a pair has a unit on one side at least
    return [label(unit)]


def heading(entry: Entry) -> str:
    return "".join(heading_parts(entry))


def status_of(entry: Entry) -> str:
    """The word an entry's line starts with: its status, or for a group its kind."""
    pair = entry.pair
    if pair.group is not None:
        return {"merge": "merged", "split": "split", "regroup": "regrouped"}[pair.group.kind]
    return LABELS.get(pair.status.value, pair.status.value)


BASIS = "each plan's statement of what it is made on and for"  # (why a basis pair is one: diff.select.basis_pair)


def uncertain_lines(pair: Pair) -> list[str]:
    """Why a unit is neither paired nor dropped (added): its likeliest partner, where the
    units under a section went, where the other plan names what an indicator measures, what a
    专栏 item names or the programme whose items its 专栏 lists, that it sets no indicators,
    that its 专栏 may be pictures, or where it states its own guidance, principles or goals."""
    if pair.status != Status.UNCERTAIN:
        return []
    evidence, lines = pair.evidence, []
    gone = "dropped" if pair.new is None else "added"
    if evidence.get("how") == "section":
        lines.append(f"its units went several ways: {evidence['gone']} of {evidence['leaves']} gone, "
                     "the others on or uncertain")
    likely = evidence.get("likeliest")
    if likely:
        lines.append(f"likeliest: {likely['title']} ({likely['score']:.2f}) — no sure partner; not counted as {gone}")
    how = evidence.get("how")
    if how in ("subject", "programme"):
        where = evidence["where"]["title"] or evidence["where"]["id"]
        unit = pair.old if pair.new is None else pair.new
        gone_side = pair.new is None
        if how == "programme":
            what = "the programme whose items its 专栏 lists"
            after = ", not the item: " + ("which of its items go on" if gone_side else "whether the item is new") \
                + ", it does not say"
        else:
            what, thing = ("what it names", "the item") if unit is not None and unit.commitment == Kind.BOX_ITEM \
                else ("what it measures", "the figure")
            after = f": {thing} is gone, the work may go on" if gone_side else f": {thing} is new, the work may not be"
        lines.append(f"{what}, {evidence['subject']}, is {'still' if gone_side else 'already'} named in {where}{after}; "
                     f"not counted as {gone}")
    if how == "untabled":
        lines.append("an indicator, and the new plan sets none in a table: the figure is gone; whether the work it "
                     "measures goes on, it does not say; not counted as dropped" if pair.new is None else
                     "an indicator, and the old plan set none in a table: the figure is new; whether the work it "
                     "measures is new, it does not say; not counted as added")
    if how == "pictured":
        count = evidence.get("pictures", 0)
        lines.append(f"a 专栏 item, and the new plan's text lists none but it holds {count} uncaptioned pictures: its 专栏 "
                     "may be among them; whether this item goes on, it does not say; not counted as dropped"
                     if pair.new is None else
                     f"a 专栏 item, and the old plan's text listed none but it holds {count} uncaptioned pictures: its "
                     "专栏 may be among them; whether this item is new, it does not say; not counted as added")
    if how == "restated":
        where = evidence["where"]["title"] or evidence["where"]["id"]
        role = evidence.get("role") or "guidance, principles or goals"
        if pair.new is None:
            lines.append(f"states the old plan's {role}; the new plan states its own guidance, principles or goals in "
                         f"{where}: whether this one goes on reworded, it does not say; not counted as dropped")
        else:
            lines.append(f"states the new plan's {role}; the old plan stated its own guidance, principles or goals in "
                         f"{where}: whether this one is new or rewords an old one, it does not say; not counted as added")
    return lines


def detail_lines(entry: Entry) -> list[str]:
    """What a view says under an entry's heading: the evidence, where it moved, the field
    changes (a group's lead changes as a whole), and which parts went on only in part."""
    pair, lines = entry.pair, []
    if pair.old is not None and pair.new is not None:
        shared = pair.evidence.get("shared") or []
        how = pair.evidence.get("how")
        if how == "basis":
            score = BASIS
        elif pair.score is not None:
            score = f"score {pair.score:.2f}"
        elif how == "section":
            score = f"its units went there (agreement {pair.evidence.get('agreement', 0):.2f})"
        elif how == "anchor":
            score = "the same title or standing role"
        else:
            score = ""
        if shared or score:
            lines.append("evidence: " + "；".join(filter(None, [score, "、".join(shared)])))
    lines += uncertain_lines(pair)
    if pair.moved and pair.old is not None and pair.new is not None:
        lines.append(f"moved: {' > '.join(pair.old.path) or '(top)'} → {' > '.join(pair.new.path) or '(top)'}")
    if pair.group is not None:
        changes = pair.group.changes
    else:
        changes = pair.changes
    for key, value in changes.items():
        if key in ("title", "path"):
            continue
        if key == "leads":
            words = [f"{a}→{b}" for a, b in value.get("renamed", [])]
            words += [f"+{u}" for u in value["added"]] + [f"−{u}" for u in value["removed"]]
            lines.append("leads: " + " ".join(words))
        elif key == "milestones":
            lines.append(f"deadlines: {'、'.join(map(str, value['from'])) or '—'} → "
                         f"{'、'.join(map(str, value['to'])) or '—'}")
        else:
            lines.append(f"{key}: " + "；".join(value))
    if entry.more:
        unit = pair.new or pair.old
        assert unit is not None  # a pair has a unit on one side at least
        lines.append(f"… and {entry.more} more {pair.status.value} under "
                     f"{' > '.join(unit.path) or 'the plan'}")
    return lines


# --- the summary in words ----------------------------------------------------------------------

def summary_lines(report: Report) -> list[str]:
    """The summary as a researcher quotes it: the old plan's commitments by fate (and by kind),
    the new plan's by whether they carry an old one on, the sections, and the moves."""
    summary = report.summary
    commitments = summary["commitments"]
    fates = ", ".join(f"{commitments[fate]} {LABELS[fate]}" for fate in FATES)
    lines = [f"{commitments['total']} old commitments: {fates}"]
    for kind, counts in summary["by_kind"].items():
        told = ", ".join(f"{counts[fate]} {LABELS[fate]}" for fate in FATES if counts[fate])
        lines.append(f"  {kind} {counts['total']}: {told}")
    fresh = summary["new_commitments"]
    lines.append(f"{fresh['total']} new commitments: {fresh['continuing']} carry old ones on, "
                 f"{fresh['uncertain']} uncertain, {fresh['added']} added")
    sections = summary["sections"]
    lines.append(f"sections: of {sections['old']} old, {sections['continued']} go on, {sections['uncertain']} uncertain, "
                 f"{sections['dropped']} dropped; of {sections['new']} new, {sections['continuing']} carry old ones on, "
                 f"{sections['new_uncertain']} uncertain, {sections['added']} added; "
                 f"{summary['pairs']['moved']} units moved")
    return lines


def compact(inline: list[list[str]], context: int = 10) -> list[list[str]] | None:
    """An inline diff for reading: long kept runs shortened to their ends and long changed
    runs to their start, joined by …; None when too little is kept for a character diff to
    help (the text was rewritten).

    >>> compact([["=", "一二三四五六七八九十甲乙丙丁"], ["+", "新"]], context=3)
    [['=', '…乙丙丁'], ['+', '新']]
    """
    kept = sum(len(text) for op, text in inline if op == "=")
    total = max(sum(len(text) for op, text in inline if op != "+"), 1)
    if kept / total < READABLE:
        return None
    out = []
    for index, (op, text) in enumerate(inline):
        if op == "=" and len(text) > 2 * context + 1:
            head = text[:context] if index > 0 else ""
            tail = text[-context:] if index < len(inline) - 1 else ""
            text = f"{head}…{tail}"
        elif op != "=" and len(text) > LONGEST_RUN:
            text = text[:LONGEST_RUN] + "…"
        out.append([op, text.replace("\n", " ")])
    return out


def title_only(pair: Pair) -> bool:
    """Does the heading line say all there is: both sides are only their titles (a chapter
    with nothing of its own), or one is a container (what it holds is told by its own
    units)?"""
    units = [unit for unit in (pair.old, pair.new) if unit is not None]
    return all(u.text.strip() == u.title.strip() for u in units) or not all(u.leaf for u in units)


def rewritten(pair: Pair) -> str:
    before = sum(len(text) for op, text in pair.inline if op != "+")
    after = sum(len(text) for op, text in pair.inline if op != "-")
    return f"text rewritten ({before} → {after} characters)"


def filtered_line(report, pairs) -> str | None:
    """What a view filtered by status says before its summary (which counts the whole diff),
    or None when it shows every pair."""
    if len(pairs) == len(report.pairs):
        return None
    return (f"{len(pairs)} of {len(report.pairs)} pairs shown (a filter by status); "
            "the summary counts the whole diff")
