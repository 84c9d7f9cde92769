"""Cost of the languages detection chooses among: lingua with one set of languages against another.

Each set runs in fresh processes, alternating (so that a burst of load on a shared machine falls
on both alike): a process builds the detector, detects the made-up sentences below once (lingua
loads each language's models on first use: that is the load time) and then ``--repeat`` times
more (the time a text), and reports its peak resident memory. The script prints the median of
each figure over ``--runs`` processes and what each set detected for each sentence.

    .venv/bin/python benchmarks/language_detection.py
    .venv/bin/python benchmarks/language_detection.py --runs 7 --before en,ru,ar,fr,de,es
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

from claimledger.settings import DEFAULT_LANGUAGES

# One made-up sentence a language (a news-like report of a commander's death), and one in a
# language outside every set (Portuguese), which detection can only misplace.
SENTENCES = {
    "en": "According to local police, the group's commander died yesterday during a raid.",
    "it": "Secondo la polizia locale, il comandante del gruppo sarebbe morto ieri sera.",
    "es": "Según la policía local, el comandante del grupo murió ayer durante una operación.",
    "fr": "Selon la police locale, le commandant du groupe serait mort hier soir.",
    "ru": "По данным местной полиции, командир группы погиб вчера во время рейда.",
    "uk": "За даними місцевої поліції, командир групи загинув учора під час рейду.",
    "tr": "Yerel polise göre, grubun komutanı dün bir baskın sırasında öldü.",
    "ar": "قالت الشرطة المحلية إن قائد الجماعة قتل أمس خلال مداهمة.",
    "fa": "به گفته پلیس محلی، فرمانده گروه دیروز در یک یورش کشته شد.",
    "ur": "مقامی پولیس کے مطابق گروپ کا کمانڈر گزشتہ روز ایک کارروائی کے دوران ہلاک ہو گیا۔",
    "pt": "Segundo a polícia local, o comandante do grupo morreu ontem durante uma operação.",
}

CHILD = """
import json, resource, sys, time
from claimledger.ingest.normalize import detect_language
languages, repeat = tuple(sys.argv[1].split(",")), int(sys.argv[2])
sentences = json.loads(sys.argv[3])
start = time.perf_counter()
found = {key: detect_language(text, languages) for key, text in sentences.items()}
first = time.perf_counter() - start
start = time.perf_counter()
for _ in range(repeat):
    for text in sentences.values():
        detect_language(text, languages)
each = (time.perf_counter() - start) / (repeat * len(sentences))
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"first": first, "each": each, "rss": rss, "found": found}))
"""


def _run(languages: str, repeat: int) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, languages, str(repeat), json.dumps(SENTENCES)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="en,ru,ar,fr,de,es,uk,tr,fa,kk")
    parser.add_argument("--after", default=",".join(DEFAULT_LANGUAGES))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    results: dict[str, list[dict]] = {args.before: [], args.after: []}
    for _ in range(args.runs):
        for languages in results:
            results[languages].append(_run(languages, args.repeat))
    for languages, runs in results.items():
        first = statistics.median(r["first"] for r in runs)
        each = statistics.median(r["each"] for r in runs) * 1000
        rss = statistics.median(r["rss"] for r in runs)
        print(f"{languages}")
        print(f"  load + first pass {first:.2f} s, then {each:.2f} ms a sentence")
        print(f"  peak RSS {rss:.0f} MB")
        print(f"  detected: {runs[0]['found']}")


if __name__ == "__main__":
    main()
