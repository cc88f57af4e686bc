"""Names, phone numbers and plates made comparable: the keys two spellings of one
identifier share.

Belgian and Dutch case files write the same name, number or plate differently ("Noël" and
"NOEL", "van der Berg" and "Vanderberg", "+31 6 0000 5120" and "06 0000 5120", "1-TVX-905"
and "1 tvx 905"). The explorer's search matches on these keys; anything else that compares
identifiers should use the same ones. Phone numbers are read by phonenumbers
(libphonenumber) and edit distances are rapidfuzz's, so neither is a hand-kept table here.
"""

from __future__ import annotations

import re
import unicodedata

import phonenumbers
from phonenumbers import NumberParseException
from rapidfuzz.distance import OSA

#: Name particles (Dutch, Flemish, French, German) a searcher may leave out or add.
PARTICLES = frozenset({"van", "de", "der", "den", "het", "t", "ter", "ten", "te", "op", "in",
                       "vanden", "vander", "vd", "la", "le", "du", "des", "d", "von", "zu"})
#: Where a phone written without a calling code may be from: the domain's two countries.
HOME_REGIONS = ("BE", "NL")
_FOLD_EXTRA = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d",
                             "þ": "th", "ı": "i"})
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_WORD = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """``text`` without diacritics, case folded: "Noël" and "NOEL" both give "noel"."""
    text = text.casefold()
    if text.isascii():
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).translate(_FOLD_EXTRA)


def tokens(text: str) -> tuple[str, ...]:
    """The folded words of ``text``: "J. van der Berg-Smit" -> j, van, der, berg, smit."""
    return tuple(_WORD.findall(fold(text)))


def joined_tokens(text: str) -> tuple[str, ...]:
    """Extra spellings a searcher may type as one word: "Pieter-Jan" as "pieterjan",
    "van der Berg" as "vanderberg" and "derberg"."""
    folded = fold(text)
    flat = _WORD.findall(folded)
    extra = ["".join(w) for w in (_WORD.findall(chunk) for chunk in folded.split())
             if len(w) > 1]
    for i, token in enumerate(flat[:-1]):
        if token in PARTICLES:
            end = next((j for j in range(i + 1, len(flat)) if flat[j] not in PARTICLES), None)
            if end is not None:
                extra.append("".join(flat[i:end + 1]))
    return tuple(dict.fromkeys(t for t in extra if t not in flat))


def phone_key(text: str) -> tuple[str | None, str] | None:
    """(calling code or None, national number) of a phone number, for matching on digits.

    "+31 6 0000 5120", "0031 6-0000 5120" and "06 0000 5120" all give national number
    600005120 (the first two with code 31); None when there are fewer than 6 digits.
    """
    code, digits = national_digits(text)
    return (code, digits) if len(digits) >= 6 else None


def national_digits(text: str) -> tuple[str | None, str]:
    """The calling code and the national number libphonenumber reads after it ("(0)" and
    trunk 0 dropped), or, without a code, None and the digits after the trunk 0. An unknown
    code stays in the digits; a known one with under two digits after it is no number yet."""
    digits, number = _read(text)
    if number is None:
        return None, digits.lstrip("0")
    if isinstance(number, NumberParseException):
        return None, "" if number.error_type == number.TOO_SHORT_NSN else digits.removeprefix("00")
    return str(number.country_code), str(number.national_number)


def _read(text: str) -> tuple[str, phonenumbers.PhoneNumber | NumberParseException | None]:
    """The digits of ``text`` and, if it is written with + or 00, the number libphonenumber
    reads in them or why it reads none (digits only: it reads "(werk)" as keypad letters)."""
    digits = re.sub(r"\D", "", text)
    if not (text.strip().startswith("+") or digits.startswith("00")):
        return digits, None
    try:
        return digits, phonenumbers.parse("+" + digits.removeprefix("00"))
    except NumberParseException as error:
        return digits, error


def phone_country(text: str) -> str | None:
    """The country (ISO code) of a phone: its calling code's, or where one code serves several
    by its digits (+599 7 is Bonaire, +1 416 Canada); written without a code, the one home
    region (BE or NL) where it is a valid number. None for non-geographic codes (+800)."""
    digits, number = _read(text)
    if isinstance(number, phonenumbers.PhoneNumber):
        region = (phonenumbers.region_code_for_number(number)
                  or phonenumbers.region_code_for_country_code(number.country_code))
        return region if region not in ("ZZ", "001") else None
    homes = [r for r in HOME_REGIONS if number is None and 6 <= len(digits) <= 17
             and phonenumbers.is_valid_number(phonenumbers.parse(digits, r))]
    return homes[0] if len(homes) == 1 else None


def phone_e164(text: str, region: str | None = None) -> str | None:
    """A phone number in E.164 ("+32470123456"), read as libphonenumber reads it: with its
    calling code when it is written with + or 00, else as a national number of the first of
    ``region`` (the case file's country), BE and NL where it is a valid number, or failing
    that of ``region``. None when no reading gives a possible number: the number is then kept
    as written only."""
    digits, number = _read(text)
    if number is None and 6 <= len(digits) <= 17:
        readings = [phonenumbers.parse(digits, r) for r in
                    dict.fromkeys(c for c in (region, *HOME_REGIONS) if c)]
        valid = [n for n in readings if phonenumbers.is_valid_number(n)]
        number = valid[0] if valid else (readings[0] if region else None)
    if not isinstance(number, phonenumbers.PhoneNumber) or \
            not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def registration_number(text: str, country: str | None) -> str:
    """A company's registration number with its country: "BE0403170701" for the KBO/BCE
    number 0403.170.701 (python-stdnum checks its mod-97 check digits), "NL12345678" for a
    KvK number (8 digits, no check digit). ``ValueError`` says what was expected."""
    from stdnum.be import vat
    from stdnum.exceptions import ValidationError

    if country == "BE":
        try:
            return "BE" + vat.validate(text)
        except ValidationError:
            raise ValueError(f"expected a KBO/BCE number such as 0403.170.701 (10 digits "
                             f"whose last two check the first eight), got {text!r}") from None
    if country == "NL":
        digits = re.sub(r"[\s.-]", "", text)
        if not re.fullmatch(r"\d{8}", digits):
            raise ValueError(f"expected a KvK number of 8 digits, got {text!r}")
        return "NL" + digits
    compact = re.sub(r"[^A-Z0-9]", "", fold(text).upper())
    return f"{country or ''}{compact}" if compact else _no_registration(text)


def _no_registration(text: str) -> str:
    raise ValueError(f"expected a registration number, got {text!r}")


def plate_key(text: str) -> str:
    """A plate as letters and digits only, upper case: "1-tvx 905" -> "1TVX905"."""
    return re.sub(r"[^A-Z0-9]", "", fold(text).upper())


def typo_distance(a: str, b: str, limit: int) -> int:
    """Edits (insert, delete, substitute, swap two neighbours: rapidfuzz's optimal string
    alignment) from ``a`` to ``b``, or ``limit + 1`` when there are more than ``limit``."""
    return OSA.distance(a, b, score_cutoff=limit)


def allowed_typos(token: str) -> int:
    """Small typos only on longer words: none under 4 letters, one up to 7, two from 8;
    none in numbers (2014 is not 2018)."""
    if len(token) < 4 or any(c.isdigit() for c in token):
        return 0
    return 1 if len(token) < 8 else 2


#: the stored property beside an identifier that holds its normal form: ``number_normal``
NORMAL_SUFFIX = "_normal"


def normal_form(kind: str, text: str, country: str | None) -> str | None:
    """The normal form of an identifier of ``kind`` (``values.IDENTIFIER_TYPES``) written as
    ``text``, in ``country`` (the entity's or the case file's): a phone in E.164, a plate in
    capitals and digits, a registration number with its country. None when a phone cannot be
    read; ``ValueError`` saying what was expected for a registration number that is wrong."""
    if kind == "phone":
        return phone_e164(text, country)
    if kind == "plate":
        return plate_key(text) or None
    return registration_number(text, country)
