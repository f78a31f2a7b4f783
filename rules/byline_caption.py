"""Bylines, photo captions and picture credits left in the article text.

## What it does
Finds the lines a page prints around the story rather than in it, when a scraper
keeps them as text:

- bylines on a line of their own: "By Jane Smith and Ali Khan, Reuters",
  "Written by Ola Berg", "by Ian Pike", "Tom Reed, AP Auto Writer"
  ("By Category" and other menu entries are not bylines);
- contact lines: "jane.smith@example.com", "Write to Jane Smith at ...";
- picture credits: "Photo: Lena Ortiz, AP", "Image copyright Getty Images",
  "Ravi Menon/Valley Herald/Getty Images", "Jane Doe | Bloomberg | Getty Images",
  "(Image credit: Orbital Labs)", "© Jane Doe" (copyright footers with a year or a
  company are left alone);
- photo captions, recognised by the credit they end with ("... outside a warehouse
  in Leeds. (AP Photo/Sam Reid, File)", "... after the landslideCredit: EPA", "...
  an office in Leeds. Reuters") or by the news agencies' caption style ("In this
  March 3, 2024, file photo, ...", "... in Springfield, Tuesday, Nov. 4, 2025,
  ...").

When a credit is glued to the end of a longer paragraph (several sentences, or a
quotation), only the credit is reported. Adjacent lines of this kind ("Image copyright Reuters" then "Image caption ...")
are one finding.

## Why it matters
Credits and captions are not the story: a caption describes a picture the text no
longer has, and a byline or a credit in the middle of the text reads as a sentence
that makes no sense. They also repeat the same names across a corpus.

## Example
```text
Officials met on Monday to discuss the plan.

Photo: Jane Doe/Getty Images

The talks will continue next week.
```
Use instead:
```text
Officials met on Monday to discuss the plan.

The talks will continue next week.
```

## Fix safety
Unsafe: the fix deletes the whole line (with the blank line it leaves). A caption
sometimes carries facts the article does not repeat, and a person may want to keep
a byline as metadata rather than drop it.

## Options
Extend the vocabulary with `extend-openers` ("by"), `extend-labels` ("photo", "image credit") and
`extend-agencies` ("getty images"; two-letter names such as "AP" match only in
capitals).

Contributor notes at the end of agency copy ("Jane Doe contributed reporting.",
"(Reporting by ...; Editing by ...)") are part of the article as published and
are left alone.

## Known false positives
A one-line paragraph that is only a list of capitalised names after "By" ("By
Royal Appointment") reads as a byline.
"""

from __future__ import annotations

import bisect
import re

from newslint import Edit, Fix, FixAvailability, PackField, Rule, hookimpl
from newslint.patterns import LazyPattern
from newslint.phrases import normalise_phrase, trie_pattern
from newslint.rules.support.text_bytes import ascii_folds
from newslint.textedit import removal_span

_MAX_LINE = 500
_MAX_WORDS = 80
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
          r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_FULL_DATE = rf"{_MONTH} \d{{1,2}}, (?:19|20)\d\d"
# The caption style of the news agencies: a weekday and a full date inside the sentence,
# "In this <date>, file photo, ...", "FILE - ..."
_AGENCY_CAPTION = re.compile(
    rf",\s+(?:on\s+)?{_WEEKDAY},\s+{_FULL_DATE}\b"
    rf"|^(?:FILE\s+(?:PHOTO)?\s*[-:\u2013\u2014]\s+|In\s+this\s+(?:{_WEEKDAY},?\s+)?{_FULL_DATE},?\s+(?:file\s+)?"
    rf"(?:photo|image|picture|photograph|handout)|This\s+{_FULL_DATE},?\s+(?:file\s+)?(?:photo|image|picture))")
_PARTICLES = frozenset("de da do dos das del della di du van von der den ter la le bin al el y e of the and".split())
_NAME_SPLIT = re.compile(r"\s*(?:,|;|\||/|&|\band\b|\bund\b|\by\b|\s[-\u2013\u2014]\s|\s[-\u2013\u2014]$)\s*")
_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")
_WORD = re.compile(r"\S+")
_DIGIT = re.compile(r"\d")
_ABBREVIATION_END = re.compile(r"\b(?:vs|etc|inc|no|st|mr|mrs|ms|dr|approx|e\.g|i\.e)\.\s*$", re.I)
# Capitalised words of menus and links, never part of a person's name ("Do Not Sell/Share", "Log In/Join")
_MENU_WORDS = frozenset("""do not my our your the and of for to in with about us contact log sign join home terms
    privacy legal all new more read view see get shop buy sell share first last next back my""".split())
# "By Category", "By Industry": sorting and filtering menus, not bylines
_NOT_NAMES = frozenset("""category categories industry industries manufacturer manufacturers topic topics type types
    region regions country countries product products brand brands price size date name popularity relevance role
    solution solutions team department location language format level subject sector service services feature
    features platform platforms audience rating use""".split())
# a line that is only a way to reach the writer: "jane.doe@paper.com", "Write to Jane Doe at jane@paper.com"
_CONTACT = re.compile(r"^(?:(?:write to|contact|email|e-mail)\s+[A-Z][\w.' -]{1,40}?\s+(?:at|:)\s+)?"
                      r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+\.?$", re.I)
_QUOTATION = re.compile("[\"\u201c\u201d]|(?:^|\\s)['\u2018\u2019]")  # quotation marks, not apostrophes
# the labels a credit closing a caption starts with (see credit_end), and the spaces allowed before its colon
_LABEL_WORDS = tuple(f"{word}{s}" for word in ("Credit", "Photograph", "Photo", "Picture", "Image") for s in ("", "s"))
_SPACES = frozenset(c for c in map(chr, range(0x3100)) if c.isspace() and c != "\n")
_LAST_BRACKET = re.compile(r"\)[^\S\n]*(?=\n|\Z)")  # ")" and nothing but white space after it on its line
_SENTENCE_BREAK = re.compile(r"[a-z0-9)][.!?][\"'\u2019\u201d]?\s+(?=[\"\u201c\u2018]?[A-Z])")


def _alternation(items) -> str:
    unique = sorted({" ".join(i.lower().split()) for i in items if i.strip()}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in unique) or "(?!)"


class BylineOrCaption(Rule):
    code = "MET002"
    name = "byline-or-caption"
    category = "metadata"
    fix_availability = FixAvailability.ALWAYS
    pack_fields = {
        "openers": PackField("phrases", "Words that open a byline line: 'by', 'written by'."),
        "labels": PackField("phrases", "Labels of a picture credit or caption: 'photo', 'image copyright'."),
        "agencies": PackField("phrases", "Photo agencies named in credits: 'getty images', 'ap'."),
    }

    def setup(self) -> None:
        v = self.vocabulary
        self.openers = tuple(sorted({" ".join(o.lower().split()) + " " for o in v["openers"]}, key=len,
                                    reverse=True))
        short = sorted({a.upper() for a in v["agencies"] if len(a.replace(" ", "")) <= 3})
        agency = rf"(?:(?i:{_alternation(a for a in v['agencies'] if len(a.replace(' ', '')) > 3)})"
        agency += "".join(f"|{re.escape(s)}" for s in short) + ")"
        labels = rf"(?i:{_alternation(v['labels'])})"
        # two-word labels are distinctive enough to need no colon: "Image caption Delegates left..."
        long_labels = rf"(?i:{_alternation(w for w in v['labels'] if ' ' in w.strip())})"
        self.agency_only = LazyPattern(rf"^\(?{agency}(?:\s*(?:/|\||,|\bvia\b)\s*{agency})*\s*\)?$")
        self.agency_only_lower = LazyPattern(self.agency_only.pattern, re.I)
        self.agency_word = re.compile(rf"(?<![\w-]){agency}(?![\w-])")
        # "Photo: ...", "Image copyright ...", "(Image credit: ...)", "Photograph by ..."
        self.credit_start = LazyPattern(rf"^\(?{labels}(?:\s*:|\s*\.\.\.|\u2026|\s+(?i:by)\b|\s+(?=\u00a9|{agency}))"
                                          rf"|^{long_labels}\s+(?=[A-Z\u00a9])"
                                          r"|^\u00a9\s*(?!Copyright|All\b)[A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2}"
                                          r"(?!.*(?:\d|\||\b(?:Ltd|Inc|LLC|GmbH|Group|Corp|rights|Rights|[Cc]reated|[Dd]esigned"
                                          r"|[Pp]owered)\b))")
        # a credit closing a caption
        credit_ends = [
            # (0) "(... Photo: Name)", "(AP Photo/Name, File)" ending the line
            rf"\((?:[^()]{{0,40}}?\b)?(?:{labels}\s*(?::|(?i:by)\b)|{agency}(?:\s+Photo)?\b)[^()]{{0,80}}\)\s*$",
            # (1) "... the landslideCredit: EPA"
            r"(?:(?<=[a-z.!?)\u2019\"\u201d])|(?<=[a-z.!?)\u2019\"\u201d]\s))"
            r"(?:Credit|Photograph|Photo|Picture|Image)s?(?:\s*:|\.\.\.|\u2026|\s+by\b)\s*[A-Z\u00a9][^.!?]{0,80}$",
            # (2) "... in Leeds. Sam Reid/Valley Herald/Getty Images"
            r"(?<=[.!?]\s)(?:\u00a9\s*)?[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,4}\s*/\s*"
            r"[A-Z][\w.'\u2019&-]*(?:\s+[A-Z][\w.'\u2019&-]*){0,4}(?:\s*/\s*[A-Z][\w.'\u2019&-]*(?:\s+[\w.-]+){0,3})*"
            r"(?:,?\s+file)?\s*$",
            # (3) "... in LeedsSam Reid/Getty Images"
            rf"(?<=[a-z.])(?<!\b[A-Z]\.)[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){{0,3}}\s*/\s*{agency}\s*$",
            # (4) "... in New York. Reuters"
            rf"(?<=[a-z][.!?]\s){agency}(?:\s+(?:Photo|file))?\s*$",
            # (5) "... (AP/Getty)"
            r"\(\s*[A-Z][\w.&-]*(?:/[A-Z][\w.&-]*)+\s*\)\s*$",
        ]
        self.credit_end = LazyPattern("|".join(credit_ends))
        # the same, one expression per alternative: each runs only where it can match (see _credit_end)
        self.credit_ends = [LazyPattern(part) for part in credit_ends]
        # a byline without "By": "Jane Doe, AP", "Tom Reed, Ap Auto Writer", "Lena Ortiz, Reuters"
        self.agency_byline = LazyPattern(
            rf"^[A-Z][\w.'\u2019-]+(?:\s+[A-Z][\w.'\u2019-]+){{1,3}},\s+(?:{agency}|Ap)"
            rf"(?:\s+[A-Z][a-z]+){{0,3}}$")
        self.label_starts = tuple(sorted({" ".join(w.lower().split()) for w in v["labels"]}))
        # a credit closing a caption names a label ("Credit: EPA") or sits in brackets or after a slash
        self.tail_word = re.compile(trie_pattern({w.split()[0] for w in v["labels"]}
                                                 | {a for a in v["agencies"] if len(a) > 3}) or "(?!)")
        self.short_agencies = tuple(sorted({a.lower() for a in v["agencies"] if len(a) <= 3}))
        self.short_upper = tuple(short)  # "AP", "PA": matched in capitals only
        # Where lines worth a look are found without visiting every line: each way _classify can accept a
        # line needs something these scans see (every scan runs on the whole text; see _candidate_lines).
        agencies = trie_pattern(v["agencies"]) or "(?!)"
        openers = trie_pattern(v["openers"]) or "(?!)"
        labels_trie = trie_pattern(v["labels"]) or "(?!)"
        months = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
        # what a line may start with (after white space): an opener, a label or an agency (perhaps in
        # brackets), "©", "FILE", "In this <date>", "This <date>" (lower-cased)
        heads = (rf"(?:\(?(?:{labels_trie})(?![^\s:.\u2026])|\(?(?:{agencies})(?![^\s/|,)])|(?:{openers})(?= )"
                 rf"|\u00a9|file\s|in\s+this\s+(?:\w+day|{months})|this\s+(?:{months}))")
        self.line_head = re.compile(rf"[^\S\n]*{heads}")
        # the scan itself looks for the words alone (one trie is much faster), line_head then checks them
        phrases = {normalise_phrase(p) for p in (*v["openers"], *v["labels"], *v["agencies"], "file", "in", "this")}
        words = trie_pattern(phrases)
        words = rf"(?:{words}|\u00a9)" if words else "\u00a9"
        # and first looks at the character after the line feed, one test that passes over the lines no
        # word can start (blank lines, most others): white space, "(", "©" or a word's first character
        # (an apostrophe stands for both; an empty word would match anywhere: no test then)
        firsts = {p[:1] for p in phrases} | _SPACES | {"(", "\u00a9"}
        if "'" in firsts:
            firsts.add("\u2019")
        first = "" if "" in firsts else "(?=[" + "".join(re.escape(c) for c in sorted(firsts)) + "])"
        self.line_word = re.compile(rf"\n{first}(?:{words}|[^\S\n]+{words}|\({words})")
        # an agency after a comma ("Jane Doe, AP") or after a sentence ("... in New York. Reuters"; the
        # text has "!" and "?" turned into "." first), then white space or the end
        # and ", Tuesday," of the agencies' caption style
        self.after_comma = re.compile(rf",\s+(?:(?:{agencies}|ap)(?!\S)|(?:on\s+)?{_WEEKDAY.lower()},)")
        # and "..." (for "Photo..." below)
        self.after_stop = re.compile(rf"\.(?:\s(?:{agencies})(?!\S)|\.\.)")
        self.after_mark = re.compile(rf"\s(?:{agencies})(?!\S)")  # after "!" or "?"
        # what follows the last slash of "... Name/Outlet/Getty Images": a capital or an agency
        self.agency_or_capital = re.compile(rf"[A-Z]|(?i:{agencies})")
        # a label as a credit ends a caption with it: "Photo: ...", "Credits ...", "Photograph by ..."
        self.label_tail = re.compile(r"(?:Credit|Photograph|Photo|Picture|Image)s?(?:\s*:|\.\.\.|\u2026|\s+by\b)")
        self.agency_end = re.compile(rf"(?:{_alternation(v['agencies'])})(?:\s+(?:photo|file))?\s*$")

    def _candidate(self, low: str) -> bool:
        """Cheap tests a line must pass before the regular expressions run."""
        if low.startswith(self.openers) or low.lstrip("(").startswith(self.label_starts):
            return True
        tail = low[-100:]
        if "/" in tail or "|" in tail or tail.endswith(")") or self.tail_word.search(tail):
            return True
        if low.endswith(self.short_agencies) or low.startswith("\u00a9") or "@" in tail:
            return True
        if len(low) <= 60 and ", " in low:
            return True  # "Jane Doe, AP Writer"
        if len(low) <= 60 and self.agency_only_lower.match(low):
            return True
        return "day, " in low  # agency caption style: "..., Tuesday, Nov. 19, 2019, ..."

    def check(self, doc):
        text, lower = doc.text, doc.lower
        lines = doc.lines()
        # the scans and shortcuts read doc.lower: where it misses what case-insensitive matching sees
        # ("ſ", "ı"), every line is visited and searched in full
        exact = ascii_folds(doc)
        indexes = range(len(lines)) if exact else self._candidate_lines(doc)
        candidates = []
        for index in indexes:
            a, b = lines[index]
            if b - a < 3 or b - a > _MAX_LINE + 20:
                continue
            if self._candidate(lower[a:b].strip()):
                candidates.append(index)
        blocks: list[list] = []
        last = -2
        for index in candidates:
            a, b = lines[index]
            line = text[a:b]
            stripped = line.strip()
            if not stripped or len(stripped) > _MAX_LINE:
                continue
            lo = a + len(line) - len(line.lstrip())
            found = self._classify(stripped, exact)
            if found is None:
                continue
            kind, part = found
            if part is not None:  # a credit glued to a paragraph: only the credit goes
                start, end = removal_span(text, lo + part[0], lo + part[1])
                yield self.report(start, end, "Picture credit glued to a paragraph",
                                  Fix.unsafe("Remove the picture credit", Edit.deletion(start, end)))
                continue
            hi = lo + len(stripped)
            if blocks and last == index - 1:
                blocks[-1][1] = hi
                blocks[-1][2].append(kind)
            else:
                blocks.append([lo, hi, [kind]])
            last = index
        for lo, hi, kinds in blocks:
            start, end = removal_span(text, lo, hi)
            what = " and ".join(dict.fromkeys(kinds))
            yield self.report(start, end, f"{what[0].upper()}{what[1:]} in the article text",
                              Fix.unsafe(f"Remove the {what}", Edit.deletion(start, end)))

    def _candidate_lines(self, doc) -> list[int]:
        """Indexes, in order, of the lines _classify might accept: every such line shows one of the
        things looked for here (by the way _classify accepts it). Whole-text scans, no visit per line.

        - bylines, labelled credits, agency-only lines, "FILE -"/"In this ..." captions: what the line
          starts with (one scan of the line starts);
        - names joined by "/" or "|" (short lines), credits "... / Agency" (a few words after the last
          slash); contact lines: "@" (short lines);
        - credits in brackets ending the line: ")" last, the brackets naming a label or an agency, or
          holding a slash;
        - "...landslideCredit: EPA": the capitalised label; agency captions: "day," (", Tuesday, Nov. 4");
        - "Jane Doe, AP": an agency after a comma; "... in New York. Reuters": an agency after a sentence.
        """
        text, lower = doc.text, doc.lower
        positions = []
        add = positions.append
        head = self.line_head.match
        if head(lower):
            add(0)
        for m in self.line_word.finditer(lower):
            if head(lower, m.start() + 1):
                add(m.start() + 1)
        find, rfind = text.find, text.rfind
        size = len(text)
        # slashes, bars and "@", one look per line: a short line with names between slashes or bars, or
        # an e-mail address; "... Name/Outlet/Getty Images" at the end of a line
        for char in ("/", "|", "@"):
            pos = find(char)
            while pos >= 0:
                start = rfind("\n", 0, pos) + 1
                end = find("\n", pos)
                if end < 0:
                    end = size
                line = text[start:end].strip()
                if len(line) <= 80 and not _DIGIT.search(line) and (
                        _CONTACT.match(line) if char == "@" else _name_slash_credit(line, self.agency_word)):
                    add(pos)
                elif char == "/":
                    rest = text[rfind("/", pos, end) + 1:end]
                    if len(rest.split()) <= 6 and self.agency_or_capital.match(rest.lstrip()):
                        add(pos)
                pos = find(char, end)
        # ")" ending a line, after brackets naming a label or an agency or holding a slash
        for m in _LAST_BRACKET.finditer(text):
            pos = m.start()
            opening = rfind("(", rfind("\n", 0, pos) + 1, pos)
            inner = text[opening + 1:pos]
            if opening >= 0 and ")" not in inner and (
                    "/" in inner or self.tail_word.search(inner.lower())
                    or any(agency in inner for agency in self.short_upper)):
                add(pos)
        # a label ending with ":" (white space between allowed), "…", "..." or followed by " by": "Credit: EPA",
        # "Photo by Name" (the scans look for the punctuation and "by", then for a label before it)
        labels = _LABEL_WORDS
        pos = find(":")
        while pos >= 0:
            end = pos
            while end > 0 and text[end - 1] in _SPACES:
                end -= 1
            if text.endswith(labels, 0, end):
                add(pos)
            pos = find(":", pos + 1)
        pos = find("\u2026")
        while pos >= 0:
            if text.endswith(labels, 0, pos):
                add(pos)
            pos = find("\u2026", pos + 1)
        pos = find("by", 1)
        while pos >= 0:
            if text[pos - 1] in _SPACES:
                end = pos - 1
                while end > 0 and text[end - 1] in _SPACES:
                    end -= 1
                if text.endswith(labels, 0, end):
                    add(pos)
            pos = find("by", pos + 2)
        if "," in lower:
            positions.extend(m.start() for m in self.after_comma.finditer(lower))
        for m in self.after_stop.finditer(lower):
            if m.end() - m.start() > 3 or text.endswith(labels, 0, m.start()):
                add(m.start())
        after_mark = self.after_mark.match
        for mark in ("!", "?"):
            pos = find(mark)
            while pos >= 0:
                if after_mark(lower, pos + 1):
                    add(pos)
                pos = find(mark, pos + 1)
        starts = doc.line_starts
        return sorted({bisect.bisect_right(starts, pos) - 1 for pos in positions})

    def _classify(self, line: str, exact: bool = False) -> tuple[str, tuple[int, int] | None] | None:
        """(kind, part): what the line is, and the part of it to remove (None: all of it).

        ``exact``: search for a closing credit in full, without the shortcuts that read the line
        lower-cased (for texts holding letters that case-insensitive matching reads otherwise).
        """
        # a word takes at least two characters but the last: 80 characters cannot hold 41 words
        words = len(line.split()) if len(line) > 80 else 0  # split() counts the runs \S+ finds
        if words > _MAX_WORDS:
            return None
        low = line.lower()
        if low.startswith(self.openers):
            opener = next(o for o in self.openers if low.startswith(o))
            rest = line[len(opener):]
            if _names_only(rest) and not _NOT_NAMES.intersection(rest.lower().split()):
                return "byline", None
        if self.credit_start.match(line):
            if line[0] == "(":
                close = line.find(")")
                if close > 0 and line[close + 1:].strip():
                    return "picture credit", (0, close + 1)  # "(Image credit: X) The text goes on"
            if words <= 40:
                return "picture credit", None
        if len(line) <= 80 and not _DIGIT.search(line):
            if self.agency_only.match(line):
                return "picture credit", None
            if ("/" in line or "|" in line) and _name_slash_credit(line, self.agency_word):
                return "picture credit", None
            if self.agency_byline.match(line):
                return "byline", None
            if _CONTACT.match(line):
                return "contact line", None
        credit = self.credit_end.search(line) if exact else self._credit_end(line, low)
        if credit and _ABBREVIATION_END.search(line, 0, credit.start()):
            credit = None  # "... vs. Low-Code/No-Code": not the end of a sentence
        if credit:
            before = line[:credit.start()]
            if _SENTENCE_BREAK.search(before) or _QUOTATION.search(before):
                # several sentences, or a quotation: a paragraph with a credit glued on; only the credit goes
                return "picture credit", (credit.start(), len(line))
            return "photo caption", None
        # the agencies' caption style holds ", <weekday>," or starts the line with "FILE", "In this", "This"
        if (("day," in line or line.startswith(("FILE", "In", "This"))) and _AGENCY_CAPTION.search(line)
                and len(_SENTENCE_BREAK.findall(line)) <= 1 and '"' not in line and "\u201c" not in line):
            return "photo caption", None
        return None


    def _credit_end(self, line: str, low: str):
        """``self.credit_end.search(line)``, run only where each of its alternatives can match.

        The alternation's answer is the leftmost match, the first alternative among those starting
        there: the same as the match, among the alternatives', that starts first (the earlier
        alternative on a tie). Each alternative runs only on lines with what it needs, from where it
        can start: the last "(" for a credit in brackets, the first label for a label credit.
        """
        parts = self.credit_ends
        found = []
        if line[-1] == ")":
            opening = line.rfind("(")
            inner = line[opening + 1:-1]
            if opening >= 0 and ")" not in inner:
                if self.tail_word.search(inner.lower()) or any(agency in inner for agency in self.short_upper):
                    found.append((parts[0].search(line, opening), 0))
                if "/" in inner:
                    found.append((parts[5].search(line, opening), 5))
        label = self.label_tail.search(line)
        if label:
            found.append((parts[1].search(line, label.start()), 1))
        slash = line.rfind("/")
        if slash >= 0:
            rest = line[slash + 1:]
            if len(rest.split()) <= 6 and self.agency_or_capital.match(rest.lstrip()):
                found.append((parts[2].search(line), 2))
                found.append((parts[3].search(line), 3))
        if low[-1].isalpha() and self.agency_end.search(" ".join(low.rsplit(None, 5)[-5:])):
            found.append((parts[4].search(line), 4))
        found = [(m.start(), order, m) for m, order in found if m is not None]
        return min(found)[2] if found else None


def _names_only(rest: str, need_slash: bool = False) -> bool:
    """Whether ``rest`` is a list of names (and outlets): capitalised words, separators, e-mail addresses."""
    rest = rest.strip().rstrip("\u2014\u2013-|:").strip()
    if not rest or any(map(str.isdigit, rest)) or rest[-1] in "!?;":
        return False
    pieces = [p for p in _NAME_SPLIT.split(rest) if p and p.strip()]
    if not pieces or len(pieces) > 8:
        return False
    if need_slash and (len(pieces) < 2 or not any(len(p.split()) >= 2 for p in pieces)):
        return False
    total = 0
    for piece in pieces:
        if _EMAIL.match(piece):
            continue
        words = piece.split()
        if not 1 <= len(words) <= 5:
            return False
        total += len(words)
        for word in words:
            core = word.strip("()[]\"'\u2018\u2019\u201c\u201d")
            if not core:
                continue
            if core.lower() in _PARTICLES:
                continue
            if not (core[0].isupper() or core[0] == "@"):
                return False
    if rest.endswith(".") and not re.search(r"(?:\b[A-Z]|\b(?:Jr|Sr|Inc|Ltd|Co|Corp))\.$", rest):
        return False
    return total <= 16


def _name_slash_credit(line: str, agency_word) -> bool:
    """'Jane Doe/Getty Images', 'Jane Doe | Bloomberg | Getty Images', 'Jane Doe/Vox': names joined by slashes."""
    if any(c in line for c in ":;*,!?()"):
        return False
    pieces = [p.strip() for p in re.split(r"[/|]", line)]
    if not 2 <= len(pieces) <= 4 or not all(pieces):
        return False
    if not all(1 <= len(p.split()) <= 4 and all(w[0].isupper() or w.lower() in _PARTICLES for w in p.split())
               for p in pieces):
        return False
    if agency_word.search(line):
        return any(len(p.split()) >= 2 for p in pieces)
    # no agency: only "First Last/Outlet", written without spaces round the slash ("Log In / Join" is a menu)
    if len(pieces) != 2 or "|" in line or " /" in line or "/ " in line:
        return False
    name, outlet = pieces[0].split(), pieces[1]
    if not (2 <= len(name) <= 3 and all(w.isalpha() and w[0].isupper() and not w.isupper()
                                        and w.lower() not in _MENU_WORDS for w in name)):
        return False
    # an outlet is written like a brand ("ZDNet") or in several words ("NYT Wirecutter"); "Notices" is a menu
    return len(outlet.split()) >= 2 or any(c.isupper() for c in outlet[1:])


@hookimpl
def newslint_register_rules():
    return [BylineOrCaption]
