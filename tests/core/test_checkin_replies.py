"""Typed replies to a check-in's "Did you take it?" that a new-user walk found misread.

Each is marked xfail(strict=True): it documents the bug and turns red once fixed, so whoever
fixes it removes the mark.
"""

import pytest

from camag_core.daily import Status, read_status


@pytest.mark.xfail(strict=True, reason="typed check-in replies misread (walk of 7 Dec)")
@pytest.mark.parametrize(
    ("typed", "status"),
    [
        ("yes", Status.ALL),  # the plain answer to "Did you take it?": no reply is understood
        ("yes I did", Status.ALL),
        ("nope", Status.NONE),
        ("took both with lunch", Status.ALL),
        ("didn't forget, took them all", Status.ALL),  # read as none
        ("I did not skip, took everything", Status.ALL),  # read as skipped
        ("took all but one", Status.SOME),  # read as all
        ("I took my morning ones but forgot the evening", Status.SOME),  # read as none
        ("half of them, the other half I forgot", Status.SOME),  # read as none
    ],
)
def test_a_typed_check_in_reply_is_read_as_meant(typed, status):
    assert read_status(typed) is status
