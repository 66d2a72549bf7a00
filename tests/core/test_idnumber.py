"""Resident ID numbers (GB 11643) through core.idnumber.parse, with real valid numbers."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from stdnum.cn import ric

from gongzhi.core.idnumber import normalize, parse


def valid(first17: str) -> str:
    """Complete 17 digits with their ISO 7064 MOD 11-2 check character."""
    return first17 + ric.calc_check_digit(first17 + "0")


def test_known_valid_number_with_x():
    info = parse("11010519491231002X")
    assert info.birth_date == datetime.date(1949, 12, 31)
    assert info.sex == "F"  # sequence 002: even
    assert info.area_code == "110105"
    assert info.warnings == []


def test_computed_valid_number_male():
    number = valid("11010519900307001")  # sequence 001: odd
    info = parse(number)
    assert info.number == number
    assert info.sex == "M"
    assert info.birth_date == datetime.date(1990, 3, 7)


def test_lower_case_x_is_accepted():
    assert parse("11010519491231002x").number == "11010519491231002X"


def test_full_width_digits_and_spaces_are_accepted():
    assert parse("１１０１０５ １９４９１２３１ ００２Ｘ").number == "11010519491231002X"
    assert parse(" 110105 19491231 002X ").number == "11010519491231002X"
    assert normalize("1101 0519\u3000491231002x") == "11010519491231002X"


def _code(value):
    with pytest.raises(ValidationError) as info:
        parse(value)
    return info.value.code


def test_wrong_check_digit():
    good = valid("11010519900307001")
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    assert _code(wrong) == "checksum"


def test_impossible_date():
    assert _code(valid("11010519900230001")) == "birth_date"  # 30 February


def test_future_date():
    future = datetime.date.today() + datetime.timedelta(days=400)
    assert _code(valid(f"110105{future:%Y%m%d}001")) == "future"


def test_length_and_format_errors():
    assert _code("") == "required"
    assert _code("1101051949123100") == "length"
    assert _code("11010519491231002Y") == "format"
    assert _code("X10105194912310021") == "format"


def test_unknown_area_code_is_a_warning_not_an_error():
    number = valid("99999919900307001")
    info = parse(number)
    assert info.number == number
    assert len(info.warnings) == 1 and "999999" in info.warnings[0]


def test_error_messages_are_translated():
    from django.utils import translation

    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as info:
            parse("123")
    assert "身份证号码应为 18 位" in info.value.messages[0]


def test_area_code_known_without_county_is_valid_without_warning():
    # stdnum's table lists 620201 (嘉峪关市市辖区) without a county name; it used to raise
    # KeyError inside stdnum, which would have been a 500.
    body = "62020119800101001"
    number = body + ric.calc_check_digit(body + "0")
    info = parse(number)
    assert info.warnings == []
    assert info.area_code == "620201"
