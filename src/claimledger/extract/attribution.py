"""Attribution: who says a claim, and through whom it reached the document.

Rule set ``attribution.rules.v1``. It reads the dependency parse of one spaCy sentence around
the claim's trigger token (the word expressing the predicate):

1. Walk from the trigger up to the sentence root. Every reporting verb on that path whose
   complement contains the trigger ("X *said* that Y was killed") is a source; so is every
   "according to Z", "citing Z"/"quoting Z" and "as Z said" attached to a node of the path.
   Sources found nearer the trigger are nearer the origin.
2. A reporting verb elsewhere in the sentence with no complement of its own is a trailing
   relay ("..., Reuters reports."): it is the outermost source.
3. The innermost source is the claimant; the others, from the claimant outwards, are ``via``
   (so "Reuters reports the ministry said" gives claimant "Russian Defense Ministry",
   via ("Reuters",)). An impersonal source ("it was reported", "they wrote", "according to
   information") leaves the claimant ``None``; a generic media description ("media reports",
   "the press") is kept as written.
4. A spokesperson noun with an "of"/"for" organisation ("a representative of the coalition",
   "the ministry's spokesman") yields the organisation: the claim is the organisation's.
5. A pronoun claimant ("he said", "according to her") is resolved to the nearest preceding
   PERSON (or ORG for "it") in the sentence, then in the context sentences.
6. When the sentence has no source at all, a reporting verb of the previous context sentence
   that ends with a colon or opens a quotation ("He added:") is used.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Span, Token

from claimledger.extract import lexicon
from claimledger.extract.spans import span_text

logger = logging.getLogger(__name__)

RULES_NAME = "attribution.rules.v1"

# Edges by which a claim's clause hangs from the reporting verb that introduces it.
_COMPLEMENT_DEPS = frozenset(
    {"ccomp", "xcomp", "dobj", "nsubjpass", "attr", "parataxis", "advcl", "prep", "oprd",
     "acomp", "conj"}
)  # fmt: skip
# Parts of a noun phrase that are not part of the name.
_DROP_DEPS = frozenset({"relcl", "appos", "acl", "punct", "advcl", "cc", "conj", "prep"})
# Prepositions whose object is part of a name or description ("Ministry of Defense",
# "a source in the security services", "officials at the embassy").
_NAME_PREPS = frozenset({"of", "in", "at", "from", "within", "for"})
_PRONOUNS_PERSON = frozenset({"he", "him", "she", "her", "his", "hers"})
_PRONOUNS_THING = frozenset({"it", "its"})
_PRONOUNS_PLURAL = frozenset({"they", "them", "their"})


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who says the claim (``None``: the document itself, or an unnamed source) and relays.

    ``via`` runs from the claimant outwards: the first relay heard it from the claimant.
    ``cue`` is the innermost cue word or phrase, ``cue_start`` its character offset in the doc.
    ``impersonal`` is True when the source is an impersonal or generic description
    ("it was reported", "they wrote", "media reports"). ``claimant_start``/``claimant_end`` are
    the character offsets in the doc of the claimant as written (the pronoun itself when
    ``claimant`` was resolved from one).
    """

    claimant: str | None
    via: tuple[str, ...] = ()
    cue: str | None = None
    cue_start: int | None = None
    impersonal: bool = False
    claimant_start: int | None = None
    claimant_end: int | None = None


@dataclass(frozen=True, slots=True)
class _Source:
    cue: str
    cue_start: int
    name: str | None
    impersonal: bool
    # "..., Reuters reports.": a reporting clause set off after the content by a comma.
    postposed: bool = False
    span: tuple[int, int] | None = None


def attribute(sent: Span, trigger: Token, *, context: Sequence[Span] = ()) -> Attribution:
    """Find the claimant and relays of the claim whose predicate is ``trigger`` in ``sent``."""
    sources = _path_sources(sent, trigger, context)
    if _is_speech_act(trigger):
        # The claim is the speech act itself ("X denied it", "X expressed doubts").
        sources.insert(0, _verb_source(trigger, context))
    sources.extend(_trailing_relays(sent, trigger, sources, context))
    if len(sources) > 1:
        # The parser often hangs the content from a trailing "X reports"; it is still a relay.
        sources.sort(key=lambda s: s.postposed and s.cue_start > trigger.idx)
    if not sources and context:
        sources = _context_sources(context)
    if not sources:
        return Attribution(claimant=None)
    inner = sources[0]
    via = tuple(s.name for s in sources[1:] if s.name)
    return Attribution(
        claimant=inner.name,
        via=via,
        cue=inner.cue,
        cue_start=inner.cue_start,
        impersonal=inner.impersonal,
        claimant_start=inner.span[0] if inner.span else None,
        claimant_end=inner.span[1] if inner.span else None,
    )


def _reports(tok: Token) -> bool:
    return tok.lemma_.lower() in lexicon.REPORT_VERBS and tok.pos_ in {"VERB", "AUX"}


def _is_speech_act(tok: Token) -> bool:
    """An active reporting verb with a subject: "X denied it", "X expressed doubts"."""
    return (
        tok.lemma_.lower() in lexicon.REPORT_VERBS
        and tok.pos_ in {"VERB", "AUX"}
        and any(c.dep_ == "nsubj" for c in tok.children)
    )


def _path_sources(sent: Span, trigger: Token, context: Sequence[Span]) -> list[_Source]:
    """Sources on the path from the trigger to the root, innermost first."""
    found: list[_Source] = []
    node, child = trigger, None
    while True:
        if child is not None and _reports(node) and child.dep_ in _COMPLEMENT_DEPS:
            if not is_artifact_of(child, node):
                found.append(_verb_source(node, context))
        elif child is not None and _is_ruling(node, child):
            found.append(_verb_source(node, context))
        for dependent in node.children:
            if dependent != child:
                found.extend(_dependent_sources(dependent, context))
        if node.head == node or node.head.i < sent.start or node.head.i >= sent.end:
            break
        if node.dep_ in {"nsubj", "csubj"} and node.head.lemma_.lower() in lexicon.REPORT_VERBS:
            # The trigger sits in the speaker's description, not in what is said.
            break
        node, child = node.head, node
    return found


def _is_ruling(verb: Token, child: Token) -> bool:
    """ "the court decided/ordered to detain X": a ruling body's decision is its own statement
    of what it does to the person, so the body is the claimant."""
    if verb.lemma_.lower() not in lexicon.RULING_VERBS or child.dep_ not in {"xcomp", "ccomp"}:
        return False
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subj is not None and subj.lemma_.lower() in lexicon.RULING_BODIES


def is_artifact_of(child: Token, verb: Token) -> bool:
    """ "the video was published", "posted a recording": the verb makes a message public; its
    subject or object is the thing published, not a statement reported."""
    return child.dep_ in {"nsubjpass", "dobj"} and child.lemma_.lower() in lexicon.MESSAGE_NOUNS


def _dependent_sources(dep: Token, context: Sequence[Span]) -> list[_Source]:
    """ "according to Z", "citing Z" and "as Z said" hanging from a node of the path."""
    lemma = dep.lemma_.lower()
    if dep.lower_ == "according" or (lemma == "accord" and dep.dep_ == "prep"):
        for to in dep.children:
            objs = [c for c in to.children if c.dep_ == "pobj"]
            if to.lower_ == "to" and objs:
                return [_noun_source(objs[0], "according to", dep, context)]
        return []
    if lemma in lexicon.CITING_VERBS and dep.dep_ in {"advcl", "xcomp", "conj", "prep"}:
        objs = [c for c in dep.children if c.dep_ in {"dobj", "pobj"}]
        return [_noun_source(objs[0], dep.text, dep, context)] if objs else []
    if lemma in lexicon.REPORT_VERBS and _is_as_clause(dep):
        # "As the ministry said, ...": the clause reports the sentence it hangs from.
        return [_verb_source(dep, context)]
    return []


def _is_as_clause(verb: Token) -> bool:
    return verb.dep_ in {"advcl", "parataxis"} and any(
        c.dep_ == "mark" and c.lower_ == "as" for c in verb.children
    )


def _trailing_relays(
    sent: Span, trigger: Token, found: list[_Source], context: Sequence[Span]
) -> list[_Source]:
    """Reporting verbs with a subject and no complement: "..., Reuters reports."."""
    seen = {s.cue_start for s in found}
    relays: list[_Source] = []
    for tok in sent:
        if tok.lemma_.lower() not in lexicon.REPORT_VERBS or tok.pos_ not in {"VERB", "AUX"}:
            continue
        if tok.idx in seen or tok in trigger.ancestors or tok == trigger:
            continue
        if _is_as_clause(tok):
            # "..., as reported by X": attributes the whole sentence wherever it hangs.
            relays.append(_verb_source(tok, context))
            continue
        if any(c.dep_ in {"ccomp", "xcomp", "dobj", "mark"} for c in tok.children):
            continue
        if tok.dep_ not in {"ccomp", "parataxis", "ROOT", "conj"}:
            continue
        if not any(c.dep_ in {"nsubj", "nsubjpass"} for c in tok.children):
            continue
        relays.append(_verb_source(tok, context))
    return relays


def _context_sources(context: Sequence[Span]) -> list[_Source]:
    """A lead-in such as "He added:" at the end of the previous sentence."""
    prev = context[-1]
    text = span_text(prev).rstrip()
    if not (text.endswith(":") or text.endswith(("“", '"'))):
        return []
    for tok in reversed(prev):
        if tok.lemma_.lower() in lexicon.REPORT_VERBS and tok.pos_ in {"VERB", "AUX"}:
            return [_verb_source(tok, context[:-1])]
    return []


def _verb_source(verb: Token, context: Sequence[Span]) -> _Source:
    """The source of a reporting verb: its subject, or the agent of a passive."""
    subj = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subj is None or subj.dep_ == "nsubjpass":
        # "It was reported", "X is believed to": the speaker is the agent, if any.
        subj = _passive_agent(verb)
    elif subj is None and verb.dep_ == "conj":
        # "The ministry confirmed and said ...": the subject is the first conjunct's.
        subj = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    phrase = _verb_phrase(verb)
    if subj is not None and subj.lower_ in {"that", "which", "who"} and verb.dep_ == "relcl":
        subj = verb.head  # "the agency, which reported that ...": the relative's antecedent
    if subj is None or subj.lower_ in {"that", "which", "what", "who"}:
        return _Source(phrase, verb.idx, None, True)
    source = _noun_source(subj, phrase, verb, context)
    left = subj.left_edge
    if verb.i > subj.i and left.i > 0 and left.doc[left.i - 1].text == ",":
        source = dataclasses.replace(source, postposed=True)
    return source


def _passive_agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _verb_phrase(verb: Token) -> str:
    """The cue as written: "said", "was reported", "walked back"."""
    parts = [c for c in verb.children if c.dep_ in {"auxpass", "prt", "neg"}]
    parts.append(verb)
    return " ".join(t.text for t in sorted(parts, key=lambda t: t.i))


def _noun_source(head: Token, cue: str, cue_tok: Token, context: Sequence[Span]) -> _Source:
    """A source named by a noun phrase headed by ``head``: cleaned, resolved, described."""
    low = head.lower_
    if head.pos_ == "PRON" or low in lexicon.IMPERSONAL_SUBJECTS:
        name = _resolve_pronoun(head, context)
        return _Source(cue, cue_tok.idx, name, name is None, span=_span([head]))
    org = _spoken_for(head)
    if org is not None:
        head = org
    if head.lemma_.lower() in lexicon.ANONYMOUS_SOURCE_NOUNS and not _has_named_part(head):
        # "according to information / official data": evidence, not hearsay; no claimant.
        return _Source(cue, cue_tok.idx, None, False, span=_span(_phrase_tokens(head)))
    name = noun_phrase(head)
    # "according to reports", "sources say": a report with no reporter is impersonal.
    unnamed = head.lemma_.lower() in lexicon.ANONYMOUS_REPORT_NOUNS and not _has_named_part(head)
    return _Source(cue, cue_tok.idx, name or None, unnamed, span=_span(_trimmed(head)))


def _span(tokens: Sequence[Token]) -> tuple[int, int] | None:
    if not tokens:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _has_named_part(head: Token) -> bool:
    return any(t.ent_type_ and t.ent_type_ not in {"DATE", "TIME", "CARDINAL"} for t in
               _phrase_tokens(head))  # fmt: skip


def _spoken_for(head: Token) -> Token | None:
    """ "a representative of the coalition" / "the ministry's spokesman" -> the organisation."""
    words = " ".join(t.lower_ for t in _phrase_tokens(head) if t.dep_ == "compound")
    role = f"{words} {head.lower_}".strip()
    if head.lower_ not in lexicon.SPOKESPERSON_NOUNS and role not in lexicon.SPOKESPERSON_NOUNS:
        return None
    for child in head.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ in {"of", "for", "from"}:
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    return None


def _phrase_tokens(head: Token) -> list[Token]:
    """The tokens of the name headed by ``head``: modifiers and "of" complements, no clauses."""
    keep = [head]
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in _NAME_PREPS and child.i > head.i:
            keep.append(child)
            keep.extend(t for c in child.children if c.dep_ == "pobj" for t in _phrase_tokens(c))
        elif child.dep_ not in _DROP_DEPS:
            keep.extend(child.subtree)
    return sorted(set(keep), key=lambda t: t.i)


def noun_phrase(head: Token) -> str:
    """The cleaned name of the noun phrase headed by ``head``: no determiner, no clauses."""
    tokens = _trimmed(head)
    tokens = [t for t in tokens if t.dep_ != "case" or t.head.i < head.i]
    return "".join(t.text_with_ws for t in tokens).strip(" ,;:\"'“”’")


def _trimmed(head: Token) -> list[Token]:
    """The phrase's tokens without leading determiners and punctuation."""
    tokens = _phrase_tokens(head)
    while tokens and (tokens[0].dep_ in {"det", "predet"} or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    return tokens


def _resolve_pronoun(pron: Token, context: Sequence[Span]) -> str | None:
    """Nearest preceding PERSON (he/she) or ORG (it) named before ``pron``."""
    low = pron.lower_
    if low in _PRONOUNS_PERSON:
        labels = {"PERSON"}
    elif low in _PRONOUNS_THING:
        labels = {"ORG"}
    elif low in _PRONOUNS_PLURAL:
        labels = {"NORP"}  # "they" = a people named in the plural ("the Americans") or nobody
    else:
        return None  # "we", "one", "you": generic, left unnamed
    before = [e for e in pron.doc.ents if e.end <= pron.i and e.sent == pron.sent]
    candidates = list(_ents_in(context)) + before
    for ent in reversed(candidates):
        if ent.label_ in labels and (labels != {"NORP"} or _plural_people(ent)):
            return _clean_entity(ent.text)
    return None


def _plural_people(ent: Span) -> bool:
    """ "the Americans", "Iraqis": a NORP name in the plural, which "they" can stand for."""
    root = ent.root
    return root.tag_ in {"NNPS", "NNS"} or (root.text.endswith("s") and root.pos_ != "ADJ")


def _ents_in(spans: Iterable[Span]) -> Iterable[Span]:
    for span in spans:
        yield from span.ents


def _clean_entity(text: str) -> str:
    return re.sub(r"^(the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE)


# "the Al-Jazeera TV channel", "Interfax news agency": the outlet's name alone.
_MEDIA_SUFFIX = re.compile(
    r"\s+(?:tv channel|tv station|television channel|channel|news agency|agency|newspaper|"
    r"broadcaster|tv|radio station|website|daily)$",
    re.IGNORECASE,
)
_DEFENCE = re.compile(r"\bdefen[cs]e\b", re.IGNORECASE)
_X_MINISTRY = re.compile(r"^(?P<x>.*?)\s*\b(?P<topic>[\w-]+) Ministry$", re.IGNORECASE)


def normalize_claimant(name: str) -> str:
    """One form per claimant for counting origins.

    Strips articles, a possessive "'s", quotes and extra spaces; writes "Defence" as "Defense";
    turns "X <Topic> Ministry" into "X Ministry of <Topic>" for subject-area topics (defense,
    health, interior, ...), so "Russian Defense Ministry", "the Russian Defence Ministry" and
    "Russian Ministry of Defense" are one. "Foreign Ministry" is left as written: its long form
    ("Ministry of Foreign Affairs") is not a mechanical rewrite.
    """
    text = re.sub(r"\s+", " ", name).strip(" \t\"'“”‘’.,;:")
    text = re.sub(r"^(the|a|an)\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"[’']s$", "", text).strip()
    text = _MEDIA_SUFFIX.sub("", text) if text[:1].isupper() else text
    text = _DEFENCE.sub("Defense", text)
    match = _X_MINISTRY.match(text)
    if match and _is_topic(match.group("topic")):
        prefix = match.group("x").strip()
        topic = match.group("topic")
        text = f"{prefix} Ministry of {topic[0].upper()}{topic[1:]}".strip()
    return text


# Ministry topics written before "Ministry" whose "Ministry of <Topic>" form is the usual name.
_TOPICS = frozenset(
    {"defense", "health", "interior", "justice", "finance", "education", "agriculture",
     "energy", "culture", "labour", "labor", "transport"}
)  # fmt: skip


def _is_topic(word: str) -> bool:
    return word.lower() in _TOPICS
