"""Identifier rules (pure logic)."""

import pytest

from graph import codes


def test_uscc_example_from_the_standard_is_valid() -> None:
    assert codes.uscc_problem("91130200699229617X") is None


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("91130200699229617Y", "check digit is Y, expected X"),
        ("9113020069922961", "expected 18 characters, found 16"),
        ("91130200699229617I", "characters outside the USCC alphabet: I"),
    ],
)
def test_uscc_problems_are_explained(code: str, problem: str) -> None:
    assert codes.uscc_problem(code) == problem


def test_made_usccs_pass_both_check_digits() -> None:
    uscc = codes.make_uscc("91", "310117", "7654321" + "2")
    assert codes.is_valid_uscc(uscc)
    assert uscc[8:16] == "76543212" and uscc[16] == codes.org_code_check_char("76543212")


def test_org_code_check_digit_of_the_example() -> None:
    assert codes.org_code_check_char("69922961") == "7"


def test_permit_number_embeds_a_valid_uscc() -> None:
    assert codes.permit_problem("91130200699229617X001P") is None
    assert codes.permit_problem("91130200699229617Y001P") == "embedded USCC: check digit is Y, expected X"
    assert codes.permit_problem("91130200699229617X01P") is not None


def test_region_chain_walks_up_to_the_province() -> None:
    assert codes.region_chain("310117") == ["310100", "310000"]
    assert codes.region_chain("320500") == ["320000"]
    assert codes.region_chain("320000") == []
