"""Korean names written in Cyrillic, read the way English news spells them.

Russian writes Korean names by syllable ("Ким Чен Ын", "Ким Ир Сен") with letters that a plain
transliteration turns into "Kim Chen Yn" and "Kim Ir Sen", which share no key with "Kim
Jong-un" and "Kim Il-sung". A name whose every word is a Korean syllable of the table in
``claimledger/data/names/korean-cyrillic.yaml`` (the last word perhaps with a Russian case
ending: "Ким Чен Ына") is spelt with the table's Latin syllables instead.
"""

from __future__ import annotations

from functools import cache, lru_cache
from importlib import resources

DATA = "data/names/korean-cyrillic.yaml"
# A one-word name is no evidence of Korean ("Ли" alone is also a Russian particle).
MIN_WORDS = 2


@cache
def _table() -> tuple[dict[str, str], tuple[str, ...]]:
    import yaml  # only a Cyrillic name needs the table; read commands start without it

    text = resources.files("claimledger").joinpath(DATA).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    syllables = {str(k).casefold(): str(v) for k, v in data["syllables"].items()}
    endings = tuple(sorted((str(e) for e in data["case_endings"]), key=len, reverse=True))
    return syllables, endings


@lru_cache(maxsize=1 << 14)
def korean_latin(words: tuple[str, ...]) -> tuple[str, ...] | None:
    """A Cyrillic Korean name as Latin words (family name, hyphenated given name), or ``None``
    when it is not one: ("Ким", "Чен", "Ына") -> ("kim", "jong-un")."""
    if len(words) < MIN_WORDS:
        return None
    syllables, endings = _table()
    out: list[str] = []
    for i, word in enumerate(words):
        key = word.casefold().strip("-")
        latin = syllables.get(key)
        if latin is None and i == len(words) - 1:
            latin = next(
                (
                    syllables[key[: -len(e)]]
                    for e in endings
                    if key.endswith(e) and key[: -len(e)] in syllables
                ),
                None,
            )
        if latin is None:
            return None
        out.append(latin)
    # The given name's syllables are joined as English spells them ("Kim Jong-un"), so the keys
    # treat them as the Latin spelling's words are treated.
    return (out[0], "-".join(out[1:]))
