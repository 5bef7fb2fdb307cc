"""Cutting a text into highlighted segments: overlapping and nested spans, lines, sections."""

from briefings.explorer.highlights import Span, blocks, covering

TEXT = "Titre\nLe ministre Murat Nurtleu est venu.\nFin."
SECTIONS = [{"heading": {"fr": "Titre", "en": "Title"}, "start": 0, "end": len(TEXT)}]


def at(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


def test_nested_and_overlapping_spans_cut_the_text_where_they_start_and_end() -> None:
    sentence = Span(*at("Le ministre Murat Nurtleu est venu."), record=0)
    name = Span(*at("Murat Nurtleu"), record=1)
    overlap = Span(*at("Nurtleu est"), record=2)

    cut = blocks(TEXT, SECTIONS, [sentence, name, overlap])

    assert [block.tag for block in cut] == ["h2", "p", "p"]
    assert cut[0].heading == {"fr": "Titre", "en": "Title"}
    assert [(s.text, s.records) for s in cut[1].segments] == [
        ("Le ministre ", (0,)),
        ("Murat ", (0, 1)),
        ("Nurtleu", (0, 1, 2)),
        (" est", (0, 2)),
        (" venu.", (0,)),
    ]
    assert [(s.text, s.records) for s in cut[2].segments] == [("Fin.", ())]


def test_a_span_across_a_line_break_is_drawn_on_both_lines() -> None:
    across = Span(TEXT.index("venu."), TEXT.index("Fin") + 3, record=0)

    cut = blocks(TEXT, SECTIONS, [across])

    assert [(s.text, s.records) for s in cut[1].segments][-1] == ("venu.", (0,))
    assert [(s.text, s.records) for s in cut[2].segments] == [("Fin", (0,)), (".", ())]


def test_a_text_without_sections_is_one_paragraph_per_line() -> None:
    cut = blocks("a\n\nb", [], [])

    assert [(b.tag, [s.text for s in b.segments]) for b in cut] == [("p", ["a"]), ("p", ["b"])]


def test_the_records_at_an_offset_are_those_whose_spans_cover_it() -> None:
    spans = [Span(0, 10, 3), Span(5, 8, 1), Span(10, 12, 2)]

    assert covering(spans, 6) == [1, 3]
    assert covering(spans, 10) == [2]
    assert covering(spans, 12) == []
