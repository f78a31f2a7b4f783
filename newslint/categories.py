"""The category vocabulary: what kind of pollution a rule finds.

Every rule belongs to exactly one category. The built-in categories are below;
plugins add their own with the ``newslint_register_categories`` hook. Categories
are also rule selectors (``select = ["donation"]``) and the unit the evaluation
scripts score by.
"""

BUILTIN_CATEGORIES: dict[str, str] = {
    "donation": "Reader-revenue appeals: donate, become a member, support our journalism.",
    "captcha": "Captcha and bot-wall errors, and pages that are nothing but a bot wall.",
    "advertisement": "Stray advertisement markers left between sentences or on their own line.",
    "quotes": "Quotation marks that do not pair up: mixed kinds, nested doubles, never closed.",
    "typo": "Real-word typos: confusable words, doubled words, edit residue.",
    "newsletter": "Newsletter sign-up boxes and their small print.",
    "navigation": "Page furniture: skip links, 'Read more', share bars, comment widgets, menus.",
    "related": "'Related articles' tails and aggregator blocks holding other stories.",
    "promo": "App, podcast, AI-feature and social-media call-outs.",
    "metadata": "Dates, view counters, bylines and breadcrumbs glued into the text.",
    "punctuation": "Space before punctuation and gaps left where link text was dropped.",
    "consent": "Cookie and privacy consent banners.",
    "paywall": "Paywall prompts and truncation markers: the text is not all there.",
    "encoding": "Mojibake, HTML entities and tags, invisible and control characters.",
    "boilerplate": "Lines a publisher's template repeats across many documents (corpus-level).",
    "duplicate": "Documents that are near-copies of another document in the run (corpus-level).",
    "input": "Files newslint could not read as text: invalid UTF-8, binary, empty, malformed JSONL.",
}
