from etl.extract.text import fold_whitespace, paragraph_spans, sentence_spans


def sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in sentence_spans(text)]


def test_sentences_split_at_stops_and_lines() -> None:
    text = (
        "The opening trial session on 16 October was adjourned until 24 November. \n\n"
        "In the past four months alone, at least 14 NGOs were suspended.\n"
        "Background\n"
        "  • By 17 April 2020, the NYPD had spent $5 million. \n"
        "“It is deeply alarming,” said Erika Guevara-Rosas. She added more."
    )
    assert sentences(text) == [
        "The opening trial session on 16 October was adjourned until 24 November.",
        "In the past four months alone, at least 14 NGOs were suspended.",
        "Background",
        "• By 17 April 2020, the NYPD had spent $5 million.",
        "“It is deeply alarming,” said Erika Guevara-Rosas.",
        "She added more.",
    ]


def test_abbreviations_and_initials_do_not_end_sentences() -> None:
    text = (
        "Amnesty International, S.T.O.P. and partners sued. Dr. Ahmed met Mr. J. Smith in the "
        "U.S. capital on Jan. 5. The workbook Vol. 3 is out."
    )
    assert sentences(text) == [
        "Amnesty International, S.T.O.P. and partners sued.",
        "Dr. Ahmed met Mr. J. Smith in the U.S. capital on Jan. 5.",
        "The workbook Vol. 3 is out.",
    ]


def test_a_lowercase_continuation_is_not_a_new_sentence() -> None:
    assert sentences("It was 5 p.m. when police came. Then they left.") == [
        "It was 5 p.m. when police came.",
        "Then they left.",
    ]


def test_paragraphs() -> None:
    text = "First para.\nStill first.\n\n\nSecond para.\n \nThird."
    assert [text[p.start : p.end] for p in paragraph_spans(text)] == [
        "First para.\nStill first.",
        "Second para.",
        "Third.",
    ]


def test_fold_whitespace() -> None:
    assert fold_whitespace("  a\u00a0b\n\n c\t") == "a b c"
