"""Template placeholder text published in place of an article's copy.

## What it does
Finds filler that content management systems put in empty fields ("Lorem ipsum
dolor sit amet", "Caption goes here") when it reached the published page.

## Why it matters
Placeholder text is not the article: it adds meaningless tokens to a corpus and
shows the page was scraped before its copy was written.

## Example
```text
The museum reopens in May. Lorem ipsum dolor sit amet, consectetur adipiscing elit.
```
Use instead:
```text
The museum reopens in May.
```

## Options
Extend the vocabulary with `extend-phrases`.
"""

from newslint import PackField, Rule
from newslint.phrases import PhraseMatcher


class PlaceholderText(Rule):
    code = "EXA001"
    name = "placeholder-text"
    category = "placeholder"
    pack_fields = {"phrases": PackField("phrases", "Placeholder phrases a template leaves in empty fields.")}

    def setup(self) -> None:
        self.matcher = PhraseMatcher(self.vocabulary["phrases"])

    def check(self, doc):
        for start, end in self.matcher.finditer(doc.lower):
            yield self.report(start, end, f"Template placeholder {doc.text[start:end]!r} in the text")
