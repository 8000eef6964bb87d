"""Translations of the navigator knowledge base into Arabic, Ukrainian and Turkish.

Every user-facing text in ``wcr/navigator/rules`` is a JSON object with at least ``"de"`` and
``"en"`` string keys. The translations live outside the rules, in
``scripts/kb_translations/<lang>.json``: one JSON object per language mapping the English text to
its translation.

Usage::

    python3 scripts/kb_translations.py extract [--output FILE]
        Print (or write to FILE) a JSON array of every distinct English text, sorted.

    python3 scripts/kb_translations.py apply [--dry-run]
        Set "ar", "uk" and "tr" (in that order, right after "en") on every text object whose
        English text has a translation. Other keys and the layout stay as they are
        (``json.dumps(data, ensure_ascii=False, indent=2) + "\\n"``); a file is only rewritten
        when its content changes, so running it twice changes nothing. Prints how many texts
        per language were set and which English texts have no translation. With --dry-run,
        reports only and writes nothing.

Exit status of ``apply``: 0 when every language covers every text, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULES_DIR = ROOT / "wcr" / "navigator" / "rules"
TRANSLATIONS_DIR = Path(__file__).resolve().parent / "kb_translations"
LANGUAGES = ("ar", "uk", "tr")


def rules_files(rules_dir: Path = RULES_DIR) -> list[Path]:
    """The knowledge-base files: every JSON file under the rules directory except the schemas."""
    return sorted(
        path
        for path in rules_dir.rglob("*.json")
        if "schema" not in path.relative_to(rules_dir).parts
    )


def is_text(node: object) -> bool:
    """A text object: a dict with both "de" and "en" string values."""
    return (
        isinstance(node, dict)
        and isinstance(node.get("de"), str)
        and isinstance(node.get("en"), str)
    )


def iter_texts(node: object) -> Iterator[dict]:
    """Every text object inside ``node``, depth first."""
    if is_text(node):
        yield node  # type: ignore[misc]
        return
    if isinstance(node, dict):
        for value in node.values():
            yield from iter_texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from iter_texts(value)


def load(path: Path) -> object:
    return json.loads(path.read_text(encoding="utf-8"))


def dump(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def extract(rules_dir: Path = RULES_DIR) -> list[str]:
    """Every distinct English text of the knowledge base, sorted."""
    texts: set[str] = set()
    for path in rules_files(rules_dir):
        texts.update(text["en"] for text in iter_texts(load(path)))
    return sorted(texts)


def load_translations(directory: Path = TRANSLATIONS_DIR) -> dict[str, dict[str, str]]:
    """``{lang: {english: translation}}``; a missing file counts as no translations."""
    result: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        path = directory / f"{lang}.json"
        table = load(path) if path.exists() else {}
        if not isinstance(table, dict):
            raise SystemExit(f"{path}: expected a JSON object")
        result[lang] = {k: v for k, v in table.items() if isinstance(v, str) and v.strip()}
    return result


def with_translations(text: dict, translations: dict[str, dict[str, str]]) -> dict:
    """``text`` with ar/uk/tr set right after "en" where a translation exists.

    Keys other than the three languages keep their order; an existing translation that has no
    entry in the tables is kept (in the language order) rather than dropped.
    """
    english = text["en"]
    languages = {lang: translations[lang].get(english, text.get(lang)) for lang in LANGUAGES}
    result: dict = {}
    for key, value in text.items():
        if key in LANGUAGES:
            continue
        result[key] = value
        if key == "en":
            result.update(
                {
                    lang: translated
                    for lang, translated in languages.items()
                    if translated is not None
                }
            )
    return result


def translate_node(node: object, translations: dict[str, dict[str, str]]) -> object:
    """A copy of ``node`` with every text object translated."""
    if is_text(node):
        return with_translations(node, translations)  # type: ignore[arg-type]
    if isinstance(node, dict):
        return {key: translate_node(value, translations) for key, value in node.items()}
    if isinstance(node, list):
        return [translate_node(value, translations) for value in node]
    return node


def apply(dry_run: bool, rules_dir: Path = RULES_DIR) -> int:
    translations = load_translations()
    counts = dict.fromkeys(LANGUAGES, 0)
    missing: dict[str, set[str]] = {lang: set() for lang in LANGUAGES}
    changed: list[Path] = []
    english_texts: set[str] = set()
    for path in rules_files(rules_dir):
        original = path.read_text(encoding="utf-8")
        data = json.loads(original)
        texts = list(iter_texts(data))
        if not texts:
            continue
        for text in texts:
            english_texts.add(text["en"])
            for lang in LANGUAGES:
                if text["en"] in translations[lang]:
                    counts[lang] += 1
                else:
                    missing[lang].add(text["en"])
        updated = dump(translate_node(data, translations))
        if updated != original:
            changed.append(path)
            if not dry_run:
                path.write_text(updated, encoding="utf-8")

    total = sum(1 for path in rules_files(rules_dir) for _ in iter_texts(load(path)))
    mode = "dry run, nothing written" if dry_run else "applied"
    print(f"{mode}: {total} text objects, {len(english_texts)} distinct English texts")
    for lang in LANGUAGES:
        print(
            f"  {lang}: {counts[lang]}/{total} texts set, "
            f"{len(english_texts) - len(missing[lang])}/{len(english_texts)} distinct covered"
        )
    verb = "would change" if dry_run else "changed"
    print(f"files {verb}: {len(changed)}")
    for path in changed:
        print(f"  {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    unused = {lang: sorted(set(translations[lang]) - english_texts) for lang in LANGUAGES}
    for lang in LANGUAGES:
        if unused[lang]:
            print(f"{lang}: {len(unused[lang])} translations match no English text (stale?)")
    incomplete = False
    for lang in LANGUAGES:
        if missing[lang]:
            incomplete = True
            print(f"{lang}: no translation for {len(missing[lang])} texts:")
            for english in sorted(missing[lang]):
                print(f"  - {english}")
    if not incomplete:
        print("every English text has a translation in every language")
    return 1 if incomplete else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    extract_parser = commands.add_parser("extract", help="list every distinct English text")
    extract_parser.add_argument("--output", type=Path, help="write the JSON array to this file")
    apply_parser = commands.add_parser("apply", help="write ar/uk/tr into the rules files")
    apply_parser.add_argument("--dry-run", action="store_true", help="report only, write nothing")
    args = parser.parse_args(argv)

    if args.command == "extract":
        output = json.dumps(extract(), ensure_ascii=False, indent=2) + "\n"
        if args.output:
            args.output.write_text(output, encoding="utf-8")
            print(f"{len(json.loads(output))} texts written to {args.output}", file=sys.stderr)
        else:
            sys.stdout.write(output)
        return 0
    return apply(dry_run=args.dry_run)


if __name__ == "__main__":
    sys.exit(main())
