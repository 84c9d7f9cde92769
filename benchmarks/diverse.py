"""A diverse news-like corpus: thousands of distinct people in many articles, for scale runs.

Replicated sample text names the same few people in every copy, so the entity index never
grows; a real stream names thousands. This generator builds N distinct news-length articles
(about 600 words) from real sentences in ``../shared/data/`` -- paragraphs of the PolNeAR news
articles, the CLEF CheckThat! verified claims, the PHEME source tweets (links and handles
removed) -- and adds generated people (``synthetic.make_person``'s Arabic, Russian and English
styles, plus Spanish, Chinese-pinyin and West African styles; some written in Cyrillic or
with accents dropped): most articles only quote or mention people (officials, witnesses,
analysts), about a quarter report that someone was killed, wounded, arrested or seen alive, on
many dates and in many places. People come back in later articles with a heavy-tailed
frequency (a few are in the news for weeks, most once), under their spelling variants.

Nothing is written to the repository: the corpus goes to ``benchmarks/out/``.

    .venv/bin/python benchmarks/diverse.py --articles 20000     # benchmarks/out/diverse-20000.jsonl
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from synthetic import CITIES, COUNTRIES, Person, _to_cyrillic, _words, make_person

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "benchmarks" / "out"
WORDS_PER_ARTICLE = 600
FIRST_DAY = date(2015, 1, 1)
DAYS = 3650

# ---- more naming styles -------------------------------------------------------------------

ES_GIVEN = _words("José Luis Juan Carlos Miguel Ángel Jesús Andrés Sebastián Martín Raúl Iván")
ES_SURNAME = _words(
    "García Martínez Rodríguez López Hernández González Pérez Sánchez Ramírez Torres Flores "
    "Rivera Gómez Díaz Cruz Morales Reyes Ortiz Gutiérrez Chávez Ramos Ruiz Mendoza Vargas "
    "Castillo Jiménez Moreno Romero Herrera Medina Aguilar Navarro Domínguez Vázquez Castro"
)
ZH_SURNAME = _words("Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin")
ZH_SYLLABLE = _words(
    "wei jian guo ming hua jun ping hong xiao li qiang yong jie tao bin lei feng hai bo yu "
    "chen kai zhi peng xin dong"
)
AF_GIVEN = _words("Abubakar Ibrahim Musa Aliyu Chukwuemeka Oluwaseun Kwame Kofi Amadou Moussa")
AF_START = _words("Ade Oba Nwa Oko Eze Olu Ban Kan Dia Tra Kou Sang")
AF_END = _words("yemi sanjo chukwu nkwo bayo wale oré ndou oré llo bili mba")


def _spanish(rng: random.Random) -> tuple[str, list[str], list[str]]:
    given = rng.choice(ES_GIVEN)
    first, second = rng.sample(ES_SURNAME, 2)
    name = f"{given} {first} {second}"
    plain = name.encode("ascii", "ignore").decode() if rng.random() < 0.5 else name
    spellings = [name, f"{given} {first}", plain]
    return name, spellings, spellings[1:]


def _chinese(rng: random.Random) -> tuple[str, list[str], list[str]]:
    surname = rng.choice(ZH_SURNAME)
    given = "".join(rng.sample(ZH_SYLLABLE, 2)).capitalize()
    name = f"{surname} {given}"
    spellings = [name, f"{given} {surname}"]
    return name, spellings, spellings[1:]


def _african(rng: random.Random) -> tuple[str, list[str], list[str]]:
    given = rng.choice(AF_GIVEN)
    surname = rng.choice(AF_START) + rng.choice(AF_END)
    name = f"{given} {surname}"
    spellings = [name, f"{given[0]}. {surname}"]
    return name, spellings, spellings[1:]


def new_person(rng: random.Random, number: int) -> Person:
    """A person in one of six naming styles, with the spellings news would use."""
    style = rng.random()
    if style < 0.55:
        person = make_person(rng, number)  # Arabic, Russian or English style
        if rng.random() < 0.08:  # written in Cyrillic in some reports
            cyrillic = _to_cyrillic(person.name)
            return Person(person.id, person.name, (*person.variants, cyrillic), person.aliases)
        return person
    maker = _spanish if style < 0.7 else _chinese if style < 0.85 else _african
    name, spellings, aliases = maker(rng)
    return Person(f"p{number:07d}", name, tuple(dict.fromkeys(spellings)), tuple(aliases))


# ---- real sentences ---------------------------------------------------------------------------

_LINK = re.compile(r"https?://\S+|@\w+|#|\bRT\b:?")


@dataclass(frozen=True)
class Sources:
    """Real text to build articles from: news paragraphs, one-sentence claims, tweets."""

    paragraphs: tuple[str, ...]
    claims: tuple[str, ...]
    tweets: tuple[str, ...]

    @classmethod
    def load(cls, data: Path = DATA) -> Sources:
        paragraphs = []
        for path in sorted((data / "polnear").glob("*/text/*.txt")):
            text = path.read_text(encoding="utf-8")
            paragraphs += [p.strip() for p in text.split("\n\n")[1:] if len(p.split()) >= 12]
        claims = []
        with (data / "clef2021-checkthat-task2a-en" / "CT2021-Task2A-EN-Verified_Claims.txt").open(
            encoding="utf-8"
        ) as handle:
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                # Read without CSV quoting (the file has stray quotes): undo its doubling.
                claim = (row.get("vclaim") or "").strip().strip('"').replace('""', '"')
                if len(claim.split()) >= 6:
                    claims.append(claim if claim.endswith((".", "?", "!")) else claim + ".")
        tweets = []
        for line in (data / "pheme-veracity" / "pheme_source_tweets.jsonl").open(encoding="utf-8"):
            record = json.loads(line)
            if record.get("lang") != "en":
                continue
            text = " ".join(_LINK.sub("", record["text"]).split())
            if len(text.split()) >= 8:
                tweets.append(text)
        if not paragraphs or not claims or not tweets:
            raise SystemExit(f"Error: no source text found under {data}")
        return cls(tuple(paragraphs), tuple(claims), tuple(tweets))


# ---- people in the news -----------------------------------------------------------------------

ROLES = (
    "a spokesman for the interior ministry",
    "the mayor of {city}",
    "a local commander",
    "a senior official",
    "a human rights lawyer",
    "an analyst at a research institute in {city}",
    "a member of parliament",
    "a witness",
    "the head of the regional council",
    "a doctor at the main hospital in {city}",
)
GROUPS = ("the armed group", "the militia", "the rebel movement", "the opposition front")
TOPICS = (
    "the talks would resume next week",
    "the budget would be debated in parliament this month",
    "prices had risen sharply since the spring",
    "the new road to {city} would open before the winter",
    "the election results would be announced on Monday",
    "the ceasefire around {city} was holding",
    "aid convoys had reached {city}",
    "the investigation into the contracts was continuing",
)
CLAIMANTS = (
    "the interior ministry",
    "a military spokesman",
    "local media",
    "state television",
    "a statement from the group",
    "residents",
    "the provincial governor",
    "security sources",
)


def _day(rng: random.Random) -> date:
    return FIRST_DAY + timedelta(days=rng.randrange(DAYS))


def _when(rng: random.Random, day: date) -> str:
    return rng.choice((f"on {day:%B} {day.day}", f"on {day:%A}", f"in {day:%B %Y}", "last week"))


def mention_sentence(rng: random.Random, name: str) -> str:
    """A sentence naming a person about something other than what happened to them."""
    city = rng.choice(CITIES)
    role = rng.choice(ROLES).format(city=city)
    topic = rng.choice(TOPICS).format(city=city)
    return rng.choice(
        (
            f"{name}, {role}, said {topic}.",
            f"“We expect more,” said {name}, {role}.",
            f"{name} told reporters in {city} that {topic}.",
            f"According to {name}, {role}, {topic}.",
        )
    )


def event_sentence(rng: random.Random, name: str, day: date) -> str:
    """A report that something happened to a person: killed, wounded, arrested, seen alive."""
    city, claimant = rng.choice(CITIES), rng.choice(CLAIMANTS)
    when, group = _when(rng, day), rng.choice(GROUPS)
    country = rng.choice(COUNTRIES)
    return rng.choice(
        (
            f"{name}, a commander of {group}, was killed in an airstrike near {city} {when}, "
            f"{claimant} said.",
            f"{name} was reportedly killed in clashes outside {city} {when}.",
            f"{name} was wounded in an attack on a checkpoint in {city} {when}, {claimant} said.",
            f"{country} forces arrested {name} in {city} {when}, according to {claimant}.",
            f"{name}, a leader of {group}, was detained at the border {when}.",
            f"{name} appeared alive in a video released {when}, contradicting reports of "
            "his death.",
            f"{claimant.capitalize()} denied that {name} had been killed near {city}.",
        )
    )


# ---- articles ---------------------------------------------------------------------------------


class Newsroom:
    """Writes articles one by one; keeps a pool of people already in the news."""

    def __init__(self, sources: Sources, *, seed: int = 13, new_people: float = 0.55) -> None:
        self.rng = random.Random(seed)
        self.sources = sources
        self.people: list[Person] = []
        self.new_people = new_people

    def _someone(self) -> Person:
        """A new person, or one already named: recent and much-named people come back more."""
        rng = self.rng
        if not self.people or rng.random() < self.new_people:
            self.people.append(new_person(rng, len(self.people) + 1))
            return self.people[-1]
        # Heavy tail: mostly someone recent, sometimes anyone.
        if rng.random() < 0.7:
            back = min(len(self.people), int(rng.paretovariate(1.1)) * 3)
            return self.people[-back]
        return rng.choice(self.people)

    def _name(self, person: Person) -> str:
        return self.rng.choice(person.variants)

    def article(self, number: int) -> dict[str, object]:
        rng = self.rng
        day = _day(rng)
        paragraphs: list[str] = []
        words = 0
        people = [self._someone() for _ in range(rng.randint(1, 4))]
        reported = rng.random() < 0.25
        if reported:
            subject = people[0]
            paragraphs.append(event_sentence(rng, subject.name, day - timedelta(rng.randrange(5))))
        start = rng.randrange(len(self.sources.paragraphs))
        k = 0
        while words < WORDS_PER_ARTICLE:
            pick = rng.random()
            if pick < 0.6:
                text = self.sources.paragraphs[(start + k) % len(self.sources.paragraphs)]
                k += 1
            elif pick < 0.8:
                text = rng.choice(self.sources.claims)
            elif pick < 0.9:
                text = rng.choice(self.sources.tweets)
            else:
                person = rng.choice(people)
                if reported and person is people[0] and rng.random() < 0.5:
                    text = event_sentence(rng, self._name(person), day)
                else:
                    text = mention_sentence(rng, self._name(person))
            paragraphs.append(text)
            words += len(text.split())
        for person in people:  # every chosen person is named at least once
            if not any(v in p for p in paragraphs for v in person.variants):
                at = rng.randint(1, len(paragraphs))
                paragraphs.insert(at, mention_sentence(rng, person.name))
        title = " ".join(paragraphs[0].split()[:10]).rstrip(",.;:")
        dateline = f"{rng.choice(CITIES).upper()}, {day:%b} {day.day} -- "
        return {
            "id": f"diverse-{number:06d}",
            "title": title,
            "published_at": day.isoformat(),
            "text": dateline + "\n\n".join(paragraphs),
        }


def generate(articles: int, *, seed: int = 13) -> Iterator[dict[str, object]]:
    room = Newsroom(Sources.load(), seed=seed)
    for n in range(articles):
        yield room.article(n)


def write_corpus(path: Path, articles: int, *, seed: int = 13) -> tuple[int, int]:
    """Write the corpus as JSONL; returns (words, distinct people)."""
    words = 0
    room = Newsroom(Sources.load(), seed=seed)
    with path.open("w", encoding="utf-8") as handle:
        for n in range(articles):
            record = room.article(n)
            words += len(str(record["text"]).split())
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return words, len(room.people)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000, help="articles to write")
    parser.add_argument("--seed", type=int, default=13, help="random seed")
    parser.add_argument("--out", type=Path, default=None, help="JSONL file to write")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    path = args.out or OUT / f"diverse-{args.articles}.jsonl"
    words, people = write_corpus(path, args.articles, seed=args.seed)
    print(
        f"{path}: {args.articles} articles, {words} words ({words / args.articles:.0f}/article), "
        f"{people} distinct generated people",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
