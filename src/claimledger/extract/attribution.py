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
# "a source in the security services", "officials at the embassy", "a deputy to X").
_NAME_PREPS = frozenset({"of", "in", "at", "from", "within", "for", "to"})
# Nouns of people who speak: a participle of saying hung from one is theirs ("the deputy
# stating that ...").
_SPEAKER_NOUNS = lexicon.SPOKESPERSON_NOUNS | lexicon.SPEAKER_ROLES | lexicon.ENTOURAGE_NOUNS
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
    # The innermost source keeps its distance even inside a named speaker's words ("it was
    # reported"), unlike "according to sources" or "we", which are the speaker's own.
    distant: bool = False


@dataclass(frozen=True, slots=True)
class _Source:
    cue: str
    cue_start: int
    name: str | None
    impersonal: bool
    # "..., Reuters reports.": a reporting clause set off after the content by a comma.
    postposed: bool = False
    span: tuple[int, int] | None = None
    # "it was reported", "it is said": the source keeps its distance even inside a named
    # source's words (unlike "we", "they" or "citing a source", which are the speaker's own).
    distant: bool = False


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
    if not sources and (misread := _misparsed_report(sent, trigger)) is not None:
        sources = [_verb_source(misread, context)]
    if not sources and context:
        sources = _context_sources(context)
    if not sources:
        return Attribution(claimant=None)
    inner = sources[0]
    named = _innermost_named(sources)
    via = tuple(s.name for s in sources[sources.index(named) + 1 :] if s.name)
    return Attribution(
        claimant=named.name,
        via=via,
        cue=inner.cue,
        cue_start=inner.cue_start,
        impersonal=inner.impersonal if named is inner else inner.distant,
        claimant_start=inner.span[0] if inner.span else None,
        claimant_end=inner.span[1] if inner.span else None,
        distant=inner.distant,
    )


# Where the parser hangs a headline's reporting verb when it misreads it as a noun.
_MISREAD_VERB_DEPS = frozenset({"compound", "amod", "nmod", "nsubj", "nsubjpass"})


def _misparsed_report(sent: Span, trigger: Token) -> Token | None:
    """A headline's reporting verb that the parser read as a modifier ("Taliban deny leader X
    has died", with "deny" a compound of "leader", or the subject of "killed"): a reporting verb
    before the trigger, tagged as a verb, with a subject of its own, in a noun's place instead
    of heading a clause."""
    for tok in sent:
        if tok.i >= trigger.i:
            return None
        if (
            tok.pos_ == "VERB"
            and tok.dep_ in _MISREAD_VERB_DEPS
            and tok.lemma_.lower() in lexicon.REPORT_VERBS
            and any(c.dep_ == "nsubj" and c.i < tok.i for c in tok.children)
        ):
            return tok
    return None


def _innermost_named(sources: list[_Source]) -> _Source:
    """The claimant's source: the innermost one with a name. An unnamed source inside a named
    one ("X said it could not be confirmed", "X claimed, citing a solid source, ...", "we deny
    it," X said) is part of what the named source says: the claim is the named source's."""
    return next((s for s in sources if s.name), sources[0])


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
            if not is_artifact_of(child, node) and not _set_apart(child, node):
                found.append(_verb_source(node, context))
        elif child is not None and (_is_ruling(node, child) or characterized_false(node)):
            found.append(_verb_source(node, context))
        elif child is not None and (owner := report_owner(node)) is not None:
            found.append(_noun_source(owner, node.text, node, context))
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


def report_owner(noun: Token) -> Token | None:
    """ "US claims he was killed", "Russia's report of his death": a report noun whose maker
    is named in it; the maker is the source of what the report says."""
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in lexicon.OWNED_REPORT_NOUNS:
        return None
    for child in noun.children:
        named = child.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"}
        if child.dep_ in {"poss", "compound", "amod"} and named and child.i < noun.i:
            return child
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in lexicon.CARRYING_VERBS:
        # "news channels were carrying reports that ...": who carries the report relays it.
        return next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
    return None


def characterized_false(verb: Token) -> bool:
    """ "X referred to reports of his death as propaganda", "called the claim a lie": the verb
    characterises what it governs with a denial word; its subject denies it."""
    if verb.lemma_.lower() not in lexicon.CHARACTERIZING_VERBS:
        return False
    denial = lexicon.DENIAL_NOUNS | lexicon.DENIAL_ADJECTIVES
    for tok in verb.subtree:
        objs = [o for o in tok.children if o.dep_ == "pobj"]
        if (
            tok.lower_ == "as"
            and tok.dep_ == "prep"
            and any(o.lemma_.lower() in denial for o in objs)
        ):
            return True
        if tok.dep_ in {"oprd", "attr"} and tok.head == verb and tok.lemma_.lower() in denial:
            return True  # "called the reports lies"
    return False


def _set_apart(child: Token, verb: Token) -> bool:
    """ "X was reportedly killed; however, Y told the BBC that ...": a clause closed by a
    semicolon before the reporting verb is a sentence of its own, not what the verb reports."""
    if child.i > verb.i:
        return False
    between = verb.doc[child.right_edge.i + 1 : verb.i]
    return any(t.text == ";" and t.head == verb for t in between)


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
            # "according to Sunday morning Arab media reports": the parser may take the time
            # for one object and the reports for another.
            objs = [o for o in objs if _plausible_source(o)] or objs
            if to.lower_ == "to" and objs:
                return [
                    *_cited_by(objs[0], context),
                    _noun_source(objs[0], "according to", dep, context),
                ]
        return []
    if lemma in lexicon.CITING_VERBS and dep.dep_ in {"advcl", "xcomp", "conj", "prep"}:
        objs = [c for c in dep.children if c.dep_ in {"dobj", "pobj"}]
        return [_noun_source(objs[0], dep.text, dep, context)] if objs else []
    if lemma in lexicon.REPORT_VERBS and _is_as_clause(dep):
        # "As the ministry said, ...": the clause reports the sentence it hangs from.
        return [_verb_source(dep, context)]
    return []


def _cited_by(head: Token, context: Sequence[Span]) -> list[_Source]:
    """ "according to the BBC, which cited the state news agency": the agency is the source,
    the BBC its relay."""
    for child in head.children:
        if child.dep_ == "relcl" and child.lemma_.lower() in lexicon.CITING_VERBS:
            objs = [c for c in child.children if c.dep_ == "dobj" and _plausible_source(c)]
            if objs:
                return [_noun_source(objs[0], child.text, child, context)]
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
    subj = _nearest_subject(verb)
    if subj is not None and subj.dep_ == "nsubj" and _describes_subject(verb):
        subj = None  # "Warlord reported dead": the subject is who is reported on
    if subj is None or subj.dep_ == "nsubjpass":
        # "It was reported", "X is believed to": the speaker is the agent, if any.
        subj = _passive_agent(verb)
    if subj is None and not any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children):
        subj = _inherited_subject(verb)
    phrase = _verb_phrase(verb)
    if subj is not None and subj.lower_ in {"that", "which", "who"} and verb.dep_ == "relcl":
        subj = verb.head  # "the agency, which reported that ...": the relative's antecedent
    if subj is None or subj.lower_ in {"that", "which", "what", "who"}:
        return _Source(phrase, verb.idx, None, True, distant=subj is None)
    platform = _posted_on(verb, subj)
    if platform is not None:
        name = f"{noun_phrase(platform)} post"
        return _Source(phrase, verb.idx, name, True, span=_span(_trimmed(platform)))
    source = _noun_source(subj, phrase, verb, context)
    if subj.lower_ == "it" and source.name is None:
        source = dataclasses.replace(source, distant=True)
    left = subj.left_edge
    if verb.i > subj.i and left.i > 0 and left.doc[left.i - 1].text == ",":
        source = dataclasses.replace(source, postposed=True)
    return source


def _nearest_subject(verb: Token) -> Token | None:
    """The verb's subject; of two (a misparse: "X confirmed the death of Y, a day after the
    group said ...", "‘X dead’ – sources claim ..."), the one nearest before the verb, since
    what comes before it belongs to another clause."""
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    before = [c for c in subjects if c.i < verb.i]
    return before[-1] if before else next(iter(subjects), None)


def _posted_on(verb: Token, subj: Token) -> Token | None:
    """ "a person wrote on Weibo that ...", "a user posted on social media": an unnamed
    individual's post names nobody who answers for it; the source is the post on the platform
    (returned: the platform's head noun)."""
    if verb.lemma_.lower() not in lexicon.POSTING_VERBS or _has_named_part(subj):
        return None
    if subj.lemma_.lower() not in lexicon.POSTER_NOUNS:
        return None
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ != "on":
            continue
        for obj in prep.children:
            named = obj.pos_ == "PROPN" or obj.ent_type_ in {"ORG", "PRODUCT", "WORK_OF_ART"}
            if obj.dep_ == "pobj" and (named or obj.lemma_.lower() in lexicon.PLATFORM_NOUNS):
                return obj
    return None


def _passive_agent(verb: Token) -> Token | None:
    """The "by" phrase of a passive reporting verb, also when the parser hangs it from a
    noun of the verb's ("reported as fact by media outlets"); never an instrument ("by
    phone")."""
    preps = [c for c in verb.children if c.dep_ in {"agent", "prep"}]
    preps += [g for c in preps for o in c.children if o.dep_ == "pobj" for g in o.children
              if g.dep_ == "prep"]  # fmt: skip
    for prep in preps:
        if prep.dep_ == "agent" or (prep.lower_ == "by" and _passive(verb)):
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is not None and _plausible_source(obj):
                return obj
    return None


def _passive(verb: Token) -> bool:
    return any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children) or (
        verb.tag_ == "VBN" and verb.dep_ == "acl"
    )


def _describes_subject(verb: Token) -> bool:
    """ "X reported dead", "X said killed": an adjective or participle complement makes the
    subject the one reported on (a headline's passive without its auxiliary)."""
    # An adjective parsed as an object ("warlord who threatened X reported dead") is one too.
    return verb.tag_ in {"VBN", "VBD"} and any(
        (c.dep_ in {"oprd", "acomp", "xcomp"} and c.tag_ in {"JJ", "VBN"})
        or (c.dep_ == "dobj" and c.tag_ == "JJ")
        for c in verb.children
    )


def _inherited_subject(verb: Token) -> Token | None:
    """The speaker of a reporting verb without a subject of its own: the first conjunct's
    ("confirmed and said"), the main verb's for a participle ("..., claiming that"), the
    object of "quoted Y as saying", or the speaker noun a reduced relative hangs from
    ("a spokesman, also denied by phone, ...")."""
    head = verb.head
    if head == verb:
        return None
    if verb.dep_ == "pcomp" and head.lower_ == "as" and head.head.lemma_ in lexicon.CITING_VERBS:
        return next((c for c in head.head.children if c.dep_ == "dobj"), None)
    if verb.dep_ in {"conj", "advcl", "xcomp"} and head.pos_ in {"VERB", "AUX"}:
        if verb.dep_ != "conj" and verb.tag_ != "VBG" and not _subject_control(verb):
            return None
        return next((c for c in head.children if c.dep_ == "nsubj"), None)
    if verb.dep_ == "acl" and head.pos_ in {"NOUN", "PROPN"} and _plausible_source(head):
        speaker = head.lemma_.lower() in _SPEAKER_NOUNS or head.ent_type_ in {
            "PERSON", "ORG", "NORP"}  # fmt: skip
        return head if speaker else None
    return None


def _subject_control(verb: Token) -> bool:
    """ "X has yet to confirm", "X refused to say", "X declined to comment": an infinitive whose
    speaker is the governing verb's subject (no object in between to take that role, as in
    "asked reporters to say")."""
    head = verb.head
    return (
        verb.dep_ == "xcomp"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        and not any(c.dep_ in {"dobj", "nsubjpass", "auxpass"} for c in head.children)
    )


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
    described = _described_source(head, context)
    if described is not None:
        return _Source(cue, cue_tok.idx, described, False, span=_span(_trimmed(head)))
    name = noun_phrase(head)
    person = _apposed_person(head) if org is None else None
    if person is not None:
        # "another Taliban spokesman, Qari Ahmadi, denied ...": the role and who holds it.
        name = f"{name} {person}"
    if head.lemma_.lower() in lexicon.ANONYMOUS_REPORT_NOUNS and not _has_named_part(head):
        # "according to reports", "reliable sources say": a report with no reporter names
        # nobody; "media reports", "press reports" name a kind of source. Either way no one
        # answers for it: the claim stays hedged (as the seed gold has it).
        name = name if _names_a_kind(head) else None
        return _Source(cue, cue_tok.idx, name or None, True, span=_span(_trimmed(head)))
    if not _plausible_source(head):
        return _Source(cue, cue_tok.idx, None, True, span=_span(_trimmed(head)))
    return _Source(cue, cue_tok.idx, name or None, False, span=_span(_trimmed(head)))


def _apposed_person(head: Token) -> str | None:
    """The person a role noun is apposed to ("a spokesman, Qari Ahmadi,"), if it is a role."""
    if head.pos_ != "NOUN":
        return None
    for child in head.children:
        if child.dep_ == "appos" and child.ent_type_ == "PERSON":
            ent = next((e for e in child.sent.ents if e.start <= child.i < e.end), None)
            if ent is not None and ent.label_ == "PERSON":
                return ent.text
    return None


def _names_a_kind(head: Token) -> bool:
    """ "press reports", "Arab media reports", "sources in the ministry": the report or source is
    of a named kind (a noun, a name or a place modifies it), not just "reliable" or "other"."""
    if _has_named_part(head):
        return True
    return any(
        (c.dep_ in {"compound", "poss"} and c.pos_ in {"NOUN", "PROPN"})
        or (c.dep_ == "prep" and c.lower_ in _NAME_PREPS and c.i > head.i and _names_someone(c))
        for c in head.children
    )  # fmt: skip


def _names_someone(prep: Token) -> bool:
    """ "sources in the ministry" names where they are; "reports in the past few months" only
    when they came out."""
    return any(o.dep_ == "pobj" and _plausible_source(o) for o in prep.children)


def _plausible_source(head: Token) -> bool:
    """A source is someone who can say something: not a time ("Sunday morning"), an instrument
    ("by phone") or an event ("the missile strike")."""
    if head.ent_type_ in {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY"}:
        return False
    return head.lemma_.lower() not in lexicon.NON_SOURCE_NOUNS


def _described_source(head: Token, context: Sequence[Span]) -> str | None:
    """ "the report", "the statement", "a message that X sent", "a report seen by X": a message
    stands for whoever made or holds it -- its sender when the phrase names one, else the
    latest named source before it (a definite "the report" refers back to the report just
    cited)."""
    lemma = head.lemma_.lower()
    if lemma not in lexicon.MESSAGE_SOURCE_NOUNS or _has_named_part(head):
        return None
    for child in head.children:
        if child.dep_ == "relcl":
            subj = next((c for c in child.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"}:
                return noun_phrase(subj)
        if child.dep_ == "acl" and child.tag_ == "VBN":
            # "a report seen by X", "a document obtained by X": X holds it and answers for it.
            holder = _passive_agent(child)
            if holder is not None and _has_named_part(holder):
                return noun_phrase(holder)
    definite = any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in head.children)
    if not definite:
        return None
    return _latest_named_source(head, context)


def _latest_named_source(tok: Token, context: Sequence[Span]) -> str | None:
    """The subject of the latest reporting verb with a named subject before ``tok``."""
    sents = [*context, tok.sent]
    for sent in reversed(sents):
        for verb in reversed(list(sent)):
            if verb.i >= tok.i and sent is tok.sent:
                continue
            if not _reports(verb):
                continue
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subj is None or not (subj.pos_ == "PROPN" or _has_named_part(subj)):
                continue
            if _plausible_source(subj):
                return noun_phrase(subj)
    return None


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
        elif child.dep_ not in _DROP_DEPS or _joins_word(child):
            keep.extend(child.subtree)
    return sorted(set(keep), key=lambda t: t.i)


def _joins_word(token: Token) -> bool:
    """A hyphen inside a name ("Wali-ur-Rehman"): no space on either side."""
    if token.text not in {"-", "‐"} or token.whitespace_ or token.i == 0:
        return False
    return not token.doc[token.i - 1].whitespace_


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
    candidates = [
        e for e in [*_ents_in(context), *before]
        if e.label_ in labels and (labels != {"NORP"} or _plural_people(e))
    ]  # fmt: skip
    # "he said" after "According to X, ..." or "X told reporters ...": a pronoun source is
    # the latest speaker before the nearest name ("... that Y was killed," he noted.), then
    # the subject a sentence is about ("X, adviser to Y, spoke first. He said ..."), then the
    # nearest name.
    for rank in (_is_speaker, _is_main_subject):
        ranked = [e for e in candidates if rank(e)]
        if ranked:
            return _clean_entity(ranked[-1].text)
    return _clean_entity(candidates[-1].text) if candidates else None


def _is_speaker(ent: Span) -> bool:
    """The name is the subject of a reporting verb or the object of "according to"."""
    root = ent.root
    if root.dep_ == "nsubj" and _reports(root.head) and _nearest_subject(root.head) is root:
        return True
    prep = root.head
    return root.dep_ == "pobj" and prep.lower_ == "to" and prep.head.lower_ == "according"


def _is_main_subject(ent: Span) -> bool:
    """The name is the subject of its sentence's main verb."""
    root = ent.root
    return root.dep_ in {"nsubj", "nsubjpass"} and root.head == ent.sent.root


def _plural_people(ent: Span) -> bool:
    """ "the Americans", "Iraqis": a NORP name in the plural, which "they" can stand for."""
    root = ent.root
    return root.tag_ in {"NNPS", "NNS"} or (root.text.endswith("s") and root.pos_ != "ADJ")


def _ents_in(spans: Iterable[Span]) -> Iterable[Span]:
    for span in spans:
        yield from span.ents


def _clean_entity(text: str) -> str:
    return re.sub(r"^(the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE)
