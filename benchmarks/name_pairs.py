"""Precision and recall of the duplicate check on the tested table of name pairs, and its time.

    .venv/bin/python benchmarks/name_pairs.py            # wcr.cases.names only
    .venv/bin/python benchmarks/name_pairs.py --compare  # and the library approaches found

The table is ``wcr/cases/tests/data/name_pairs.csv`` (the test ``test_names.py`` asserts the floors
recorded there). A pair counts as found when ``duplicate_score`` reaches ``DUPLICATE_THRESHOLD``.

``--compare`` measures, on the same table and with the same birth-date rules, other ways to score
the names (each only when its library can be imported; they are not dependencies of the project,
see docs/decisions.md): ICU's transliterators (PyICU: Russian/Ukrainian/Arabic BGN/PCGN, then
Any-Latin) with rapidfuzz's similarity, ``names.normalise`` with rapidfuzz, and Beider-Morse
phonetic keys (abydos). Time is per compared pair, cold (caches emptied before the pass) and warm
(the same pass again).

Prints one line per approach:

    NAMES approach=… pairs=… match_pairs=… precision=… recall=… f1=… us_per_pair=… us_per_pair_warm=…
"""

from __future__ import annotations

import csv
import datetime
import functools
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wcr.cases import names

PAIRS_FILE = ROOT / "wcr" / "cases" / "tests" / "data" / "name_pairs.csv"

NameScorer = Callable[[names.NameRecord, names.NameRecord], tuple[float, list[str]]]


def load_pairs() -> list[dict[str, str]]:
    with PAIRS_FILE.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def record(given: str, family: str, birth: str) -> names.NameRecord:
    return names.NameRecord(
        given_names=tuple(given.split("|")),
        family_names=tuple(family.split("|")),
        birth_date=datetime.date.fromisoformat(birth) if birth else None,
    )


def records(row: dict[str, str]) -> tuple[names.NameRecord, names.NameRecord]:
    return (
        record(row["given_a"], row["family_a"], row["birth_a"]),
        record(row["given_b"], row["family_b"], row["birth_b"]),
    )


@functools.cache
def _pairs_records() -> list[tuple[names.NameRecord, names.NameRecord, bool]]:
    return [(*records(row), row["expected"] == "match") for row in load_pairs()]


def clear_caches() -> None:
    names._SIM_CACHE.clear()
    for value in vars(names).values():
        if hasattr(value, "cache_clear"):
            value.cache_clear()


def evaluate(
    scorer: NameScorer | None = None,
    translit: Callable[[str, bool], tuple[tuple[str, bool], ...]] | None = None,
) -> dict[str, float]:
    """Precision, recall and time per pair; ``scorer`` replaces the name part of the score,
    ``translit`` the transliteration of one word (``names._translit_word``)."""
    pairs = _pairs_records()
    original = names._name_score
    original_translit = names._translit_word
    if scorer is not None:
        names._name_score = scorer
    if translit is not None:
        names._translit_word = translit  # type: ignore[assignment]
    try:
        clear_caches()
        found: list[bool] = []
        start = time.perf_counter()
        for a, b, _ in pairs:
            found.append(names.duplicate_score(a, b).score >= names.DUPLICATE_THRESHOLD)
        elapsed = time.perf_counter() - start
        start = time.perf_counter()
        for a, b, _ in pairs:  # again, with the caches filled (a process that has scored before)
            names.duplicate_score(a, b)
        warm = time.perf_counter() - start
    finally:
        names._name_score = original
        names._translit_word = original_translit
        clear_caches()
    tp = sum(f and e for f, (_, _, e) in zip(found, pairs, strict=True))
    fp = sum(f and not e for f, (_, _, e) in zip(found, pairs, strict=True))
    fn = sum(not f and e for f, (_, _, e) in zip(found, pairs, strict=True))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "pairs": len(pairs),
        "match_pairs": tp + fn,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "us_per_pair": elapsed / len(pairs) * 1e6,
        "us_per_pair_warm": warm / len(pairs) * 1e6,
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def misses(scorer: NameScorer | None = None) -> list[tuple[str, dict[str, str], names.Match]]:
    """The rows the scorer gets wrong: (``missed`` or ``false alarm``, row, match)."""
    original = names._name_score
    if scorer is not None:
        names._name_score = scorer
    try:
        out = []
        for row in load_pairs():
            a, b = records(row)
            match = names.duplicate_score(a, b)
            found = match.score >= names.DUPLICATE_THRESHOLD
            if found != (row["expected"] == "match"):
                out.append(("missed" if not found else "false alarm", row, match))
        return out
    finally:
        names._name_score = original


# --- Library approaches (only for --compare) ------------------------------------------------------


def _field_product(
    a: names.NameRecord,
    b: names.NameRecord,
    similar: Callable[[tuple[str, ...], tuple[str, ...]], float],
) -> tuple[float, list[str]]:
    """The best of given-with-given times family-with-family and the swapped comparison."""
    straight = similar(a.given_names, b.given_names) * similar(a.family_names, b.family_names)
    swapped = similar(a.given_names, b.family_names) * similar(a.family_names, b.given_names)
    return max(straight, swapped * 0.97), ["library"]


def icu_rapidfuzz_scorers() -> dict[str, NameScorer]:
    import icu  # PyICU
    from rapidfuzz import fuzz
    from rapidfuzz.distance import JaroWinkler

    latin = icu.Transliterator.createInstance("Any-Latin; Latin-ASCII; Lower")
    by_script = {
        "uk": icu.Transliterator.createInstance("Ukrainian-Latin/BGN"),
        "ru": icu.Transliterator.createInstance("Russian-Latin/BGN"),
        "ar": icu.Transliterator.createInstance("Arabic-Latin/BGN"),
    }

    @functools.lru_cache(maxsize=65536)
    def translit(text: str) -> str:
        if any("\u0400" <= ch <= "\u04ff" for ch in text):
            text = by_script["uk" if any(ch in "іїєґІЇЄҐ" for ch in text) else "ru"].transliterate(
                text
            )
        elif any("\u0600" <= ch <= "\u06ff" for ch in text):
            text = by_script["ar"].transliterate(text)
        return " ".join(latin.transliterate(text).replace("-", " ").split())

    def best(
        func: Callable[[str, str], float],
    ) -> Callable[[tuple[str, ...], tuple[str, ...]], float]:
        def similar(x: tuple[str, ...], y: tuple[str, ...]) -> float:
            return max(
                (func(translit(p), translit(q)) for p in x if p for q in y if q), default=0.0
            )

        return similar

    def token_sort(p: str, q: str) -> float:
        return fuzz.token_sort_ratio(p, q) / 100

    def jaro(p: str, q: str) -> float:
        return JaroWinkler.similarity(" ".join(sorted(p.split())), " ".join(sorted(q.split())))

    return {
        "icu_bgn+rapidfuzz_token_sort": lambda a, b: _field_product(a, b, best(token_sort)),
        "icu_bgn+rapidfuzz_jaro_winkler": lambda a, b: _field_product(a, b, best(jaro)),
    }


def wcr_translit_rapidfuzz_scorer() -> dict[str, NameScorer]:
    from rapidfuzz.distance import JaroWinkler

    def similar(x: tuple[str, ...], y: tuple[str, ...]) -> float:
        return max(
            (
                JaroWinkler.similarity(
                    " ".join(sorted(names.name_tokens(p))), " ".join(sorted(names.name_tokens(q)))
                )
                for p in x
                if p
                for q in y
                if q
            ),
            default=0.0,
        )

    return {"wcr_normalise+rapidfuzz_jaro_winkler": lambda a, b: _field_product(a, b, similar)}


def beider_morse_scorer() -> dict[str, NameScorer]:
    from abydos.phonetic import BeiderMorse

    bmpm = BeiderMorse(name_mode="gen", match_mode="approx")

    @functools.lru_cache(maxsize=65536)
    def codes(word: str) -> frozenset[str]:
        return frozenset(bmpm.encode(word).split())

    def similar(x: tuple[str, ...], y: tuple[str, ...]) -> float:
        best = 0.0
        for p in x:
            for q in y:
                tp, tq = names.name_tokens(p), names.name_tokens(q)  # Latin letters first
                if not tp or not tq:
                    continue
                hits = sum(any(codes(u) & codes(v) for v in tq) for u in tp)
                if hits == len(tp) == len(tq):
                    best = max(best, 1.0)
                elif hits == min(len(tp), len(tq)):
                    best = max(best, 0.9)
        return best

    return {"beider_morse(abydos)+wcr_normalise": lambda a, b: _field_product(a, b, similar)}


def icu_translit_for_wcr() -> Callable[[str, bool], tuple[tuple[str, bool], ...]]:
    """``names._translit_word`` with ICU's BGN/PCGN transliterators for Cyrillic and Arabic script
    instead of the hand-written tables; the rest of wcr.cases.names as it is."""
    import icu  # PyICU

    uk = icu.Transliterator.createInstance("Ukrainian-Latin/BGN; Latin-ASCII; Lower")
    ru = icu.Transliterator.createInstance("Russian-Latin/BGN; Latin-ASCII; Lower")
    ar = icu.Transliterator.createInstance("Arabic-Latin/BGN; Latin-ASCII; Lower")
    own = names._translit_word.__wrapped__  # type: ignore[attr-defined]

    @functools.lru_cache(maxsize=65536)
    def translit(word: str, ukrainian: bool) -> tuple[tuple[str, bool], ...]:
        if any("\u0400" <= ch <= "\u04ff" for ch in word):
            word = (uk if ukrainian else ru).transliterate(word)
        elif any("\u0600" <= ch <= "\u06ff" for ch in word):
            return tuple((w, True) for w in ar.transliterate(word).replace("-", " ").split())
        return tuple(own(word, ukrainian))

    return translit


def library_scorers() -> dict[str, NameScorer]:
    found: dict[str, NameScorer] = {}
    for factory in (icu_rapidfuzz_scorers, wcr_translit_rapidfuzz_scorer, beider_morse_scorer):
        try:
            found.update(factory())
        except ImportError as error:
            print(f"# {factory.__name__}: not measured ({error})", flush=True)
    return found


def line(name: str, result: dict[str, Any]) -> str:
    return (
        f"NAMES approach={name} pairs={result['pairs']} match_pairs={result['match_pairs']} "
        f"precision={result['precision']:.3f} recall={result['recall']:.3f} "
        f"f1={result['f1']:.3f} us_per_pair={result['us_per_pair']:.0f} "
        f"us_per_pair_warm={result['us_per_pair_warm']:.0f}"
    )


def main(argv: list[str]) -> None:
    print(line("wcr.cases.names", evaluate()), flush=True)
    if "--misses" in argv:
        for kind, row, match in misses():
            print(
                f"# {kind}: {row['given_a']} {row['family_a']} ({row['birth_a']}) / "
                f"{row['given_b']} {row['family_b']} ({row['birth_b']}) "
                f"{match.score:.2f} {','.join(match.reasons)} [{row['note']}]"
            )
    if "--compare" in argv:
        try:
            print(line("wcr_rules+icu_bgn_translit", evaluate(translit=icu_translit_for_wcr())))
        except ImportError as error:
            print(f"# icu_translit_for_wcr: not measured ({error})", flush=True)
        for name, scorer in library_scorers().items():
            print(line(name, evaluate(scorer)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
