"""Name matching (``wcr.cases.names``): pure functions, no database.

``data/name_pairs.csv`` holds pairs of records with the expected verdict; names may hold several
variants of one person separated by ``|`` (e.g. ``Mohammed|محمد``)."""

import csv
import datetime
from pathlib import Path

import pytest

from wcr.cases.names import (
    DUPLICATE_THRESHOLD,
    REASON_CODES,
    Match,
    NameRecord,
    duplicate_score,
    is_placeholder_date,
    name_tokens,
    normalise,
    search_keys,
    skeleton,
    stored_search_keys,
)

PAIRS_FILE = Path(__file__).parent / "data" / "name_pairs.csv"


def _date(value: str) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _record(given: str, family: str, birth: str) -> NameRecord:
    return NameRecord(
        given_names=tuple(given.split("|")),
        family_names=tuple(family.split("|")),
        birth_date=_date(birth),
    )


def _load_pairs() -> list[dict[str, str]]:
    with PAIRS_FILE.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


PAIRS = _load_pairs()


def _records(row: dict[str, str]) -> tuple[NameRecord, NameRecord]:
    a = _record(row["given_a"], row["family_a"], row["birth_a"])
    b = _record(row["given_b"], row["family_b"], row["birth_b"])
    return a, b


def _describe(row: dict[str, str], match: Match) -> str:
    return (
        f"{row['note']}: {row['given_a']} {row['family_a']} ({row['birth_a'] or '?'}) vs "
        f"{row['given_b']} {row['family_b']} ({row['birth_b'] or '?'}) expected {row['expected']}, "
        f"got score {match.score:.3f} (threshold {DUPLICATE_THRESHOLD}), reasons {match.reasons}"
    )


# --- The pairs ------------------------------------------------------------------------------------


# Measured on the table by benchmarks/name_pairs.py (451 pairs, 258 of them one person): 0.946 and
# 0.740 before issue 9, 0.992 and 1.000 after. A change may not lower either below these floors.
PRECISION_FLOOR = 0.99
RECALL_FLOOR = 0.99


def test_pairs_file_covers_enough_cases() -> None:
    assert {row["expected"] for row in PAIRS} == {"match", "no_match"}
    assert sum(row["expected"] == "match" for row in PAIRS) >= 150
    assert sum(row["expected"] == "no_match" for row in PAIRS) >= 150
    assert all(row["note"] and row["source"] for row in PAIRS)
    keys = [tuple(row[k] for k in list(row)[:6]) for row in PAIRS]
    assert len(keys) == len(set(keys)), "a pair is in the table twice"


def test_precision_and_recall_on_the_table_stay_at_their_floors() -> None:
    found = [duplicate_score(*_records(row)).score >= DUPLICATE_THRESHOLD for row in PAIRS]
    expected = [row["expected"] == "match" for row in PAIRS]
    tp = sum(f and e for f, e in zip(found, expected, strict=True))
    precision = tp / sum(found)
    recall = tp / sum(expected)
    assert precision >= PRECISION_FLOOR, f"precision {precision:.3f} < {PRECISION_FLOOR}"
    assert recall >= RECALL_FLOOR, f"recall {recall:.3f} < {RECALL_FLOOR}"


def test_every_reason_on_the_table_is_a_listed_reason_code() -> None:
    seen = {reason for row in PAIRS for reason in duplicate_score(*_records(row)).reasons}
    assert seen <= REASON_CODES, seen - REASON_CODES


# Pairs the scorer is known to get wrong (they count in the precision and recall above): Elina
# is written like a spelling variant of Elena (e/i), but is a name of its own; Turcan looks like
# Turcanu with a vowel left out.
KNOWN_WRONG = {"Elena and Elina", "held-out: Turcanu and Turcan"}


@pytest.mark.parametrize(
    "row",
    [
        pytest.param(row, marks=pytest.mark.xfail(strict=True, reason="known limit"))
        if row["note"] in KNOWN_WRONG
        else row
        for row in PAIRS
    ],
    ids=[f"{i + 2}-{row['note']}" for i, row in enumerate(PAIRS)],
)
def test_pair(row: dict[str, str]) -> None:
    a, b = _records(row)
    match = duplicate_score(a, b)
    assert 0.0 <= match.score <= 1.0
    assert (match.score >= DUPLICATE_THRESHOLD) == (row["expected"] == "match"), _describe(
        row, match
    )


def test_duplicate_score_is_symmetric() -> None:
    for row in PAIRS:
        a, b = _records(row)
        assert duplicate_score(a, b) == duplicate_score(b, a), row["note"]


# --- duplicate_score rules ------------------------------------------------------------------------


def test_same_person_scores_high_and_says_why() -> None:
    match = duplicate_score(
        NameRecord(("Jussuf",), ("Al-Mansour",), datetime.date(1988, 7, 22)),
        NameRecord(("Yusuf", "يوسف"), ("Mansur",), datetime.date(1988, 7, 22)),
    )
    assert match.score >= 0.8
    assert "given_name_variant" in match.reasons
    assert "same_birth_date" in match.reasons


def test_different_real_birth_dates_keep_equal_names_below_one_half() -> None:
    a = NameRecord(("Mohammed",), ("Hassan",), datetime.date(1990, 3, 15))
    b = NameRecord(("Mohammed",), ("Hassan",), datetime.date(1990, 3, 28))  # two digits differ
    match = duplicate_score(a, b)
    assert match.score < 0.5
    assert "birth_date_differs" in match.reasons


def test_a_one_digit_typo_or_swapped_day_and_month_still_warns_and_says_so() -> None:
    a = NameRecord(("Mohammed",), ("Hassan",), datetime.date(1990, 3, 5))
    typo = duplicate_score(a, NameRecord(("Mohammed",), ("Hassan",), datetime.date(1990, 3, 6)))
    assert DUPLICATE_THRESHOLD <= typo.score < 0.8
    assert "birth_date_typo" in typo.reasons
    year = duplicate_score(a, NameRecord(("Mohammed",), ("Hassan",), datetime.date(1980, 3, 5)))
    assert "birth_date_typo" in year.reasons and year.score >= DUPLICATE_THRESHOLD
    swapped = duplicate_score(a, NameRecord(("Muhammad",), ("Hassan",), datetime.date(1990, 5, 3)))
    assert swapped.score >= DUPLICATE_THRESHOLD
    assert "birth_day_month_swapped" in swapped.reasons
    # a typo in the date does not forgive a different name
    other = NameRecord(("Mahmoud",), ("Hassan",), datetime.date(1990, 3, 6))
    assert duplicate_score(a, other).score < 0.5


def test_placeholder_date_compares_only_the_year() -> None:
    real = NameRecord(("Fatima",), ("Haidari",), datetime.date(1995, 6, 12))
    placeholder = NameRecord(("Fatima",), ("Haidari",), datetime.date(1995, 1, 1))
    other_year = NameRecord(("Fatima",), ("Haidari",), datetime.date(1996, 1, 1))
    same_year = duplicate_score(real, placeholder)
    assert same_year.score >= DUPLICATE_THRESHOLD
    assert "same_birth_year_placeholder" in same_year.reasons
    assert duplicate_score(real, other_year).score < 0.5


def test_explicit_precision() -> None:
    year_only = NameRecord(("Ali",), ("Rezaei",), datetime.date(1990, 6, 1), "year")
    exact = NameRecord(("Ali",), ("Rezaei",), datetime.date(1990, 3, 17))
    assert duplicate_score(year_only, exact).score >= DUPLICATE_THRESHOLD
    assert "same_birth_year" in duplicate_score(year_only, exact).reasons
    month = NameRecord(("Ali",), ("Rezaei",), datetime.date(1990, 3, 1), "month")
    assert duplicate_score(month, exact).score >= DUPLICATE_THRESHOLD
    other_month = NameRecord(("Ali",), ("Rezaei",), datetime.date(1990, 4, 1), "month")
    assert duplicate_score(other_month, exact).score < 0.5
    unknown = NameRecord(("Ali",), ("Rezaei",), datetime.date(1990, 3, 17), "unknown")
    assert "birth_date_unknown" in duplicate_score(unknown, exact).reasons


def test_unknown_date_lets_names_decide_but_caps_the_score() -> None:
    a = NameRecord(("Olena",), ("Shevchenko",), None)
    b = NameRecord(("Olena",), ("Shevchenko",), datetime.date(1985, 11, 2))
    match = duplicate_score(a, b)
    assert DUPLICATE_THRESHOLD <= match.score <= 0.85
    assert "birth_date_unknown" in match.reasons


def test_empty_names_do_not_fail() -> None:
    empty = NameRecord(("",), ("",), None)
    full = NameRecord(("Anna",), ("Schmidt",), None)
    assert duplicate_score(empty, full).score == 0.0
    assert duplicate_score(NameRecord((), (), None), empty).score == 0.0


def test_name_in_the_wrong_field() -> None:
    a = NameRecord(("Mohammed Hassan",), ("",), datetime.date(1990, 3, 15))
    b = NameRecord(("Muhammad",), ("Hassan",), datetime.date(1990, 3, 15))
    assert duplicate_score(a, b).score >= DUPLICATE_THRESHOLD


# --- normalise, tokens, skeleton, search keys -----------------------------------------------------


def test_normalise_umlauts_and_sharp_s() -> None:
    assert normalise("Müller") == normalise("Mueller") == normalise("Muller") == "muller"
    assert normalise("Weiß") == "weiss"
    assert normalise("Schröder") == normalise("Schroeder")


def test_normalise_accents_and_turkish_letters() -> None:
    assert normalise("Şahin Çağlar Yılmaz Doğan") == "sahin caglar yilmaz dogan"
    assert normalise("İlknur ÖZTÜRK") == "ilknur ozturk"
    assert normalise("José Núñez Hélène") == "jose nunez helene"


def test_normalise_punctuation_and_spaces() -> None:
    assert normalise("  Al-Hassan,   Muhammad ") == "al hassan muhammad"
    assert normalise("O'Brien") == "obrien"
    assert normalise("Dubois–Martin (geb. Weber)") == "dubois martin geb weber"


def test_normalise_other_scripts() -> None:
    assert normalise("Олена Шевченко") == "olena shevchenko"
    assert normalise("Юрій") == "yurii"  # Ukrainian national transliteration
    assert normalise("Ґанна Їжак Євген") == "ganna yizhak yevhen"
    assert normalise("Сергей") == "sergey"  # Russian: г is g
    assert normalise("Γεώργιος Παπαδόπουλος") == "georgios papadopoulos"
    assert normalise("محمد") == "mhmd"  # Arabic script writes no short vowels
    assert normalise("张伟") == "张伟"  # no table: kept, still equal to itself


def test_name_tokens_drop_particles_and_keep_order() -> None:
    assert name_tokens("Mohammed Al-Hassan") == ["mohammed", "hassan"]
    assert name_tokens("Ibrahim bin Abdullah") == ["ibrahim", "abd", "allah"]
    assert name_tokens("Jan van den Berg") == ["jan", "berg"]
    assert name_tokens("Maria dos Santos") == ["maria", "santos"]
    assert name_tokens("El Hasan") == ["hasan"]
    assert name_tokens("Al") == ["al"]  # only particles: kept
    assert name_tokens("Abdulrahman") == name_tokens("Abd al-Rahman") == ["abd", "rahman"]


def test_skeleton_merges_transliterations() -> None:
    assert {skeleton(w) for w in ("jussuf", "yusuf", "youssef", "jusuf", "yousef")} == {"ysf"}
    assert {skeleton(w) for w in ("mohammed", "muhammad", "mohamad", "mohamed")} == {"mhmd"}
    assert skeleton("schewtschenko") == skeleton("shevchenko")
    assert skeleton("olena") == skeleton("elena")
    assert skeleton("khalid") == skeleton("chalid") == skeleton("halid")
    assert skeleton("jamal") == skeleton("dschamal") == skeleton("djamal")
    assert skeleton("natalya") == skeleton("nataliia") == skeleton("natalija")
    assert skeleton("mehmet") == skeleton("muhammad")  # the Turkish form
    assert skeleton("hassan") != skeleton("mohammed")
    assert skeleton("") == ""


def test_search_keys_order_and_particle_insensitive() -> None:
    keys = search_keys("Hassan, Muhammad")
    assert set(search_keys("Mohammed Al-Hassan")) <= set(keys)
    assert set(search_keys("Muhammad El Hasan")) <= set(keys)
    assert set(search_keys("محمد الحسن")) <= set(keys)
    assert search_keys("Mohammed Al-Hassan") == sorted(search_keys("Mohammed Al-Hassan"))


def test_search_keys_across_scripts_and_conventions() -> None:
    cyrillic = search_keys("Олена Шевченко")
    assert cyrillic == search_keys("Olena Shevchenko") == search_keys("Schewtschenko Olena")
    assert search_keys("Elena Schewtschenko") == cyrillic
    assert search_keys("Jussuf") == search_keys("Yusuf") == search_keys("يوسف")
    person = search_keys("Yurii", "Kovalenko", "Юрій", "Коваленко")
    assert set(search_keys("Jurij Kowalenko")) <= set(person)


def test_joined_article_and_particles_are_found_both_ways() -> None:
    def finds(query: str, given: str, family: str) -> bool:
        return set(search_keys(query)) <= set(stored_search_keys(given, family))

    assert finds("Alhassan", "Mohammed", "Al-Hassan")
    assert finds("Alkhatib", "Ahmed", "Al Khatib")
    assert finds("Achmed Alchatib", "Ahmed", "Al Khatib")
    assert finds("Al-Hassan", "Omar", "Alhassan")
    assert finds("Mohammed Al Khatib", "Mohammed", "Alkhatib")
    assert finds("Vandenberg", "Jan", "van den Berg")
    assert finds("Ben Ali", "Mohamed", "Benali")
    assert not finds("Alkhatib", "Ahmed", "Al-Hassan")
    # the stored keys hold all the search keys
    assert set(search_keys("Mohammed", "Al-Hassan")) <= set(
        stored_search_keys("Mohammed", "Al-Hassan")
    )


def test_search_keys_of_several_names_are_distinct() -> None:
    keys = search_keys("Mohammed", "Muhammad", "محمد", "Al-Hassan", "Hassan")
    assert keys == ["hsn", "mhmd"]
    assert search_keys("", "  ") == []


def test_is_placeholder_date() -> None:
    assert is_placeholder_date(datetime.date(1990, 1, 1))
    assert is_placeholder_date(datetime.date(1990, 7, 1))
    assert is_placeholder_date(datetime.date(1990, 12, 31))
    assert not is_placeholder_date(datetime.date(1990, 1, 2))
    assert not is_placeholder_date(datetime.date(1990, 3, 15))
