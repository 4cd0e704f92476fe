import pytest
from django.core.exceptions import ValidationError

from portal.validators import enterprise_number_is_valid, normalize_enterprise_number, validate_enterprise_number


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
