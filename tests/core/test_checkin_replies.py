"""Typed replies to a check-in's "Did you take them?", read as a person means them: a yes alone,
a miss denied ("didn't forget"), a day partly taken ("all but one", "the morning ones but not the
evening"), in each language CaMag speaks."""

import pytest

from camag_core.daily import Status, read_status


@pytest.mark.parametrize(
    ("typed", "status"),
    [
        ("yes", Status.ALL),  # the plain answer to "Did you take them?"
        ("Yes I did!", Status.ALL),
        ("да", Status.ALL),
        ("ja", Status.ALL),
        ("sí", Status.ALL),
        ("nope", Status.NONE),
        ("no", Status.NONE),
        ("took both with lunch", Status.ALL),
        ("didn't forget, took them all", Status.ALL),  # had been read as none
        ("I did not skip, took everything", Status.ALL),  # had been read as skipped
        ("I forgot nothing", Status.ALL),
        ("nicht vergessen, alle genommen", Status.ALL),
        ("no olvidé, las tomé todas", Status.ALL),
        ("не забыла, всё выпила", Status.ALL),
        ("took all but one", Status.SOME),  # had been read as all
        ("I took my morning ones but forgot the evening", Status.SOME),  # had been read as none
        ("half of them, the other half I forgot", Status.SOME),  # had been read as none
        ("skipped the calcium, took the rest", Status.SOME),
        ("forgot them", Status.NONE),  # "them" alone is not a taking
        ("missed them", Status.NONE),
        ("took none", Status.NONE),
        ("forgot to take them", Status.NONE),
        ("i did not", Status.NONE),
        ("skipped today", Status.SKIPPED),
        ("not all", Status.SOME),  # had been read as all
        ("not all of them", Status.SOME),
        ("didn't take all of them", Status.SOME),
        ("have not taken them", Status.NONE),  # had been read as all
        ("haven't taken them yet", Status.NONE),
        ("did you?", None),  # a question, not an answer (had been read as all)
        ("not yet", None),
        ("hello", None),
        ("12", None),
    ],
)
def test_a_typed_check_in_reply_is_read_as_meant(typed, status):
    assert read_status(typed) is status
