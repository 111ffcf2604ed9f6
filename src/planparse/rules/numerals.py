"""Numeral systems that heading markers use: Chinese, Arabic, circled.

>>> read_numeral('十二', 'chinese'), read_numeral('12', 'arabic'), read_numeral('③', 'circled')
(12, 12, 3)
"""
from __future__ import annotations

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
           "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100}
_CIRCLED_ONE = 0x2460  # ①
CHINESE_NUMERAL_CHARS = frozenset(_DIGITS) | frozenset(_UNITS)  # what a Chinese numeral is written with


def chinese(text: str) -> int:
    """Value of a Chinese numeral up to the hundreds (一 → 1, 十一 → 11, 二十三 → 23).

    >>> [chinese(t) for t in ('一', '十', '十一', '二十', '二十三', '一百零五')]
    [1, 10, 11, 20, 23, 105]
    >>> chinese('二三')
    Traceback (most recent call last):
    ValueError: not a Chinese numeral: '二三'
    """
    total, digit = 0, None
    for ch in text:
        if ch in "零〇" and total:  # a placeholder: 一百零五
            continue
        if ch in _DIGITS:
            if digit is not None:  # 二三: two digits without a unit between them
                raise ValueError(f"not a Chinese numeral: {text!r}")
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + (digit or 0)


def to_chinese(number: int) -> str:
    """The Chinese numeral of 1 … 99, as headings write it (another number in digits).

    >>> [to_chinese(n) for n in (1, 10, 11, 20, 23)]
    ['一', '十', '十一', '二十', '二十三']
    """
    digits = "零一二三四五六七八九"
    if not 0 <= number < 100:  # (no plan numbers its headings so far: written as digits)
        return str(number)
    tens, ones = divmod(number, 10)
    if not tens:
        return digits[ones]
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def to_circled(number: int) -> str:
    """The circled number of 1 … 20 (another number in digits).

    >>> to_circled(1), to_circled(20), to_circled(21)
    ('①', '⑳', '21')
    """
    return chr(_CIRCLED_ONE + number - 1) if 1 <= number <= 20 else str(number)


def circled(text: str) -> int:
    """Value of a circled number ① … ⑳."""
    value = ord(text) - _CIRCLED_ONE + 1
    if not 1 <= value <= 20:
        raise ValueError(f"not a circled number: {text!r}")
    return value


def arabic(text: str) -> int:
    return int(text)


def auto(text: str) -> int:
    """Arabic digits when the numeral has them, Chinese otherwise."""
    return int(text) if text.isdigit() else chinese(text)


SYSTEMS = {"chinese": chinese, "arabic": arabic, "circled": circled, "auto": auto}


def read_numeral(text: str, system: str) -> int:
    return SYSTEMS[system](text)
