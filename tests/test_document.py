"""The document model: positions and segments shared by every rule."""

from newslint.document import Document


def spans(doc, segments):
    return [doc.text[a:b] for a, b in segments]


def test_line_and_column_are_one_based_code_points():
    doc = Document("Ünïcode 😀 line\r\nsecond line\nthird")
    assert doc.line_col(0) == (1, 1)
    assert doc.line_col(doc.text.index("😀")) == (1, 9)
    assert doc.line_col(doc.text.index("second")) == (2, 1)
    assert doc.line_col(len(doc.text)) == (3, 6)
    assert doc.line_span(1) == (0, doc.text.index("\r"))


def test_lower_keeps_offsets_even_for_letters_that_grow():
    doc = Document("İstanbul ADVERTISEMENT")
    assert len(doc.lower) == len(doc.text)
    assert doc.lower.endswith("advertisement")


def test_lines_and_paragraphs():
    doc = Document("Title\n\nFirst para line one\nline two\n\n\nSecond para\n")
    assert spans(doc, doc.paragraphs()) == ["Title", "First para line one\nline two", "Second para"]
    assert spans(doc, doc.lines())[:3] == ["Title", "", "First para line one"]


def test_sentences_know_abbreviations_initials_and_scores():
    doc = Document('Mr. Brown met J. Smith in the U.S. capital. "We won," he said. Federer won 6-3. Then it rained!\n'
                   "A new line starts a sentence")
    assert spans(doc, doc.sentences()) == [
        "Mr. Brown met J. Smith in the U.S. capital.", '"We won," he said.', "Federer won 6-3.", "Then it rained!",
        "A new line starts a sentence"]
    assert doc.sentence_index_at(doc.text.index("Federer")) == 2
