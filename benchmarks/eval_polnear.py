"""Attribution sources on PolNeAR (Newell et al. 2018): who is credited with what is said.

For every article (the first annotator's file when several annotated it), every cue we detect
(a reporting verb, "according to", "citing") is run through ``attribute``: the trigger is the
head of the cue's complement clause, or the cue verb itself when it has none ('"...," he
said'). Each cue whose innermost source has a span gives one predicted (cue, source) pair.

Matching, one-to-one, greedy in text order. A prediction matches a gold attribution when the
cue spans overlap and the source spans
  - exact: cover the same text once a leading determiner and outer punctuation are trimmed
    from both (case-insensitive), or
  - overlap: share at least one character.
Precision = matched predictions / predictions; recall = matched gold / gold attributions that
have a Source span. Cue detection (cue overlap only) is reported alongside.

    .venv/bin/python benchmarks/eval_polnear.py [--data DIR] [--limit N]
"""

from __future__ import annotations

import argparse
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, Token

from claimledger.extract import lexicon
from claimledger.extract.attribution import attribute
from claimledger.extract.modality import english_pipeline

logger = logging.getLogger(__name__)

DEFAULT_DATA = Path("/work/shared/data/polnear/test")
_LEADING = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Pair:
    cue: Span
    source: Span | None


def read_gold(ann: Path) -> list[Pair]:
    """Attribution relations of one BRAT .ann file: cue span and source span (or None)."""
    spans: dict[str, Span] = {}
    relations = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            key, info, *_ = line.split("\t")
            _kind, rest = info.split(" ", 1)
            # Discontinuous spans ("0 5;9 12"): from the first start to the last end.
            numbers = [int(n) for n in re.findall(r"\d+", rest)]
            spans[key] = (numbers[0], numbers[-1])
        elif line.startswith("E"):
            roles = dict(part.split(":", 1) for part in line.split("\t")[1].split())
            if "Cue" in roles:
                source = roles.get("Source")
                relations.append(Pair(spans[roles["Cue"]], spans.get(source) if source else None))
    return relations


def _cues(doc: Doc) -> list[Token]:
    found = []
    for tok in doc:
        verb = tok.lemma_.lower() in lexicon.REPORT_VERBS and tok.pos_ in {"VERB", "AUX"}
        if verb or tok.lower_ == "according" or tok.lemma_.lower() in lexicon.CITING_VERBS:
            found.append(tok)
    return found


def _trigger_for(cue: Token) -> Token:
    if cue.lower_ == "according" or cue.lemma_.lower() in lexicon.CITING_VERBS:
        return cue.head if cue.head != cue else cue
    complement = [c for c in cue.children if c.dep_ in {"ccomp", "xcomp"}]
    return complement[0] if complement else cue


def predict(doc: Doc) -> list[Pair]:
    pairs: dict[int, Pair] = {}
    sents = list(doc.sents)
    for cue in _cues(doc):
        sent = cue.sent
        context = [s for s in sents if s.end <= sent.start][-3:]
        found = attribute(sent, _trigger_for(cue), context=context)
        if found.cue_start is None or found.claimant_start is None or found.claimant_end is None:
            continue
        cue_tok = next((t for t in sent if t.idx == found.cue_start), cue)
        cue_span = (cue_tok.idx, cue_tok.idx + len(cue_tok))
        pairs.setdefault(cue_tok.idx, Pair(cue_span, (found.claimant_start, found.claimant_end)))
    return list(pairs.values())


def _overlap(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _norm(text: str) -> str:
    return _LEADING.sub("", text.strip(" \t\n,.;:\"'“”‘’()")).lower()


def match(gold: list[Pair], pred: list[Pair], text: str, *, exact: bool) -> int:
    used: set[int] = set()
    hits = 0
    for p in pred:
        assert p.source is not None
        for i, g in enumerate(gold):
            if i in used or g.source is None or not _overlap(p.cue, g.cue):
                continue
            if exact:
                ok = _norm(text[slice(*p.source)]) == _norm(text[slice(*g.source)])
            else:
                ok = _overlap(p.source, g.source)
            if ok:
                used.add(i)
                hits += 1
                break
    return hits


def _cue_hits(gold: list[Pair], pred: list[Pair]) -> tuple[int, int]:
    pred_hit = sum(any(_overlap(p.cue, g.cue) for g in gold) for p in pred)
    gold_hit = sum(any(_overlap(p.cue, g.cue) for p in pred) for g in gold)
    return pred_hit, gold_hit


def _prf(hits_p: int, n_pred: int, hits_g: int, n_gold: int) -> str:
    p = hits_p / n_pred if n_pred else 0.0
    r = hits_g / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"precision {p:.3f} recall {r:.3f} F1 {f:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="PolNeAR split folder")
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    args = parser.parse_args()
    nlp = english_pipeline()
    texts = sorted((args.data / "text").glob("*.txt"))[: args.limit or None]
    totals = dict.fromkeys(("gold", "gold_src", "pred", "exact", "overlap", "cue_p", "cue_g"), 0)
    for path in texts:
        anns = sorted((args.data / "attributions").glob(f"{path.stem}_*.ann"))
        if not anns:
            continue
        text = path.read_text(encoding="utf-8")
        gold = read_gold(anns[0])
        pred = predict(nlp(text))
        totals["gold"] += len(gold)
        totals["gold_src"] += sum(g.source is not None for g in gold)
        totals["pred"] += len(pred)
        totals["exact"] += match(gold, pred, text, exact=True)
        totals["overlap"] += match(gold, pred, text, exact=False)
        cue_p, cue_g = _cue_hits(gold, pred)
        totals["cue_p"] += cue_p
        totals["cue_g"] += cue_g
    t = totals
    print(f"PolNeAR {args.data.name}: {len(texts)} articles, {t['gold']} gold attributions "
          f"({t['gold_src']} with a source), {t['pred']} predicted")  # fmt: skip
    print(f"source exact:   {_prf(t['exact'], t['pred'], t['exact'], t['gold_src'])}")
    print(f"source overlap: {_prf(t['overlap'], t['pred'], t['overlap'], t['gold_src'])}")
    print(f"cue (overlap):  {_prf(t['cue_p'], t['pred'], t['cue_g'], t['gold'])}")


if __name__ == "__main__":
    main()
