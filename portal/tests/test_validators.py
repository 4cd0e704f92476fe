import pytest
from django.core.exceptions import ValidationError

from portal.validators import (
    enterprise_number_is_valid,
    format_phone_number,
    normalize_enterprise_number,
    normalize_phone_number,
    validate_enterprise_number,
    validate_phone_number,
)


@pytest.mark.parametrize("number", ["0417.497.106", "0202.239.951", "0203.201.340"])
def test_real_enterprise_numbers_pass_the_modulo_97_check(number):
    assert enterprise_number_is_valid(number)
    validate_enterprise_number(number)


def test_a_wrong_check_digit_is_refused_with_a_dutch_message():
    with pytest.raises(ValidationError) as error:
        validate_enterprise_number("0417.497.107")
    assert "controlecijfers" in error.value.messages[0]


@pytest.mark.parametrize("number", ["417.497.106", "0417497106", "04174971060", "abc", ""])
def test_badly_formatted_numbers_are_refused(number):
    with pytest.raises(ValidationError):
        validate_enterprise_number(number)


@pytest.mark.parametrize("raw", ["0417497106", "BE 0417.497.106", "BE0417 497 106", "417497106"])
def test_common_notations_are_normalised_to_the_dotted_form(raw):
    assert normalize_enterprise_number(raw) == "0417.497.106"


def test_check_digits_are_97_not_00_when_the_first_eight_digits_are_a_multiple_of_97():
    assert enterprise_number_is_valid("0000.000.097")
    assert not enterprise_number_is_valid("0000.000.000")


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("+32 2 504 87 11", "+3225048711"),
        ("02 504 87 11", "+3225048711"),
        ("+32 (0)2 504 87 11", "+3225048711"),
        ("0470 12 34 56", "+32470123456"),
        ("+1 212 555 0100", "+12125550100"),
    ],
)
def test_belgian_and_international_phone_numbers_pass_and_are_stored_as_e164(written, stored):
    validate_phone_number(written)
    assert normalize_phone_number(written) == stored


@pytest.mark.parametrize("written", ["abc", "123", "02 504 87", "+32 2 504 87 11 12"])
def test_what_is_no_phone_number_is_refused_and_left_as_written(written):
    with pytest.raises(ValidationError, match="geldig telefoonnummer"):
        validate_phone_number(written)
    assert normalize_phone_number(written) == written


def test_a_stored_phone_number_reads_with_spaces():
    assert format_phone_number("+3225048711") == "+32 2 504 87 11"
    assert format_phone_number("abc") == "abc"
