"""A re-prompt quotes the person's own words back, never the parser's placeholders (walk of 7 Dec)."""

import pytest

from camag_core.parsing import ParseError, parse_supplements


@pytest.mark.xfail(strict=True, reason="the brand placeholder leaks into the re-prompt")
def test_an_ambiguous_brand_in_a_list_is_quoted_as_typed():
    with pytest.raises(ParseError) as raised:
        parse_supplements("Tums 2 a day, 400 mg magnesium")
    assert "§" not in str(raised.value)  # it said: I couldn't read “§0  2 a day”: Which Tums is it?
    assert "tums" in str(raised.value).split(":")[0].lower()
