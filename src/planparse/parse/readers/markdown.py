"""Markdown, as public archives and converters publish plans: YAML front matter, ``<!-- -->``
comments, a ``<details>`` 目录, ``#`` and bold headings, ``> `` quoted 专栏 boxes, pictures
on lines of their own (``![](images/…)``), pipe tables, rules.

The reader keeps every line where it stands: a line it takes out becomes blank, so ``lines``
spans are those of the file. Markdown says where paragraphs end (at a blank line or a new
block), and the layout stage is told so instead of guessing from line widths.

The syntax is CommonMark's and lives here; what the front matter's keys mean for the
metadata is the grammar's (``readers.front_matter``)."""
from __future__ import annotations

from collections import Counter

import regex

from ...model import Repair
from ...rules import cache
from . import Reading

_FENCE = cache.pattern(r"^\s{0,3}(?:```|~~~)")
_COMMENT = cache.pattern(r"<!--.*?-->", regex.DOTALL)
_RULE = cache.pattern(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_SETEXT = cache.pattern(r"^\s{0,3}(?:=+|-+)\s*$")
_ATX = cache.pattern(r"^\s{0,3}#{1,6}(?:\s+|$)(?P<text>.*?)(?:\s+#+)?\s*$")
_QUOTE = cache.pattern(r"^\s{0,3}>\s?")
_BULLET = cache.pattern(r"^\s*[-*+]\s+(?!\[[ xX]\]\s)")
_IMAGE_LINE = cache.pattern(r"^\s*!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]*)(?:\s+[\"'](?P<title>[^\"']*)[\"'])?\)\s*$")
_IMAGE = cache.pattern(r"!\[[^\]]*\]\([^)]*\)")
_LINK = cache.pattern(r"\[(?P<text>[^\]]*)\]\([^)]*\)")
_SUMMARY = cache.pattern(r"^\s*<summary>(?P<text>.*?)</summary>\s*$", regex.IGNORECASE)
_TAG_LINE = cache.pattern(r"^\s*(?:</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>\s*)+$")
_BOLD_LINE = cache.pattern(r"^\s*(?:\*\*|__)[^*_]+(?:\*\*|__)\s*$")
_EMPHASIS = cache.pattern(r"\*\*|__(?=\S)|(?<=\S)__")
_ESCAPE = cache.pattern(r"\\([\\`*_{}\[\]()#+\-.!>|])")
_TABLE_RULE = cache.pattern(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_TABLE_ROW = cache.pattern(r"^\s*\|.*\|\s*$")

# Markdown that marks where a document starts: a strong sign, and weaker ones counted on lines.
_FRONT = cache.pattern(r"\A\ufeff?---[ \t]*\n(?:[^\n]*\n){1,80}?(?:---|\.\.\.)[ \t]*(?:\n|\Z)")
# (each after a line break, the text read with one put first: a literal first is found fast,
# where ^ is tried at every character)
_SIGNS = cache.pattern(r"\n(?:#{1,6}\s+\S|>\s?\S|!\[[^\]]*\]\(|\s*<details>|\*\*[^*\n]+\*\*|\s*\|.*\|\s*$)",
                       regex.MULTILINE)
SIGN_LINES = 3  # lines written in markdown that make a text markdown
SIGN_SHARE = 0.02  # … when they are at least this share of its non-blank lines
BLANK_SHARE = 0.2  # blank lines per line of text below which the text is hard-wrapped after all:
#   then where paragraphs end is left to the layout stage


def looks_like(text: str) -> bool:
    """Is ``text`` markdown: front matter, or markdown lines here and there?

    >>> looks_like('# 规划\\n\\n## **一、总体要求**\\n\\n> 专栏1\\n\\n![](a.png)'), looks_like('一、总体要求\\n正文。')
    (True, False)
    """
    if _FRONT.match(text):
        return True
    signs = len(_SIGNS.findall("\n" + text[:200_000]))
    lines = sum(1 for line in text[:200_000].split("\n") if line.strip())
    return signs >= SIGN_LINES and signs >= SIGN_SHARE * lines


def read(text: str, grammar) -> Reading:
    r"""Read markdown into plain lines.

    >>> r = read('---\ntitle: 某市规划\nsource: https://example.org/a\n---\n\n# **一、总体要求**\n\n> 专栏1 重点工程\n>\n> 正文\n', None)
    >>> r.text.split('\n')[5:], r.meta, r.url, sorted(r.roles.items())
    (['一、总体要求', '', '专栏1 重点工程', '', '正文', ''], {'title': '某市规划'}, 'https://example.org/a', [(8, 'quote'), (9, 'quote'), (10, 'quote')])
    """
    lines = text.split("\n")
    counts: Counter[str] = Counter()
    reading = Reading("markdown", "")
    start = _front_matter(lines, grammar, reading)
    if start:
        counts["markdown-front-matter"] += start
    body = "\n".join(lines[start:])
    body, comments = _strip_comments(body)
    counts["markdown-comment"] += comments
    lines = [""] * start + body.split("\n")
    out: list[str] = []
    alone: set[int] = set()  # lines that are blocks of their own: headings, list items, the summary
    fenced = False
    for no, line in enumerate(lines, start=1):
        if no <= start:
            out.append("")
            continue
        if _FENCE.match(line):
            fenced = not fenced
            out.append("")
            counts["markdown-code-fence"] += 1
            continue
        if fenced:
            out.append(line)
            continue
        out.append(_line(line, no, reading, counts, alone, previous=out[-1] if out else ""))
    reading.text = "\n".join(out)
    blank = sum(1 for line in out if not line.strip())
    if blank >= BLANK_SHARE * (len(out) - blank):  # paragraphs apart, as markdown writes them
        reading.paragraph_ends = _paragraph_ends(out, reading.roles, alone | set(reading.images))
    reading.repairs = [Repair(kind, n) for kind, n in counts.items() if n]
    return reading


def _line(line: str, no: int, reading: Reading, counts: Counter, alone: set[int], previous: str) -> str:
    """One line of markdown as plain text; what it says of itself goes to ``reading``."""
    quoted = False
    while match := _QUOTE.match(line):
        line, quoted = line[match.end():], True
    if quoted:
        reading.roles[no] = "quote"
        counts["markdown-quote"] += 1
    if _RULE.match(line) or (_SETEXT.match(line) and previous.strip()):
        counts["markdown-rule"] += 1
        return ""
    if match := _SUMMARY.match(line):
        counts["markdown-html"] += 1
        alone.add(no)
        return match.group("text").strip()
    if _TAG_LINE.match(line):
        counts["markdown-html"] += 1
        return ""
    if match := _IMAGE_LINE.match(line):
        reading.images[no] = match.group("src")
        counts["markdown-image"] += 1
        return (match.group("alt") or match.group("title") or "").strip() or match.group("src")
    if _TABLE_RULE.match(line) and "-" in line:
        counts["markdown-table"] += 1
        return ""
    if _TABLE_ROW.match(line):
        line = "\t".join(cell.strip() for cell in line.strip().strip("|").split("|"))
    if match := _ATX.match(line):
        line = match.group("text")
        counts["markdown-heading"] += 1
        alone.add(no)
    elif match := _BULLET.match(line):
        line = line[match.end():]
        counts["markdown-list"] += 1
        alone.add(no)
    if _IMAGE.search(line):
        line = _IMAGE.sub("", line)
        counts["markdown-image"] += 1
    if _BOLD_LINE.match(line):
        alone.add(no)  # a line set in bold from end to end is a title or a heading: a block of its own
    line, links = _LINK.subn(r"\g<text>", line)
    line, emphasis = _EMPHASIS.subn("", line)
    counts["markdown-link"] += links
    counts["markdown-emphasis"] += bool(emphasis)
    return _ESCAPE.sub(r"\1", line).strip()


def _front_matter(lines: list[str], grammar, reading: Reading) -> int:
    """Read the YAML front matter, if the text opens with one; return how many lines it takes."""
    match = _FRONT.match("\n".join(lines[:90]) + "\n")
    if not match:
        return 0
    taken = match.group().rstrip("\n").count("\n") + 1
    import yaml  # (here: a plan without front matter does not pay for loading PyYAML)

    try:
        data = yaml.load("\n".join(lines[1:taken - 1]), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return taken  # not YAML after all: out of the text all the same, but nothing read from it
    if not isinstance(data, dict):
        return taken
    keys = (grammar.sections.get("readers", {}).get("front_matter", {}) if grammar is not None else {}) or DEFAULT_KEYS
    for field_name, names in keys.items():
        value = next((data[name] for name in names if isinstance(data.get(name), (str, int, float))
                      or hasattr(data.get(name), "isoformat")), None)
        if value is None:
            continue
        value = value.isoformat() if hasattr(value, "isoformat") else str(value).strip()
        if field_name == "url":
            reading.url = value
        elif value:
            reading.meta[field_name] = value
    return taken


DEFAULT_KEYS = {"title": ["title"], "url": ["source", "url"]}  # without a grammar (doctests)


def _strip_comments(text: str) -> tuple[str, int]:
    """Comments out, their lines kept as blank lines."""
    count = 0

    def blank(match) -> str:
        nonlocal count
        count += 1
        return "\n" * match.group().count("\n")
    return _COMMENT.sub(blank, text), count


def _paragraph_ends(lines: list[str], roles: dict[int, str], alone: set[int]) -> frozenset[int]:
    """A line ends its paragraph unless the next line goes on with it: markdown joins lines
    that follow one another in the same block (a soft wrap)."""
    ends = set()
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        after = lines[index + 1] if index + 1 < len(lines) else ""
        no = index + 1
        if not after.strip() or no in alone or no + 1 in alone or roles.get(no) != roles.get(no + 1) or "\t" in line or "\t" in after:
            ends.add(no)
    return frozenset(ends)
