"""Chinese identifier formats: USCC (GB 32100-2015), organisation code (GB 11714), permit number (HJ 608-2017).

Pure functions, no I/O: the loaders validate with them and the generator makes valid identifiers with them.
"""

from __future__ import annotations

import re

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_USCC_RE = re.compile(rf"^[{USCC_ALPHABET}]{{18}}$")
# The trailing letter's meaning is unconfirmed (DOMAIN.md §2): it is stored, never interpreted.
_PERMIT_RE = re.compile(rf"^([{USCC_ALPHABET}]{{18}})(\d{{3}})([A-Z])$")
OUTLET_RE = re.compile(r"^D[AW]\d{3}$")
SUFFIXED_OUTLET_RE = re.compile(r"^D[AW]\d{3}(?:[-_.][0-9A-Z]+|[0-9A-Z]+)$")  # DA008-2, DW001A: kept as given
TREATMENT_RE = re.compile(r"^T[AWNS]\d{3}$")
REGION_RE = re.compile(r"^\d{6}$")
INDUSTRY_RE = re.compile(r"^\d{2,4}$")  # GB/T 4754: a division (2 digits), group (3) or class (4)
# HJ 212-2017: water w…, air a… (z: the 折算 value), noise L…; local codes (loaders/codes/README.md): bundled
# x<medium><3 digits>, a user's declared pollutant x<6 hex digits of its name's sha1>.
HJ212_RE = re.compile(r"^[wa]\d{5}z?$")
NOISE_CODES = ("LA", "L5", "L10", "L50", "L90", "L95", "Leq", "Ldn", "Ld", "Ln", "LMx", "LMn")
LOCAL_POLLUTANT_RE = re.compile(r"^x(?:[wan]\d{3}|[0-9a-f]{6})$")
POLLUTANT_RE = re.compile(rf"^(?:[wa]\d{{5}}z?|x(?:[wan]\d{{3}}|[0-9a-f]{{6}})|{'|'.join(NOISE_CODES)})$")


def uscc_check_char(first17: str) -> str:
    """Return the GB 32100 check character for the first 17 characters of a USCC."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def org_code_check_char(first8: str) -> str:
    """Return the GB 11714 check character of an 8-character organisation code body."""
    total = sum(int(c, 36) * w for c, w in zip(first8, _ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return "X" if value == 10 else "0" if value == 11 else str(value)


def uscc_problem(code: str) -> str | None:
    """Describe why `code` is not a valid USCC, or return None when it is."""
    if len(code) != 18:
        return f"expected 18 characters, found {len(code)}"
    if not _USCC_RE.match(code):
        bad = sorted({c for c in code if c not in USCC_ALPHABET})
        return f"characters outside the USCC alphabet: {''.join(bad)}"
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        return f"check digit is {code[17]}, expected {expected}"
    return None


def is_valid_uscc(code: str) -> bool:
    """True when `code` is a well-formed USCC with a correct check digit."""
    return uscc_problem(code) is None


def make_uscc(registration: str, region: str, org_body8: str) -> str:
    """Build a valid USCC from a 2-char registration type, 6-digit region and 8-char organisation body."""
    body = registration + region + org_body8 + org_code_check_char(org_body8)
    return body + uscc_check_char(body)


def permit_problem(number: str) -> str | None:
    """Describe why `number` is not a valid HJ 608 permit number, or return None when it is."""
    m = _PERMIT_RE.match(number)
    if not m:
        return "expected 18-character USCC + 3-digit sequence + 1 letter (22 characters)"
    problem = uscc_problem(m.group(1))
    return f"embedded USCC: {problem}" if problem else None


def region_chain(code: str) -> list[str]:
    """Return the GB/T 2260 ancestors of a county/prefecture code, nearest first (without itself)."""
    chain: list[str] = []
    if code[4:] != "00":
        chain.append(code[:4] + "00")
    if code[2:] != "0000":
        chain.append(code[:2] + "0000")
    return chain


def region_code_prefix(code: str) -> str:
    """The prefix a division's counties share: 130000 → 13, 130200 → 1302, 130203 → 130203."""
    if code.endswith("0000"):
        return code[:2]
    return code[:4] if code.endswith("00") else code
