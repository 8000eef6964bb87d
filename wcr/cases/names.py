"""Name matching for people whose names come in several scripts and transliterations.

Pure Python (standard library only, no Django): the case workbench uses it to search persons and to
warn about likely duplicates; the synthetic-data generator uses it for 250 000 persons in bulk.

Why "Jusuf" finds "Yusuf"
=========================

The same person is written "Юсуф", "Jussuf" (German office), "Yusuf" (English), "Youssef" (French)
or "يوسف" (Arabic script). Every spelling goes through three steps:

1. ``normalise`` writes the text in plain lower-case Latin letters: Cyrillic, Arabic and Greek are
   transliterated, accents are dropped (``Ş``→``s``, ``é``→``e``, ``ß``→``ss``, ``ü``→``u`` and the
   German ``ue``→``u``, so "Müller" = "Mueller" = "Muller"), hyphens and punctuation become spaces.
2. ``name_tokens`` splits the name into words and drops particles that are written or left out at
   will (al, el, bin, ibn, abu, van, von, de, da, dos, ...): "Al-Hassan" and "Hassan" give the same
   word, "Abdulrahman" and "Abd al-Rahman" both give ``abd`` + ``rahman``.
3. ``skeleton`` reduces each word to a short phonetic key, its consonant skeleton. The letters that
   transliteration conventions disagree on are merged into one sound, and the vowels - which
   differ most between conventions and which Arabic script does not write at all - are dropped:

   =============================  ============================================================
   spellings                      key sound
   =============================  ============================================================
   j, y, dj, dsch, dzh            ``y``    Jussuf/Yusuf, Jamal/Dschamal/Djamal
   sh, sch, s, z, ts, tz, zh, ß   ``s``    Shevchenko/Schewtschenko, Schulz/Schultz
   ch, tsch, tch, kh, h           ``h``    Khalid/Chalid/Halid, Shevchenko/Schewtschenko
   w, v                           ``v``    Iwan/Ivan
   ph, f                          ``f``    Joseph/Josef
   k, c (hard), ck, q, x=ks       ``k``    Tariq/Tarik, Alexander/Oleksandr
   th, dh, dt                     ``t`` / ``d``
   gh                             ``g``    Ghassan/Gassan
   =============================  ============================================================

   Doubled letters count once (Hassan/Hasan), a final t or p is the same as d or b (Turkish
   Ahmet/Ahmed, Zeynep/Zainab), a final h is silent (Fatimah/Fatima, Abdullah/Abdulla), a y or j
   between a consonant and a vowel is a soft i (Natalya/Natalia/Natalija/Наталія), and a word that
   starts with a vowel keeps one ``a`` as a marker (Olena/Elena/Олена -> ``aln``).

   So "Jussuf", "Yusuf", "Youssef", "Jusuf", "Юсуф" and "يوسف" all have the key ``ysf``, and
   "Mohammed", "Muhammad", "Mohamad" and "محمد" the key ``mhmd`` - as has "Mehmet", the Turkish
   form of Muhammad, through a small table of such names.

   Arabic script writes long vowels (ا و ي) but not short ones, so "محمد" becomes ``mhmd`` and
   "يوسف" ``yusf``; ``ال`` and ``عبد`` become words of their own (al, abd), and a Persian final ه
   is a vowel (فاطمه = Fatemeh). Ukrainian text (recognised by і ї є ґ) uses the Ukrainian national
   transliteration (г = h, и = y: "Юрій" -> ``yurii``), other Cyrillic the Russian one (г = g).

``search_keys`` gives the distinct keys of all words of all name variants of a person; they are
stored in one search column, and a search finds a person when every key of the query is among the
person's keys - in any order, with or without particles, in any script.

The key is deliberately coarse: a search should rather show one person too many than miss the one
the counsellor is looking for ("Mahmoud" has the same key as "Mohammed", "Sara" as "Zara"). It does
not forgive typing errors - that is the job of the duplicate check below.

Duplicates
==========

``duplicate_score`` is finer. Two words count as the same name when they are equal, or when their
keys are equal *and* their vowels fit together (o~u, a~e, e~i, o~e, u~e, ei~ai~ay~i, a written long
vowel of Arabic script must be a vowel in the Latin spelling): Mohammed/Muhammad and Olena/Elena are
variants, but Mahmoud/Mohammed, Hassan/Hussein and Lea/Leo are not. One typing error in a word of
five or more letters (two in one of nine or more) counts as a variant; a different ending such as
Ivanov/Ivanova, Daniel/Daniela or Maria/Mario does not (twins!). The Ukrainian h and the Russian g
are the same letter (Serhii/Sergei, Olha/Olga). Given and family names are compared as sets of words
(order does not matter, a left-out middle name costs a little, a different one a lot), also
crosswise (names swapped) and all together (a name in the wrong field).

The birth date weighs heavily: two different precise dates keep the score below 0.5 even for equal
names, because "Mohammed Hassan" is a common name. Dates that authorities use as placeholders when
only the year is known (1 January, 1 July, 31 December) count only with their year.
"""

from __future__ import annotations

import datetime
import functools
import math
import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "DUPLICATE_THRESHOLD",
    "REASON_CODES",
    "Match",
    "NameRecord",
    "duplicate_score",
    "is_placeholder_date",
    "name_tokens",
    "normalise",
    "search_keys",
    "skeleton",
    "slipped_dates",
    "stored_search_keys",
]

DUPLICATE_THRESHOLD = 0.6
"""The caller warns about a likely duplicate at or above this score."""

REASON_CODES = frozenset(
    {
        # the names
        "same_name",
        "given_name_variant",
        "family_name_variant",
        "name_variant",
        "typo",
        "gender_form",
        "missing_name_part",
        "given_name_differs",
        "family_name_differs",
        "name_differs",
        "names_swapped",
        "name_fields_differ",
        "name_missing",
        # the birth dates
        "same_birth_date",
        "birth_day_month_swapped",
        "birth_date_typo",
        "birth_date_differs",
        "birth_year_differs",
        "same_birth_month",
        "same_birth_year",
        "same_birth_year_placeholder",
        "birth_date_unknown",
    }
)
"""Every reason ``duplicate_score`` can give (``Match.reasons``)."""

_CACHE = 1 << 16

# --- Transliteration tables -----------------------------------------------------------------------

# Apostrophes, the ayn and hamza signs of DIN 31635 and ALA-LC (ʿ ʾ ʻ) and the primes ISO 9 and
# ALA-LC write for the soft and hard signs ь ъ (ʹ ʺ).
_APOSTROPHES = frozenset("'’‘ʼʻʽʾʿ`´ʹʺ″")

# Latin letters that do not decompose into a base letter and an accent (after casefold()).
_LATIN_SPECIAL = {
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ø": "o",
    "ł": "l",
    "đ": "dj",
    "ð": "d",
    "þ": "th",
    "ı": "i",
    "ħ": "h",
    "ŋ": "ng",
    "ĸ": "k",
    "ſ": "s",
    "ə": "e",
    # Letters with a caron or circumflex that stand for one sound written with two letters in
    # English and with three or four in German: ISO 9 (Ševčenko, Žukov, Ŝukin), Czech, Slovak,
    # Croatian and Baltic names (Kovačević), DIN 31635 ǧ for ج (Ǧamāl = Jamal).
    "š": "sh",
    "ž": "zh",
    "č": "ch",
    "ć": "ch",
    "ŝ": "shch",
    "ǧ": "j",
}

_GREEK = {
    "α": "a",
    "β": "v",
    "γ": "g",
    "δ": "d",
    "ε": "e",
    "ζ": "z",
    "η": "i",
    "θ": "th",
    "ι": "i",
    "κ": "k",
    "λ": "l",
    "μ": "m",
    "ν": "n",
    "ξ": "x",
    "ο": "o",
    "π": "p",
    "ρ": "r",
    "σ": "s",
    "ς": "s",
    "τ": "t",
    "υ": "y",
    "φ": "f",
    "χ": "ch",
    "ψ": "ps",
    "ω": "o",
}

# Cyrillic: the Ukrainian national system where it differs from Russian (і, ї, є, ґ, и -> y,
# г -> h in Ukrainian text), otherwise the usual English one. The key merges German spellings.
_CYRILLIC = {
    "а": "a",
    "б": "b",
    "в": "v",
    "ґ": "g",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "є": "ye",
    "ж": "zh",
    "з": "z",
    "і": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ў": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    # Serbian, Macedonian, Kazakh and other Cyrillic alphabets
    "ђ": "dj",
    "ј": "j",
    "љ": "lj",
    "њ": "nj",
    "ћ": "c",
    "џ": "dz",
    "ѓ": "gj",
    "ќ": "kj",
    "ѕ": "dz",
    "ә": "a",
    "ғ": "g",
    "қ": "k",
    "ң": "n",
    "ө": "o",
    "ұ": "u",
    "ү": "u",
    "һ": "h",
}
_UKRAINIAN_LETTERS = frozenset("іїєґ")
# The Ukrainian national system writes these differently inside a word (Yurii, Nataliia, Tetiana).
_UKRAINIAN_INSIDE = {"й": "i", "є": "ie", "ю": "iu", "я": "ia"}
_GREEK_DIGRAPHS = (("ου", "ou"), ("αυ", "av"), ("ευ", "ev"), ("ηυ", "iv"))

# Arabic and Persian consonants; vowels, glides and the glottal letters are handled in context.
_ARABIC = {
    "ب": "b",
    "ت": "t",
    "ث": "th",
    "ج": "j",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ذ": "dh",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "غ": "gh",
    "ف": "f",
    "ق": "q",
    "ك": "k",
    "ک": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "ة": "a",
    "ى": "a",
    "پ": "p",
    "چ": "ch",
    "ژ": "zh",
    "گ": "g",
    "ڤ": "v",
    "ے": "e",
}
_ARABIC_WORDS = {
    "بن": "bin",
    "ابن": "ibn",
    "بنت": "bint",
    "ابو": "abu",
    "أبو": "abu",
    "ال": "al",
    "الله": "allah",
    "عبد": "abd",
}
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u06d6-\u06ed\u0640]")

_SEPARATORS = re.compile(r"[\s\d_\-‐-―.,;:/\\|()\[\]{}\"“”„«»!?+&*#@=<>~^%$€§°،؛٪]+")
_CONSONANTS = "bcdfghjklmnpqrstvwxz"
# German umlauts written out (Mueller, Schroeder, Baer, Oezdemir) -> the plain vowel, as for ü/ö/ä.
_UMLAUT_DIGRAPH = re.compile(
    rf"(?:(?<=[{_CONSONANTS}])|(?<![a-z']))(ae|oe|ue)(?=[{_CONSONANTS}]|(?![a-z']))"
)

_PARTICLES = frozenset(
    [
        "al",
        "el",
        "ul",
        "ud",
        "ur",
        "bin",
        "bint",
        "ben",
        "ibn",
        "ibni",
        "abu",
        "abou",
        "ould",
        "van",
        "von",
        "der",
        "den",
        "de",
        "da",
        "das",
        "dos",
        "du",
        "des",
        "del",
        "della",
        "di",
        "zu",
        "zum",
        "zur",
        "ter",
        "ten",
        "y",
    ]
)
# Connectors after "abd" (Abd al-Rahman, Abd ar-Rahman, Abdur Rahman, Abdul Aziz).
_ABD_CONNECTORS = frozenset(
    ["al", "el", "ul", "ur", "ar", "as", "ash", "ad", "an", "at", "az", "ud", "us", "un"]
)
_ABD_ALONE = frozenset(["abd", "abdul", "abdel", "abdal", "abdol", "abdur", "abdu"])
_ABD_JOINED = re.compile(r"^abd(ul|el|al|ol|ur|ar|us|as|ud|ad|un|an|u|e|a|o|i)?([a-z]{3,})$")
_ALLAH = frozenset(["allah", "alla", "ullah", "ulla", "llah", "lla", "lah", "la"])

# The article before a "sun letter" takes that letter's sound: ash-Shami, ar-Rashid, an-Nasir,
# ad-Din. Dropped like al when the next word starts with the same letters.
_SUN_ARTICLES = frozenset(
    [
        "ad",
        "an",
        "ar",
        "as",
        "ash",
        "at",
        "az",
        "adh",
        "ath",
        "ed",
        "en",
        "er",
        "es",
        "et",
        "ez",
        "ud",
        "un",
        "ur",
        "us",
        "ut",
        "uz",
    ]
)
# Nur al-Din written as one word (Noureddine, Salaheddine, Kamaluddin) or the second word alone
# (Nour-Eddine, Kamal Uddin): the name and din.
_DIN_JOINED = re.compile(r"^([a-z]{3,}?)[aeiou][dl]din(e)?$")
_DIN_ALONE = frozenset(["eddine", "eddin", "uddin", "addin", "iddin", "aldin", "eldin", "uldin"])

# Names that are the same name in another language although their sounds differ.
_ALIASES = {"mehmet": "muhammad", "mehmed": "muhammad", "mohd": "muhammad", "muhd": "muhammad"}


def _is_arabic(ch: str) -> bool:
    o = ord(ch)
    return 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0x08A0 <= o <= 0x08FF


@functools.lru_cache(maxsize=4096)
def _latin_char(ch: str) -> str:
    """One character that is neither Cyrillic nor Arabic, as lower-case Latin letters."""
    if "a" <= ch <= "z":
        return ch
    if ch in _APOSTROPHES:
        return "'"
    if ch in _LATIN_SPECIAL:
        return _LATIN_SPECIAL[ch]
    out = []
    for part in unicodedata.normalize("NFKD", ch):
        if "a" <= part <= "z":
            out.append(part)
        elif unicodedata.combining(part):
            continue
        elif part in _LATIN_SPECIAL:
            out.append(_LATIN_SPECIAL[part])
        elif part in _GREEK:
            out.append(_GREEK[part])
        elif part.isalpha():
            out.append(part.lower())  # other scripts stay as they are: equal only to themselves
        else:
            out.append(" ")
    return "".join(out)


def _arabic_word(word: str) -> str:
    """Arabic or Persian script as Latin letters. Short vowels are not written in Arabic script, so
    the result has vowels only where the script writes long ones; ``'`` marks ع and hamza inside a
    word (any vowel may stand there in a Latin spelling). ``ال`` and ``عبد`` become own words."""
    word = _ARABIC_MARKS.sub("", word).replace("\u0670", "ا")
    word = "".join(ch for ch in word if _is_arabic(ch))
    if word in _ARABIC_WORDS:
        return _ARABIC_WORDS[word]
    if word.startswith("عبد") and len(word) > 3:
        return "abd " + _arabic_word(word[3:])
    if word.startswith("ال") and len(word) > 3:
        return "al " + _arabic_word(word[2:])
    out = []
    last = len(word) - 1
    for k, ch in enumerate(word):
        prev = word[k - 1] if k else ""
        nxt = word[k + 1] if k < last else ""
        if ch in "اآ":
            out.append("a")
        elif ch == "إ":
            out.append("i")
        elif ch in "أعءؤئ":
            out.append("a" if k == 0 else "'")
        elif ch == "و":
            out.append("w" if k == 0 or prev == "ا" or nxt in ("ا", "ة", "ى") else "u")
        elif ch == "ه" and k == last and k > 0 and prev not in "اويیى":
            out.append("ah")  # Persian فاطمه Fatemeh, زهره Zohreh: a final vowel
        elif ch in "يی":
            out.append("y" if k == 0 or prev == "ا" or nxt in ("ا", "و", "ة", "ى") else "i")
        else:
            out.append(_ARABIC.get(ch, ""))
    text = ""
    for piece in out:
        if piece and text and text[-1] + piece[0] in _DIGRAPH_STARTS:
            text += "'"  # زهره z-h, not zh; أسحاق s-h, not sh
        text += piece
    return text


@functools.lru_cache(maxsize=_CACHE)
def _translit_word(word: str, ukrainian: bool) -> tuple[tuple[str, bool], ...]:
    """One word as lower-case Latin words, each with a flag: from Arabic script (then ``'`` may
    mark ع or hamza, and short vowels are missing)."""
    if any(_is_arabic(ch) for ch in word):
        return tuple((w, True) for w in _arabic_word(word).split())
    if any("\u0370" <= ch <= "\u03ff" or "\u1f00" <= ch <= "\u1fff" for ch in word):
        word = "".join(
            ch for ch in unicodedata.normalize("NFD", word) if not unicodedata.combining(ch)
        )
        for greek, latin in _GREEK_DIGRAPHS:
            word = word.replace(greek, latin)
    out = []
    start = True
    for ch in word:
        if ch in _CYRILLIC:
            latin = _CYRILLIC[ch]
            if ukrainian and not start and ch in _UKRAINIAN_INSIDE:
                latin = _UKRAINIAN_INSIDE[ch]
        elif ch == "г":
            latin = "h" if ukrainian else "g"
        elif ch == "ї":
            latin = "yi" if start else "i"
        elif ch == "и":
            latin = "y" if ukrainian else "i"
        else:
            latin = _latin_char(ch)
            if latin == "'":
                latin = ""  # O'Brien, Sa'id, Мар'яна: the apostrophe joins
        out.append(latin)
        start = False
    text = _UMLAUT_DIGRAPH.sub(lambda m: m.group(1)[0], "".join(out))
    return tuple((w, False) for w in text.split())


@functools.lru_cache(maxsize=_CACHE)
def _words(text: str) -> tuple[tuple[str, bool], ...]:
    """The words of a text in Latin letters, each with its from-Arabic-script flag."""
    text = unicodedata.normalize("NFKC", text).casefold()
    ukrainian = any(ch in _UKRAINIAN_LETTERS for ch in text)
    return tuple(
        w for part in _SEPARATORS.split(text) if part for w in _translit_word(part, ukrainian)
    )


def normalise(text: str) -> str:
    """Lower-case Latin letters and single spaces, for comparing names.

    Cyrillic (Ukrainian and Russian), Arabic/Persian and Greek are transliterated; accents are
    dropped (``Ş``→``s``, ``ğ``→``g``, ``ı``→``i``, ``ç``→``c``, ``é``→``e``, ``ñ``→``n``);
    ``ß``→``ss``; ``ä ö ü`` and the written-out ``ae oe ue`` become ``a o u``, so "Müller",
    "Mueller" and "Muller" are all ``muller``. Hyphens, commas and other punctuation become spaces,
    apostrophes disappear ("O'Brien" → ``obrien``). Letters of scripts without a table here (Chinese,
    Hebrew, ...) are kept as they are, so they still equal themselves.

    >>> normalise("Al-Hassan, Muhammad")
    'al hassan muhammad'
    >>> normalise("Олена Шевченко")
    'olena shevchenko'
    """
    return " ".join(w for w in (word.replace("'", "") for word, _ in _words(text)) if w)


# --- Tokens ---------------------------------------------------------------------------------------


def _split_abd(words: tuple[tuple[str, bool], ...]) -> list[tuple[str, bool]]:
    """Abdulrahman / Abdul Rahman / Abd al-Rahman / Abdurrahman -> abd, rahman (and Allah alike)."""
    out: list[tuple[str, bool]] = []
    after_abd = False
    for word, arabic in words:
        bare = word.replace("'", "")
        if not bare:
            continue
        if after_abd and bare in _ABD_CONNECTORS:
            continue
        if after_abd and bare in _ALLAH:
            out.append(("allah", False))
            after_abd = False
            continue
        after_abd = False
        if bare in _ABD_ALONE:
            out.append(("abd", False))
            after_abd = True
            continue
        if len(bare) >= 6 and bare.startswith("abd") and not arabic:
            m = _ABD_JOINED.match(bare)
            if m:
                rest = m.group(2)
                out.extend((("abd", False), ("allah", False) if rest in _ALLAH else (rest, False)))
                continue
        out.append((word, arabic))
    return out


def _split_din(words: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Noureddine / Nour-Eddine / Nour al-Din -> nour, din."""
    out: list[tuple[str, bool]] = []
    for word, arabic in words:
        if not arabic:
            bare = word.replace("'", "")
            if bare in _DIN_ALONE:
                out.append(("din", False))
                continue
            m = _DIN_JOINED.match(bare)
            if m:
                out.extend(((m.group(1), False), ("din", False)))
                continue
        out.append((word, arabic))
    return out


def _is_particle(words: list[tuple[str, bool]], k: int) -> bool:
    bare = words[k][0].replace("'", "")
    if bare in _PARTICLES:
        return True
    if bare in _SUN_ARTICLES and k + 1 < len(words):
        return words[k + 1][0].replace("'", "").startswith(bare[1:])
    return False


@functools.lru_cache(maxsize=_CACHE)
def _raw_tokens(text: str) -> tuple[tuple[str, bool], ...]:
    """Tokens without particles, as transliterated, with their from-Arabic-script flag."""
    words = _split_din(_split_abd(_words(text)))
    kept = [w for k, w in enumerate(words) if not _is_particle(words, k)]
    return tuple(kept or words)


def name_tokens(text: str) -> list[str]:
    """The words of a name, normalised, without particles, in their order.

    Particles are words that are written or left out at will: al, el, ul, ud, ur, bin, bint, ben,
    ibn, abu, ould, van, von, der, den, de, da, das, dos, du, des, del, della, di, zu, zum, zur,
    ter, ten, y. A name made only of particles keeps them. "Abd" names are split the same way
    however they are written: "Abdulrahman", "Abdul Rahman", "Abd al-Rahman", "عبد الرحمن" ->
    ``abd``, ``rahman`` (``rhmn`` from Arabic script, which does not write short vowels).

    >>> name_tokens("Mohammed Al-Hassan")
    ['mohammed', 'hassan']
    """
    return [word.replace("'", "") for word, _ in _raw_tokens(text)]


# --- Skeleton -------------------------------------------------------------------------------------

_VOWELS = frozenset("aeiou'")
# Spellings of one sound, longest first at each position.
_DIGRAPHS = (
    ("tsch", "h"),
    ("dsch", "y"),
    ("sch", "s"),
    ("dzh", "y"),
    ("tch", "h"),
    ("kh", "h"),
    ("ch", "h"),
    ("sh", "s"),
    ("zh", "s"),
    ("ts", "s"),
    ("tz", "s"),
    ("sz", "s"),
    ("cz", "h"),
    ("ph", "f"),
    ("th", "t"),
    ("dh", "d"),
    ("gh", "g"),
    ("dj", "y"),
    ("ck", "k"),
    ("dt", "d"),
)
_DIGRAPH_FIRST = frozenset(p[0] for p, _ in _DIGRAPHS)
_DIGRAPH_STARTS = frozenset(p[:2] for p, _ in _DIGRAPHS)
_SINGLE = {"q": "k", "w": "v", "z": "s", "j": "y"}
_FINAL_DEVOICING = {"t": "d", "p": "b"}


@dataclass(frozen=True, slots=True)
class _Shape:
    """A word as consonant sounds, with the vowels before the first and after each consonant."""

    lead: str
    consonants: tuple[str, ...]
    gaps: tuple[str, ...]
    key: str  # the skeleton
    vowelled: str  # consonant sounds with their vowels, for counting typing errors


def _squeeze(group: str) -> str:
    """Doubled vowels a, i, u count once (Mariia = Maria); ee and oo are long vowels of their own."""
    if len(group) < 2:
        return group
    out = [group[0]]
    for ch in group[1:]:
        if ch == out[-1] and ch in "aiu":
            continue
        out.append(ch)
    return "".join(out)


@functools.lru_cache(maxsize=_CACHE)
def _shape(token: str, arabic: bool = False) -> _Shape:
    """The sounds of a word. ``arabic``: transliterated from Arabic script, where a j is always a
    consonant (ج) and ``'`` stands for ع, hamza or a break between two letters."""
    t = _ALIASES.get(token.replace("'", ""), token)
    if len(t) > 2 and t[-1] == "h" and t[-2] not in "cdgkpstz":
        t = t[:-1]  # Fatimah, Abdullah, Saleh: a final h is not heard
    units: list[tuple[bool, str]] = []  # (is vowel, sound)
    n = len(t)
    i = 0
    while i < n:
        ch = t[i]
        if ch in _VOWELS:
            if i == 0 and ch == "i" and n > 1 and t[1] in "aeou" and not arabic:
                units.append((False, "y"))  # Iouri = Yuri, Iana = Yana
            else:
                units.append((True, ch))
            i += 1
            continue
        if ch in _DIGRAPH_FIRST:
            for pattern, sound in _DIGRAPHS:
                if t.startswith(pattern, i):
                    units.append((False, sound))
                    i += len(pattern)
                    break
            else:
                pattern = ""
            if pattern:
                continue
        nxt = t[i + 1] if i + 1 < n else ""
        if ch in "yj":
            prev = units[-1] if units else None
            if prev is None or (arabic and ch == "j"):
                units.append((False, "y"))  # Yusuf, Jamal, and Arabic ج before an unwritten vowel
            elif prev == (True, "i"):
                pass  # Mariya, Andriy, Yuriy: the y only lengthens the i
            elif nxt and nxt in _VOWELS:
                # Maya: a consonant; Natalya, Ljudmila: a soft i after a consonant
                units.append((False, "y") if prev[0] else (True, "i"))
            else:
                units.append((True, "i"))  # Dmytro, Aly, Sergey, Zeynep
        elif ch == "c":
            units.append((False, "s" if nxt in ("e", "i", "y") else "k"))
        elif ch == "x":
            units.extend(((False, "k"), (False, "s")))
        else:
            units.append((False, _SINGLE.get(ch, ch)))
        i += 1
    lead = ""
    consonants: list[str] = []
    gaps: list[str] = []
    for is_vowel, sound in units:
        if is_vowel:
            if consonants:
                gaps[-1] += sound
            else:
                lead += sound
        elif not (consonants and consonants[-1] == sound and not gaps[-1]):
            consonants.append(sound)
            gaps.append("")
    if consonants and not gaps[-1] and consonants[-1] in _FINAL_DEVOICING:
        consonants[-1] = _FINAL_DEVOICING[consonants[-1]]
        if len(consonants) > 1 and consonants[-2] == consonants[-1] and not gaps[-2]:
            consonants.pop()
            gaps.pop()
    lead = _squeeze(lead)
    gaps = [_squeeze(g) for g in gaps]
    key = ("a" if lead else "") + "".join(consonants)
    vowelled = (lead + "".join(c + g for c, g in zip(consonants, gaps, strict=True))).replace(
        "'", ""
    )
    return _Shape(lead, tuple(consonants), tuple(gaps), key, vowelled)


@functools.lru_cache(maxsize=_CACHE)
def skeleton(token: str) -> str:
    """The phonetic key of one normalised word (see the module documentation).

    Letters that conventions spell differently are merged (j/y/dsch, sh/sch/s/z/ts, ch/tsch/kh/h,
    w/v, ph/f, c/k/q), doubled letters count once, a final t/p is d/b, a final h is silent, and all
    vowels are dropped except that a word starting with a vowel starts its key with ``a``:

    >>> [skeleton(w) for w in ("jussuf", "yusuf", "youssef")]
    ['ysf', 'ysf', 'ysf']
    >>> [skeleton(w) for w in ("mohammed", "muhammad", "mohamad", "mehmet")]
    ['mhmd', 'mhmd', 'mhmd', 'mhmd']
    >>> [skeleton(w) for w in ("schewtschenko", "shevchenko", "olena", "elena")]
    ['svhnk', 'svhnk', 'aln', 'aln']
    """
    return _shape(token).key


def search_keys(*names: str) -> list[str]:
    """The distinct skeleton keys of all words of all given names, sorted.

    Order, particles, script and transliteration do not matter:
    ``search_keys("Mohammed Al-Hassan") == search_keys("Hassan, Muhammad") == ["hsn", "mhmd"]``.
    A person matches a query when every key of the query is among the person's keys.
    """
    keys: set[str] = set()
    for name in names:
        if name:
            for word, arabic in _raw_tokens(name):
                key = _shape(word, True).key if arabic else skeleton(word)
                if key:
                    keys.add(key)
    return sorted(keys)


def _key(word: str, arabic: bool) -> str:
    return _shape(word, True).key if arabic else skeleton(word)


def stored_search_keys(*names: str) -> list[str]:
    """The keys stored for a person or company: ``search_keys`` and, so that a search finds a name
    however its particles were written, the key of each name of several words written as one
    ("Al Khatib" also gives the key of "Alkhatib", "van den Berg" that of "Vandenberg") and of a
    word with its article or particle written joined, without it ("Alhassan" also gives
    ``hsn``). A search for "Alkhatib" finds "Al Khatib", one for "Al-Hassan" finds "Alhassan".
    """
    keys = set(search_keys(*names))
    for name in names:
        if not name:
            continue
        joined = _joined(name)
        if joined:
            keys.update(search_keys(joined))
        for word, arabic in _raw_tokens(name):
            if arabic:
                continue
            rest = _without_joined_particle(word.replace("'", ""))
            if rest:
                keys.add(_key(rest, False))
    keys.discard("")
    return sorted(keys)


def _without_joined_particle(word: str) -> str:
    """The word without an article or particle written together with it, or "": after al/el a
    consonant and five letters or more (Alena, Alina, Albert stay whole), after van/von a
    consonant and four letters or more (Vanessa), after ben, bin, ibn and abu three letters or
    more (Benali = Ben Ali)."""
    for particle in _JOINED_PARTICLES:
        if word.startswith(particle):
            rest = word[len(particle) :]
            if len(particle) == 2:
                return rest if len(rest) >= 5 and rest[0] not in _VOWELS else ""
            if particle.startswith("v"):
                return rest if len(rest) >= 4 and rest[0] not in _VOWELS else ""
            return rest if len(rest) >= 3 else ""
    return ""


# --- Dates ----------------------------------------------------------------------------------------

PLACEHOLDER_DAYS = frozenset({(1, 1), (7, 1), (12, 31)})
"""(month, day) that authorities enter when only the year of birth is known."""


def is_placeholder_date(d: datetime.date) -> bool:
    """True for 1 January, 1 July and 31 December: dates that authorities record when only the year
    of birth is known. Such a date is compared by its year only (a real birthday on these days
    costs little: the year still has to match)."""
    return (d.month, d.day) in PLACEHOLDER_DAYS


def _date_slip(a: datetime.date, b: datetime.date) -> str:
    """``birth_day_month_swapped``, ``birth_date_typo`` or "" for two different precise dates."""
    if a.year == b.year and a.day == b.month and a.month == b.day:
        return "birth_day_month_swapped"
    x, y = f"{a.day:02d}{a.month:02d}{a.year:04d}", f"{b.day:02d}{b.month:02d}{b.year:04d}"
    if len(x) != len(y):
        return ""
    diff = [k for k in range(len(x)) if x[k] != y[k]]
    if len(diff) == 1:
        return "birth_date_typo"
    if (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and x[diff[0]] == y[diff[1]]
        and x[diff[1]] == y[diff[0]]
        and diff[0] not in (1, 3)  # both digits in the day, the month or the year
    ):
        return "birth_date_typo"
    return ""


def slipped_dates(d: datetime.date) -> list[datetime.date]:
    """The dates that ``duplicate_score`` takes for ``d`` mistyped in another year: one digit of
    the year changed or two of its neighbouring digits swapped, between 1900 and 2099. (Slips
    within the year need no list: the duplicate check reads that year's persons anyway.)"""
    year = f"{d.year:04d}"
    years: set[int] = set()
    for k in range(4):
        for digit in "0123456789":
            years.add(int(year[:k] + digit + year[k + 1 :]))
        if k < 3:
            years.add(int(year[:k] + year[k + 1] + year[k] + year[k + 2 :]))
    out = []
    for other in sorted(years):
        if other != d.year and 1900 <= other <= 2099:
            try:
                out.append(d.replace(year=other))
            except ValueError:  # 29 February
                continue
    return out


# --- Duplicates -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class NameRecord:
    """One person's names in all variants (passport, other scripts, transliterations)."""

    given_names: tuple[str, ...]
    family_names: tuple[str, ...]
    birth_date: datetime.date | None
    birth_date_precision: str = "day"  # "day", "month", "year", "unknown"


@dataclass(frozen=True)
class Match:
    """A likely-duplicate score from 0.0 to 1.0 and short English reason codes."""

    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Token:
    ident: str  # identity for caching: script marker + spelling
    text: str  # normalised spelling
    arabic: bool  # from a script that does not write short vowels
    shape: _Shape
    key_gh: str  # key with h = g (Ukrainian Halyna / Russian Galina, Serhii / Sergei)
    alts: tuple[_Shape, ...]  # other readings of the letters (see _alternative_spellings)


# A c that is not part of ch, ck or cz: ts in Slavic spellings and ISO 9 (Kuznecova), ch as the
# plain form of č and ç (Kovacevic, Celik = Tschelik), dj in Turkish (Hatice = Hatidsche).
_LONE_C = re.compile(r"c(?![hkz])")
# ch as the French write sh (Hicham = Hisham, Rachid = Rashid), not in sch or tsch.
_FRENCH_CH = re.compile(r"(?<![st])ch")
# A y between two vowels is a glide that other spellings leave out (Hüseyin = Hussein).
_GLIDE_Y = re.compile(r"(?<=[aeiou])y(?=[aeiou])")


def _alternative_spellings(raw: str) -> list[str]:
    """Other readings of a Latin spelling, each for one convention; two words are variants when
    any reading of one fits any reading of the other."""
    out: list[str] = []
    if "c" in raw:
        out.extend(_LONE_C.sub(sound, raw) for sound in ("ts", "ch", "dj"))
    if "ch" in raw:
        out.append(_FRENCH_CH.sub("sh", raw))
    if len(raw) > 3 and raw.startswith("ou") and raw[2] in "aeiy":
        out.append("w" + raw[2:])  # French ou for w: Ouafae = Wafae, Ouahbi = Wahbi
    if len(raw) > 3 and raw[:2] in ("ye", "je"):
        out.append(raw[1:])  # initial е: Jelena = Yelena = Elena, Jewgeni = Evgenii
    if len(raw) > 4 and raw.endswith("que"):
        out.append(raw[:-3] + "q")  # Rafique = Rafiq, Siddique = Siddiq
    if len(raw) > 2 and raw[-1] == "h" and raw[-2] in "aeiou":
        out.append(raw[:-1] + "g")  # Ukrainian final г: Oleh = Oleg
    if "y" in raw:
        out.append(_GLIDE_Y.sub("", raw))
    return [alt for alt in dict.fromkeys(out) if alt != raw]


@functools.lru_cache(maxsize=_CACHE)
def _token(raw: str, arabic: bool) -> _Token:
    shape = _shape(raw, arabic)
    alts: list[_Shape] = []
    if not arabic:
        if "j" in raw:
            alts.append(_shape(raw, True))  # j a consonant, as in Arabic names (Khadija = خديجة)
        alts.extend(_shape(alt) for alt in _alternative_spellings(raw.replace("'", "")))
    unique = tuple(dict.fromkeys(a for a in alts if a != shape))
    ident = ("A:" if arabic else "L:") + raw
    return _Token(ident, raw.replace("'", ""), arabic, shape, shape.key.replace("h", "g"), unique)


@functools.lru_cache(maxsize=_CACHE)
def _tokens(name: str) -> tuple[_Token, ...]:
    return tuple(_token(word, arabic) for word, arabic in _raw_tokens(name))


_VOWEL_CLASSES = {
    "a": frozenset({"A"}),
    "e": frozenset({"E"}),
    "i": frozenset({"I"}),
    "o": frozenset({"O"}),
    "u": frozenset({"U"}),
    "ee": frozenset({"I", "E"}),
    "oo": frozenset({"U", "O"}),
    "ou": frozenset({"U"}),
    "ue": frozenset({"U", "E"}),
    "ai": frozenset({"AI"}),
    "ei": frozenset({"AI", "I"}),
    "oi": frozenset({"OI"}),
    "eu": frozenset({"OI", "EU"}),
    "au": frozenset({"AU"}),
    "ao": frozenset({"AU"}),
    "ie": frozenset({"I", "IE"}),
    "ia": frozenset({"IA"}),
    "io": frozenset({"IO"}),
    "iu": frozenset({"IU"}),
    "ea": frozenset({"EA"}),
    "eo": frozenset({"EO"}),
    "ua": frozenset({"UA"}),
    "oa": frozenset({"OA"}),
    "ae": frozenset({"A", "E"}),
    "oe": frozenset({"O", "E"}),
}
# Vowels that transliterations interchange (Mohammed/Muhammad, Olena/Elena, Yusuf/Youssef,
# Ahmed/Ahmad, Hussein/Husain/Husayn, Zeynep/Zainab).
_VOWEL_PAIRS = frozenset(
    frozenset(p)
    for p in (
        ("A", "E"),
        ("E", "I"),
        ("O", "U"),
        ("O", "E"),
        ("U", "E"),
        ("AI", "E"),
        ("AI", "I"),
        ("IE", "E"),
        ("AU", "U"),
        ("AU", "O"),
    )
)
_MULTI = "MULTI"
# A long vowel written in Arabic script and the Latin letters that may stand for it.
_ARABIC_LONG = {"a": "ae", "i": "iey", "u": "uow"}


def _classes(group: str) -> frozenset[str]:
    found = _VOWEL_CLASSES.get(group)
    if found is not None:
        return found
    return frozenset({_MULTI}) if len(group) > 1 else frozenset({group.upper()})


def _latin_vowels_fit(a: str, b: str) -> bool:
    if a == b:
        return True
    if not a or not b:
        return False
    ca, cb = _classes(a), _classes(b)
    if ca & cb:
        return True
    for x in ca:
        for y in cb:
            if frozenset((x, y)) in _VOWEL_PAIRS:
                return True
            if (x == _MULTI and len(y) > 1) or (y == _MULTI and len(x) > 1):
                return True
    return False


def _arabic_vowels_fit(arabic: str, latin: str, last: bool) -> bool:
    if "'" in arabic:
        return True  # ع or hamza: Ja'far = Jaafar = Jafar
    if not arabic:
        if last:
            return not latin  # Samir (سمير) is not Samira (سميرة)
        return len(latin) <= 1  # an unwritten short vowel, or none
    if not latin:
        return False
    if len(arabic) > 1:
        return True
    letters = _ARABIC_LONG.get(arabic, "aeiou")
    return any(ch in letters for ch in latin)


def _vowels_fit(a: _Token, b: _Token, sa: _Shape | None = None, sb: _Shape | None = None) -> bool:
    sa, sb = sa or a.shape, sb or b.shape
    if len(sa.consonants) != len(sb.consonants):
        return False
    last = len(sa.gaps) - 1
    if a.arabic and b.arabic:  # both without short vowels: the written long vowels must agree
        return all(x == y or "'" in x + y for x, y in zip(sa.gaps, sb.gaps, strict=True))
    if a.arabic or b.arabic:
        ar, la = (sa, sb) if a.arabic else (sb, sa)
        return all(
            _arabic_vowels_fit(x, y, k == last)
            for k, (x, y) in enumerate(zip(ar.gaps, la.gaps, strict=True))
        )
    if not _latin_vowels_fit(sa.lead, sb.lead):
        return False
    return all(_latin_vowels_fit(x, y) for x, y in zip(sa.gaps, sb.gaps, strict=True))


def _edits(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance (adjacent transpositions), ``limit + 1`` when larger."""
    if a == b:
        return 0
    la, lb = len(a), len(b)
    if abs(la - lb) > limit:
        return limit + 1
    before: list[int] = []
    prev = list(range(lb + 1))
    for i in range(1, la + 1):
        cur = [i] + [0] * lb
        ai = a[i - 1]
        best = i
        for j in range(1, lb + 1):
            value = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ai != b[j - 1]))
            if i > 1 and j > 1 and ai == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, before[j - 2] + 1)
            cur[j] = value
            best = min(best, value)
        if best > limit:
            return limit + 1
        before, prev = prev, cur
    return prev[lb]


def _gender_forms(a: _Token, b: _Token) -> bool:
    """Ivanov/Ivanova, Daniel/Daniela, Viktor/Viktoria, Alexander/Alexandra, Maria/Mario,
    Kowalski/Kowalska: the same stem with a female and a male ending - the name of another person
    (twins, siblings). Anna/Anne and Fatma/Fatme (-a/-e) are spelling variants, not this."""
    return _gendered(a.text, b.text) or _gendered(a.shape.vowelled, b.shape.vowelled)


def _gendered(x: str, y: str) -> bool:
    if len(x) > 3 and x[-1] == "h":
        x = x[:-1]
    if len(y) > 3 and y[-1] == "h":
        y = y[:-1]
    if len(x) > len(y):
        x, y = y, x
    if len(x) < 3:
        return False
    if y in (x + "a", x + "ia"):
        return True
    if len(x) != len(y):
        return False
    if x[:-1] == y[:-1] and {x[-1], y[-1]} in _GENDER_ENDINGS:
        return True
    return (x.endswith("er") and y == x[:-2] + "ra") or (y.endswith("er") and x == y[:-2] + "ra")


_GENDER_ENDINGS = tuple({"a", other} for other in "oiyu")


_SIM_CACHE: dict[tuple[str, str], tuple[float, str]] = {}


def _similarity(a: _Token, b: _Token) -> tuple[float, str]:
    """How alike two words are and why: exact, variant, typo, gender, similar or none."""
    if a.ident > b.ident:
        a, b = b, a
    cache_key = (a.ident, b.ident)
    found = _SIM_CACHE.get(cache_key)
    if found is None:
        if len(_SIM_CACHE) > 200_000:
            _SIM_CACHE.clear()
        found = _SIM_CACHE[cache_key] = _compare(a, b)
    return found


def _compare(a: _Token, b: _Token) -> tuple[float, str]:
    if a.text == b.text:
        return 1.0, "exact"
    no_vowels = a.arabic or b.arabic
    same_key = a.shape.key == b.shape.key
    if same_key and _vowels_fit(a, b):
        return (0.9 if no_vowels else 0.95), "variant"
    if a.key_gh == b.key_gh and not same_key and _vowels_fit(a, b):
        return 0.88, "variant"
    if (a.alts or b.alts) and _alternatives_fit(a, b):
        return 0.9, "variant"  # Khadija = خديجة = Chadidscha, Hicham = Hisham, Oleh = Oleg
    if not no_vowels:
        if _nisba(a.text, b.text):
            return 0.5, "similar"  # Karim/Karimi, Khalil/Khalili: another family
        if _gender_forms(a, b):
            return 0.8, "gender"
        if _typing_error(a, b):
            return (0.85 if _edits(a.shape.vowelled, b.shape.vowelled, 1) <= 1 else 0.8), "typo"
        if _joined_article(a, b) or _joined_article(b, a):
            return 0.9, "particle"
    elif (
        a.arabic
        and b.arabic
        and min(len(a.text), len(b.text)) >= 4
        and _edits(a.text, b.text, 1) <= 1
    ):
        return 0.85, "typo"
    if same_key or a.key_gh == b.key_gh:
        return 0.5, "similar"
    return 0.0, "none"


def _alternatives_fit(a: _Token, b: _Token) -> bool:
    for sa in (a.shape, *a.alts):
        for sb in (b.shape, *b.alts):
            if (
                (sa is not a.shape or sb is not b.shape)
                and sa.key == sb.key
                and _vowels_fit(a, b, sa, sb)
            ):
                return True
    return False


def _nisba(x: str, y: str) -> bool:
    """Karimi is "of Karim", Khalili "of Khalil": the Arabic and Persian adjective ending -i makes
    the name of another family."""
    if len(x) > len(y):
        x, y = y, x
    return len(x) >= 3 and y in (x + "i", x + "y", x + "ee")


_KEYBOARD_ROWS = ("qwertzuiop", "asdfghjkl", "yxcvbnm", "qwertyuiop", "zxcvbnm")


def _neighbour_keys() -> dict[str, frozenset[str]]:
    near: dict[str, set[str]] = {}
    layouts = ((0, 1, 2), (3, 1, 4))  # German QWERTZ and English QWERTY
    for rows in layouts:
        lines = [_KEYBOARD_ROWS[r] for r in rows]
        for r, line in enumerate(lines):
            for i, ch in enumerate(line):
                found = near.setdefault(ch, set())
                found.update(line[max(0, i - 1) : i + 2])
                if r > 0:
                    found.update(lines[r - 1][i : i + 2])
                if r + 1 < len(lines):
                    found.update(lines[r + 1][max(0, i - 1) : i + 1])
    return {ch: frozenset(keys - {ch}) for ch, keys in near.items()}


_NEIGHBOURS = _neighbour_keys()


def _plausible_typo(a: str, b: str) -> bool:
    """One edit as people mistype: a neighbouring key, two letters swapped, or - in a word of seven
    or more letters - a letter left out or added. Amina/Amira and Arslan/Aslan are two names."""
    if len(a) == len(b):
        diff = [k for k in range(len(a)) if a[k] != b[k]]
        if len(diff) == 1:
            x, y = a[diff[0]], b[diff[0]]
            return y in _NEIGHBOURS.get(x, frozenset()) or (x in _VOWELS and y in _VOWELS)
        return True  # a transposition (the only other single edit of equal length)
    if min(len(a), len(b)) >= 7:
        return True
    short, long = (a, b) if len(a) < len(b) else (b, a)
    k = next((k for k in range(len(short)) if short[k] != long[k]), len(short))
    return long[k] in _VOWELS  # Fatma/Fatima: a vowel left out


def _typing_error(a: _Token, b: _Token) -> bool:
    """One plausible typing error in a spelling of five or more letters; or, on top of a
    transliteration variant, one edit in the merged sounds of six or more letters, two from nine
    on (Oleksandr/Alexander)."""
    if min(len(a.text), len(b.text)) < 5:
        return False
    if _edits(a.text, b.text, 1) <= 1 and _plausible_typo(a.text, b.text):
        return True
    va, vb = a.shape.vowelled, b.shape.vowelled
    shortest = min(len(va), len(vb))
    if shortest < 6 or _nisba(va, vb):
        return False
    limit = 2 if min(len(a.text), len(b.text)) >= 9 else 1
    edits = _edits(va, vb, limit)
    if edits == 1 and len(va) == len(vb):
        diff = [k for k in range(len(va)) if va[k] != vb[k]]
        if len(diff) == 1 and {va[diff[0]], vb[diff[0]]} <= set(_CONSONANTS):
            # Christina/Kristina (ch said k); Bennani/Benali are two families
            pair = {va[diff[0]], vb[diff[0]]}
            return pair == {"h", "k"} or vb[diff[0]] in _NEIGHBOURS.get(va[diff[0]], frozenset())
    if edits == 2 and len(va) == len(vb):
        consonants = set(_CONSONANTS)
        changed = [k for k in range(len(va)) if va[k] != vb[k]]
        if sum(va[k] in consonants and vb[k] in consonants for k in changed) >= 2:
            return False  # Habibullah/Hamidullah: two other sounds make another name
    return edits <= limit


# Particles that are also written together with the name, longest first.
_JOINED_PARTICLES = (
    "vander",
    "vanden",
    "vonder",
    "della",
    "abou",
    "van",
    "von",
    "ben",
    "bin",
    "ibn",
    "abu",
    "al",
    "el",
)


def _joined_article(x: _Token, y: _Token) -> bool:
    """Alhassan = Hassan, Elmasri = Masri, Vandenberg = Berg (the article or particle written
    together with the name). After al/el the name must start with a consonant and have five or
    more letters: Alena, Elena, Alina and Albert are names of their own."""
    for particle in _JOINED_PARTICLES:
        if x.text.startswith(particle):
            break
    else:
        return False
    if y.text.startswith(particle):
        return False
    rest = x.text[len(particle) :]
    if len(particle) == 2 and (len(rest) < 5 or rest[0] in _VOWELS):
        return False
    if len(rest) < 4:
        return False
    joined = _token(rest, False)
    return joined.text == y.text or (joined.shape.key == y.shape.key and _vowels_fit(joined, y))


_STRONG = 0.8


def _set_similarity(
    a: tuple[_Token, ...], b: tuple[_Token, ...], field: str
) -> tuple[float, frozenset[str]]:
    """Two sets of words (one name variant each): pair them up, best pairs first."""
    if not a or not b:
        return 0.0, frozenset({"empty"})
    pairs = []
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            score, kind = _similarity(x, y)
            if kind == "gender":
                score = {"given": 0.4, "family": 0.8}.get(field, 0.5)
            elif kind == "particle" and field == "given":
                score = 0.5  # Albert is not Bert
            if score > 0:
                low, high = (x.ident, y.ident) if x.ident <= y.ident else (y.ident, x.ident)
                pairs.append((-score, low, high, i, j, kind))
    pairs.sort()
    used_a: set[int] = set()
    used_b: set[int] = set()
    strong: list[tuple[float, str]] = []
    best = 0.0
    for negative, _low, _high, i, j, kind in pairs:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        best = max(best, -negative)
        if -negative >= _STRONG:
            strong.append((-negative, kind))
    if not strong:
        return best * 0.6, frozenset({"differs"})
    score = math.prod(s for s, _ in strong)
    flags = {kind for _, kind in strong}
    extra_a, extra_b = len(a) - len(strong), len(b) - len(strong)
    if extra_a and extra_b:
        # Mohammed Ali / Mohammed Omar: each has a name the other lacks
        score *= max(0.0, 1.0 - 1.5 * min(extra_a / len(a), extra_b / len(b)))
        flags.add("conflict")
    elif extra_a or extra_b:
        score -= 0.05 * (extra_a + extra_b)  # a middle name or second family name left out
        flags.add("missing")
    return score, frozenset(flags)


def _field_similarity(
    a: tuple[tuple[_Token, ...], ...], b: tuple[tuple[_Token, ...], ...], field: str
) -> tuple[float, frozenset[str]]:
    """The best pair of variants of one name field."""
    best: tuple[float, frozenset[str]] = (0.0, frozenset({"differs"}))
    for x in a:
        for y in b:
            found = _set_similarity(x, y, field)
            if found[0] > best[0] or (found[0] == best[0] and sorted(found[1]) < sorted(best[1])):
                best = found
    return best


def _variants(names: tuple[str, ...]) -> tuple[tuple[_Token, ...], ...]:
    """The names of one field as sets of words; a name of several words also as one word
    (Mohammad Reza = Mohammadreza, van den Berg = Vandenberg, Xiao-Ming = Xiaoming)."""
    seen: dict[tuple[str, ...], tuple[_Token, ...]] = {}
    for name in names:
        if name:
            tokens = _tokens(name)
            if tokens:
                seen.setdefault(tuple(t.ident for t in tokens), tokens)
            joined = _joined(name)
            if joined:
                tokens = _tokens(joined)
                if tokens:
                    seen.setdefault(tuple(t.ident for t in tokens), tokens)
    return tuple(seen.values())


@functools.lru_cache(maxsize=_CACHE)
def _joined(name: str) -> str:
    """All words of a name written as one (with their particles), "" for one word or Arabic
    script."""
    words = _words(name)
    if len(words) < 2 or any(arabic for _, arabic in words):
        return ""
    return "".join(word.replace("'", "") for word, _ in words)


_FLAG_REASONS = {
    "variant": "{field}_variant",
    "particle": "{field}_variant",
    "typo": "typo",
    "gender": "gender_form",
    "missing": "missing_name_part",
    "conflict": "{field}_differs",
    "differs": "{field}_differs",
}


def _reasons(flags: frozenset[str], field: str) -> list[str]:
    return [_FLAG_REASONS[f].format(field=field) for f in sorted(flags) if f in _FLAG_REASONS]


def _name_score(a: NameRecord, b: NameRecord) -> tuple[float, list[str]]:
    """The best of: given with given and family with family; crosswise (swapped); all together.

    The crosswise and the pooled comparison count only when they find no name the other lacks
    (they are for names entered in the wrong field, not a second chance for different names)."""
    ga, fa = _variants(a.given_names), _variants(a.family_names)
    gb, fb = _variants(b.given_names), _variants(b.family_names)
    straight: tuple[float, list[str]] | None = None
    others: list[tuple[float, list[str]]] = []
    if ga and gb and fa and fb:
        g, g_flags = _field_similarity(ga, gb, "given")
        f, f_flags = _field_similarity(fa, fb, "family")
        if g_flags == f_flags == {"exact"}:
            straight = (g * f, ["same_name"])
        else:
            straight = (g * f, _reasons(g_flags, "given_name") + _reasons(f_flags, "family_name"))
        g, g_flags = _field_similarity(ga, fb, "")
        f, f_flags = _field_similarity(fa, gb, "")
        if not (g_flags | f_flags) & _DIFFERENT:
            others.append((g * f * 0.97, ["names_swapped", *_reasons(g_flags | f_flags, "name")]))
    pa, pb = _pooled(ga, fa), _pooled(gb, fb)
    if pa and pb:
        p, p_flags = _field_similarity(pa, pb, "")
        if straight is None or not p_flags & _DIFFERENT:
            others.append((p * 0.9, ["name_fields_differ", *_reasons(p_flags, "name")]))
    options = ([straight] if straight else []) + others
    if not options:
        return 0.0, ["name_missing"]
    best = max(options, key=lambda o: o[0])
    return best[0], list(best[1])


_DIFFERENT = frozenset({"conflict", "differs", "empty"})


def _pooled(
    given: tuple[tuple[_Token, ...], ...], family: tuple[tuple[_Token, ...], ...]
) -> tuple[tuple[_Token, ...], ...]:
    """All words of a person, given and family names together, variant by variant."""
    if not given or not family:
        return given or family
    count = max(len(given), len(family))
    return tuple(given[k % len(given)] + family[k % len(family)] for k in range(count))


def _date_view(r: NameRecord) -> tuple[str, datetime.date | None, bool]:
    """(precision, date, placeholder) with placeholders reduced to year precision."""
    d, precision = r.birth_date, str(r.birth_date_precision or "day")
    if d is None or precision == "unknown":
        return "unknown", None, False
    if precision == "day" and is_placeholder_date(d):
        return "year", d, True
    if precision not in ("day", "month", "year"):
        precision = "year"
    return precision, d, False


def duplicate_score(a: NameRecord, b: NameRecord) -> Match:
    """How likely two records are the same person, with reasons.

    The names give a score from 0 to 1 (the product of the given-name and family-name similarity,
    or of the crosswise or pooled comparison when that is better); the birth dates then decide:

    * both precise and equal: the name score (``same_birth_date``);
    * both precise, day and month swapped (05.03. / 03.05.): 0.8 of the name score
      (``birth_day_month_swapped``); one digit of DD.MM.YYYY mistyped or two neighbouring digits
      of one part swapped (1989/1998): 0.75 (``birth_date_typo``) - equal names still warn;
    * both precise and otherwise different: at most 0.45 (``birth_date_differs``), however equal
      the names;
    * only year (or year and month) comparable - a placeholder date such as 01.01. on either side,
      or a lower precision: 0.9 (0.92) of the name score when they agree, at most 0.4 when not;
    * a date unknown on either side: 0.85 of the name score, so names alone reach at most 0.85.

    Same person usually scores 0.8 or more, different persons below 0.5; the caller warns from
    ``DUPLICATE_THRESHOLD`` (0.6). The result is symmetric in ``a`` and ``b``.
    """
    name, reasons = _name_score(a, b)
    pa, da, placeholder_a = _date_view(a)
    pb, db, placeholder_b = _date_view(b)
    if da is None or db is None:
        score = name * 0.85
        reasons.append("birth_date_unknown")
    elif pa == pb == "day":
        slip = _date_slip(da, db)
        if da == db:
            score = name
            reasons.append("same_birth_date")
        elif slip:
            score = name * (0.8 if slip == "birth_day_month_swapped" else 0.75)
            reasons.append(slip)
        else:
            score = min(0.45, name * 0.45)
            reasons.append("birth_date_differs")
    elif da.year != db.year:
        score = min(0.4, name * 0.4)
        reasons.append("birth_year_differs")
    elif pa in ("day", "month") and pb in ("day", "month"):
        if da.month == db.month:
            score = name * 0.92
            reasons.append("same_birth_month")
        else:
            score = min(0.45, name * 0.45)
            reasons.append("birth_date_differs")
    else:
        score = name * 0.9
        reasons.append(
            "same_birth_year_placeholder" if placeholder_a or placeholder_b else "same_birth_year"
        )
    return Match(round(max(0.0, min(1.0, score)), 3), tuple(dict.fromkeys(reasons)))
