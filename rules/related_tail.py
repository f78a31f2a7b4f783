"""Block of other stories ("Related Articles", "You may also like") scraped along with the article.

## What it does
Finds the blocks of links to other stories that pages put under or beside an
article, and reports each block from its title to its last story:

- aggregator blocks: a title line, then for every story its outlet, a time
  ("2 hours ago"), the outlet again after a dash, the headline and the story's
  opening paragraph;
- lists of headlines under a title such as "Related stories", "More from this
  section", "You may also like", "Most read";
- a list title left alone on its line after its links were dropped
  ("Related Articles");
- single link lines such as "Related: Ministers reject pay offer",
  "On example.com: Ministers reject pay offer" or
  "Ministers reject pay offer [VIDEO]".

A title counts only when it fills its whole line; "Related articles appeared in
the Times last week." is prose. A headline list needs at least two short lines
without a full stop after the title, and an aggregator block needs the
outlet / time / "- outlet" shape, so an article that merely ends in short lines
is left alone.

## Why it matters
A related-stories block pastes the openings of other articles into this one: a
model trained on the text learns that articles drift into unrelated stories, a
deduplicator sees the same paragraphs in dozens of documents, and a summariser
reports what another article said.

## Example
```text
The council will vote on the budget on Tuesday.

Related stories
Yahoo
2 hours ago
- Yahoo
Storm closes coastal road
A storm closed the coastal road overnight and crews are clearing debris.
```
Use instead:
```text
The council will vote on the budget on Tuesday.
```

## Fix safety
The fix deletes the whole block. It is safe when the block runs to the end of
the document, so no article text can follow it; it is unsafe when text follows
the block, since a person should check where the block ends. When the block holds
more words than the rest of the document, the page is an aggregator page carrying
other outlets' stories rather than an article with a tail: the deletion is
then only suggested (display-only) when it holds several stories, since removing
most of a document is not for a linter to do unattended; the other rules still
clean the stories.

## Options
Extend the vocabulary with `extend-titles` (block titles, matched as a whole
line), `extend-title-patterns` (regular expressions for titles, matched against
the whole lower-cased line) and `extend-link-lead-ins` (words that, before a colon,
make a line a link to another story).

## Known false positives
An article that ends with a list of short titled items (a cast list, a table of
contents) under a heading such as "More from this series" is flagged.
"""

from __future__ import annotations

import re

from newslint import Edit, Fix, FixAvailability, PackField, Rule, hookimpl
from newslint.phrases import normalise_phrase
from newslint.rules.support.lines import (LINE_SPACE, LINE_SYMBOLS, compile_pattern, first_word, leading_words,
                                          line_candidates, line_end, line_filter_words, line_form, line_trie,
                                          register_line_filter)
from newslint.textedit import removal_span

_TIME_AGO = re.compile(
    r"(?:updated |published |posted )?(?:\d{1,2}|an?|one|a few) (?:min(?:ute)?s?|hours?|hrs?|h|days?|weeks?|months?) ago",
    re.IGNORECASE)
_AGO_LINE_END = re.compile(r" ago[ \t]*\r?$", re.MULTILINE)
_DECORATION = " \t\u00a0\u200b|•·»«›‹>*#_=~-–—→←▶►◀◄▸❯❮+[]()"
_HEADLINE_END = ".,;"
# "On HoustonChronicle.com: <headline>", "Also on rt.com <headline>": links to a site's other stories.
_SITE_LEAD = re.compile(r"(?:also )?on [a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|co\.uk|com\.au|ca|ie|in)\b:?", re.I)
# "<headline> [VIDEO]": a link to another story tagged with its kind.
_TAGGED_HEADLINE = re.compile(
    r"\[(?:video|videos|pics|pictures|photos|gallery|insight|reaction|reveal|latest|analysis|poll|news|warning|update"
    r"|explained|map|live|quiz|comment|opinion|report|watch|listen|podcast)\]\s*\|?$", re.I)
_MAX_TITLE_WORDS = 8


def _key(line: str) -> str:
    """A title's lookup key: decoration and a trailing colon or ellipsis stripped, lower case."""
    stripped = line.strip(_DECORATION + ":.…")
    return " ".join(stripped.lower().replace("\u2019", "'").split())


def _headline_like(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= 22 and len(line) <= 180 and line.rstrip()[-1] not in _HEADLINE_END


def _title_like(line: str) -> bool:
    words = line.split()
    return 1 <= len(words) <= _MAX_TITLE_WORDS and line.rstrip()[-1] not in ".,;!?\"'\u201d\u2019"


class RelatedTail(Rule):
    code = "REL001"
    name = "related-tail"
    category = "related"
    fix_availability = FixAvailability.ALWAYS
    pack_fields = {
        "titles": PackField("phrases", "Titles of blocks of other stories, matched as a whole line."),
        "title_patterns": PackField("patterns", "Regular expressions for block titles (whole lower-cased line)."),
        "link_lead_ins": PackField("phrases", "Words that, before a colon and a headline, make a related-story link."),
        "list_titles": PackField("phrases", "Widget titles that count only when a list of headlines follows."),
    }

    def setup(self) -> None:
        self.titles = {normalise_phrase(p) for p in self.vocabulary["titles"]}
        self.list_titles = {normalise_phrase(p) for p in self.vocabulary["list_titles"]}
        patterns = self.vocabulary["title_patterns"]
        self.title_pattern = None
        if patterns:
            self.title_pattern = compile_pattern("|".join(f"(?:{p})" for p in patterns), ignore_case=True)
        # A title's first word: a cheap test before any normalisation (None: any word may start one).
        self.first_words: set[str] | None = {first_word(p) for p in self.titles | self.list_titles}
        for source in patterns:
            words = leading_words(source)
            if words is None:
                self.first_words = None
                break
            self.first_words.update(words)
        self.link_lead_ins = {normalise_phrase(p) for p in self.vocabulary["link_lead_ins"]}
        self.line_filter = self._line_filter(patterns) if self.first_words is not None else None
        if self.line_filter is not None:
            register_line_filter(self.line_filter, self.line_starts, bounded=self.line_bounded)

    def _line_filter(self, patterns: list[str]) -> str:
        """The lines :meth:`_titled_lists` may act on, as a line filter (a superset; see
        :mod:`newslint.rules.support.lines`): a whole-line title, a title pattern's first word,
        a link lead-in before a colon, "on" or "also" (a link to a site's other stories).
        Tagged headlines ("... [VIDEO]") are found from their bracket."""
        tail = "[" + LINE_SPACE + LINE_SYMBOLS + re.escape(_DECORATION + ":.\u2026") + "]*(?:\n|\\Z)"
        self.line_bounded = True  # every branch needs a non-letter after its first word
        titles = {line_form(p) for p in self.titles | self.list_titles} - {""}
        entries = []
        for source in patterns:
            forms = {line_form(word) for word in leading_words(source)}
            # a word needed after the first one, when the first is followed by a space
            spaced = re.match(r"(?:\(\?:[a-z]+(?: [a-z]+)*(?:\|[a-z]+(?: [a-z]+)*)*\)|[a-z]+) ", source)
            ahead = "(?![a-z])" + line_filter_words(source, forms, ignore_case=True) if spaced else ""
            self.line_bounded = self.line_bounded and bool(spaced)
            entries.extend((form, ahead) for form in forms)
        entries.extend((line_form(p), f"[{LINE_SPACE}]*:") for p in self.link_lead_ins)
        entries.extend((word, "(?![a-z])") for word in ("on", "also"))
        entries = [entry for entry in entries if entry[0]]
        self.line_starts = sorted(titles | {phrase for phrase, _ in entries})
        branches = [line_trie(entries)]
        if titles:
            branches.insert(0, line_trie((title, "") for title in titles) + tail)
        return "|".join(branches)

    def is_title(self, line: str) -> bool:
        if not _title_like(line.strip(" \t:…")) and not line.rstrip().endswith((":", "...", "…")):
            return False
        key = _key(line)
        if not key or len(key.split()) > _MAX_TITLE_WORDS:
            return False
        return key in self.titles or bool(self.title_pattern and self.title_pattern.fullmatch(key))

    def check(self, doc):
        text = doc.text
        blocks: list[tuple[int, int, str]] = []
        if " ago" in doc.lower and self._has_time_line(text):
            blocks.extend(self._aggregator_blocks(text, doc))
        if self.line_filter is None:
            blocks.extend(self._titled_lists(text, [0, *(m.end() for m in _NEWLINE.finditer(text))], blocks))
        else:
            blocks.extend(self._titled_lists(text, self._candidate_lines(doc), blocks))
        blocks.sort()
        for start, end, kind in blocks:
            fix_start, fix_end = removal_span(text, start, end)
            to_end = not text[end:].strip()
            first = text[start:end].split("\n", 1)[0].strip()
            if len(first) > 50:
                first = first[:47] + "..."
            message = f"{kind} {first!r} scraped into the text"
            if _aggregator_digest(text, start, end):
                # Several other outlets' whole stories, outweighing the article: an aggregator
                # page rather than an article with a tail. Removing most of a document unattended
                # is not a linter's call; suggest it, and let the other rules clean the stories.
                maker = Fix.display_only
                message += " (longer than the article it follows: review before removing)"
            else:
                maker = Fix.safe if to_end else Fix.unsafe
            yield self.report(fix_start, fix_end, message,
                              maker("Remove the block of other stories", Edit.deletion(fix_start, fix_end)))

    # ---- aggregator blocks: outlet / "2 hours ago" / "- outlet" / headline / opening ----

    def _aggregator_blocks(self, text: str, doc):
        lines = doc.lines()
        starts = [a for a, _ in lines]
        entries = []  # (first line index, last line index)
        import bisect

        for match in _AGO_LINE_END.finditer(text):
            index = bisect.bisect_right(starts, match.start()) - 1
            a, b = lines[index]
            if not _TIME_AGO.fullmatch(text[a:b].strip()):
                continue
            if index == 0 or index + 1 >= len(lines):
                continue
            outlet = text[lines[index - 1][0]:lines[index - 1][1]].strip()
            dashed = text[lines[index + 1][0]:lines[index + 1][1]].strip()
            if not outlet or len(outlet.split()) > 6 or outlet[-1] in ".,;:!?":
                continue
            if not (dashed[:2] in ("- ", "\u2013 ", "\u2014 ") and _key(dashed) == _key(outlet)):
                continue
            last = index + 1
            # the headline, then the story's opening (one paragraph, which may hold line breaks)
            while last + 1 < len(lines) and text[lines[last + 1][0]:lines[last + 1][1]].strip():
                if last + 2 < len(lines) and _TIME_AGO.fullmatch(text[lines[last + 2][0]:lines[last + 2][1]].strip()):
                    break  # the next entry's outlet line
                last += 1
            entries.append((index - 1, last))
        blocks = []
        for first, last in entries:
            if blocks and all(not text[a:b].strip() for a, b in lines[blocks[-1][1] + 1:first]):
                blocks[-1][1] = last
                continue
            blocks.append([first, last])
        for first, last in blocks:
            if first > 0:
                a, b = lines[first - 1]
                title = text[a:b].strip()
                if title and (self.is_title(title) or _title_like(title) and len(title.split()) <= 4):
                    first -= 1
            start = lines[first][0] + len(text[lines[first][0]:lines[first][1]]) - len(
                text[lines[first][0]:lines[first][1]].lstrip())
            end = lines[last][1]
            yield start, end, "Related-stories block"

    # ---- titled lists of headlines, lone titles and link lines -------------------

    @staticmethod
    def _has_time_line(text: str) -> bool:
        """Whether a line is only a time ("2 hours ago"): an aggregator block needs one."""
        for match in _AGO_LINE_END.finditer(text):
            a = text.rfind("\n", 0, match.start()) + 1
            b = text.find("\n", match.start())
            if _TIME_AGO.fullmatch(text[a:len(text) if b < 0 else b].strip()):
                return True
        return False

    def _candidate_lines(self, doc) -> list[int]:
        """Start offsets, in order, of the lines that may be a title or a link (a superset)."""
        text = doc.text
        rfind = text.rfind
        starts = {rfind("\n", 0, pos) + 1 for pos in line_candidates(doc, self.line_filter)}
        if "]" in text:
            pos = text.find("]")
            while pos >= 0:
                starts.add(rfind("\n", 0, pos) + 1)
                nl = text.find("\n", pos)
                pos = text.find("]", nl) if nl >= 0 else -1
        return sorted(starts)

    def _titled_lists(self, text: str, candidates: list[int], taken: list):
        """Titled lists of headlines, lone titles and link lines, from the lines at ``candidates``
        (the start offsets of every line that may be one)."""
        def free(a: int, b: int) -> bool:
            return not any(s < b and a < e for s, e, _ in taken)

        resume = 0  # lines before this offset are part of a block already reported
        for a in candidates:
            if a < resume:
                continue
            nl, b = line_end(text, a)
            if b - a > 120 or b == a:
                continue
            line = text[a:b].strip()
            if not line:
                continue
            start = a + text[a:b].find(line[0])
            if (":" in line or "]" in line or line[:3].lower() in ("on ", "als")) and self._is_link_line(line) \
                    and free(a, b):
                # a run of link lines is one block, with the short title just above it ("DON'T MISS")
                last_a, last_b, last_nl = a, b, nl
                while last_nl >= 0:
                    next_nl, next_b = line_end(text, last_nl + 1)
                    if not self._is_link_line(text[last_nl + 1:next_b].strip()):
                        break
                    last_a, last_b, last_nl = last_nl + 1, next_b, next_nl
                kind = "Related-story link"
                if last_a > a:
                    kind = "Related-stories block"
                    if a > 0:
                        ta = text.rfind("\n", 0, a - 1) + 1
                        tb = a - 1
                        if tb > ta and text[tb - 1] == "\r":
                            tb -= 1
                        title = text[ta:tb].strip()
                        if title and len(title.split()) <= 4 and _title_like(title.rstrip(":")) and free(ta, tb):
                            start = ta + text[ta:tb].find(title[0])
                yield start, last_b - _trail(text[last_a:last_b]), kind
                resume = last_nl + 1 if last_nl >= 0 else len(text) + 1
                continue
            if len(line) > 80 or self.first_words is not None and first_word(
                    line.lstrip(_DECORATION)[:30]) not in self.first_words:
                continue
            key = _key(line)
            is_title = self.is_title(line)
            is_list_title = not is_title and key in self.list_titles and _title_like(line.strip(" :"))
            if not (is_title or is_list_title):
                continue
            last_b, last_nl, headlines = b, nl, 0
            probe_nl = nl
            while probe_nl >= 0:
                pa = probe_nl + 1
                probe_nl, pb = line_end(text, pa)
                probe_line = text[pa:pb].strip()
                if not probe_line:
                    continue
                if _headline_like(probe_line) or _TIME_AGO.fullmatch(probe_line):
                    headlines += _headline_like(probe_line)
                    last_b, last_nl = pb, probe_nl
                    continue
                break
            if is_title or headlines >= 2:
                if free(start, last_b):
                    kind = "Related-stories block" if last_b > b else "Related-stories title"
                    yield start, last_b, kind
                resume = last_nl + 1 if last_nl >= 0 else len(text) + 1

    def _is_link_line(self, line: str) -> bool:
        site = _SITE_LEAD.match(line)
        if site:
            rest = line[site.end():].strip()
            return bool(rest) and _headline_like(rest) and rest[0].isupper()
        tag = _TAGGED_HEADLINE.search(line)
        if tag and tag.start() > 0:
            head = line[:tag.start()].strip()
            return _headline_like(head) and not re.search(r"[.!?][\"'\u201d\u2019]?\s+[A-Z]", head)
        body = line.strip("[] \t")
        colon = body.find(":")
        if colon <= 0 or colon > 40:
            return False
        lead = " ".join(body[:colon].lower().replace("\u2019", "'").split())
        if lead not in self.link_lead_ins:
            return False
        rest = body[colon + 1:].strip()
        return bool(rest) and _headline_like(rest) and not rest[0].islower() and not re.search(
            r"[.!?][\"'\u201d\u2019]?\s+[A-Z]", rest)


_NEWLINE = re.compile("\n")


def _trail(line: str) -> int:
    return len(line) - len(line.rstrip())


def _aggregator_digest(text: str, start: int, end: int) -> bool:
    """Whether a block holds several timed stories and more words than all the text around it."""
    stories = sum(1 for line in text[start:end].splitlines() if _TIME_AGO.fullmatch(line.strip()))
    if stories < 2:
        return False
    return len(text[start:end].split()) > len(text[:start].split()) + len(text[end:].split())


@hookimpl
def newslint_register_rules():
    return [RelatedTail]
