"""Subjects: the person a trigger's event happened to, resolved within the document.

The grammatical slot comes from the trigger's role: passive subject or object ("X was killed",
"killed X"), grammatical subject ("X died", "X is alive"), possessor or "of" object of a noun
("his death", "the death of X"), or the speaker of a recording. Lists give one subject per
conjunct ("X, Y and Z were killed"; "dozens were killed, including X"). Pronouns and
descriptions ("he", "the militant leader") go to the most salient person mentioned before them
in the document (frequency + recency), or to the person the document apposed to that
description ("the leader of the group, X"). Only general rules and general English nouns here.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Span, Token

from claimledger.extract.lexicon import is_news_organisation
from claimledger.extract.people import (
    COLLECTIVES,
    DESCRIPTIONS,
    HUMAN_NOUNS,
    NON_PERSON_LABELS,
    ORG_WORDS,
    PRONOUNS,
    REFLEXIVES,
    RELATIONAL,
    RELATIVES,
    TITLES,
    VEHICLES,
    PersonIndex,
    strip_possessive,
)
from claimledger.extract.predicates import Trigger

logger = logging.getLogger(__name__)

# Heads that are a real (if non-person) subject: no fallback to a nearby name then.
NOMINAL_POS = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
# Question words: as a clause's subject they stand for no one the text names.
_WH_WORDS = frozenset({"who", "what", "whoever", "whichever"})
# Determiners of a description that is about no one in particular.
INDEFINITES = frozenset({"a", "an", "any", "every", "each", "no", "another", "some"})


@dataclass(frozen=True, slots=True)
class Subject:
    """The subject as written (``start``/``end`` in the document) and the name it stands for."""

    name: str
    start: int
    end: int
    written: str
    label: str  # PERSON (a name), PRON, DESC (resolved), GROUP (unnamed people)
    name_start: int | None = None  # where the name itself is, when resolved elsewhere
    name_end: int | None = None


def find_subjects(trigger: Trigger, *, offset: int, people: PersonIndex) -> list[Subject]:
    """The subjects of ``trigger`` (one per listed person), resolved; [] when none is a person."""
    heads = _slot_heads(trigger)
    inherited = not heads
    if inherited:
        heads = _inherited_heads(trigger.token)
    subjects = _resolve_all(heads, offset, people)
    if trigger.token.dep_ == "amod" or _generic_kind(trigger.token):
        # "a dead person", "killed terrorists", "people injured by fighting need care": a kind
        # of people described, no report of anyone's harm.
        subjects = [s for s in subjects if s.label != "GROUP"]
    verbal = trigger.token.pos_ in {"VERB", "AUX"} and trigger.token.dep_ != "amod"
    # No own subject, or a non-noun one ("dead"): the parse is wrong, so look nearby.
    misparsed = inherited or all(h.pos_ not in NOMINAL_POS for h in heads)
    if _reflexive_object(trigger.token):
        misparsed = False  # "he freed himself from debt": the slot is filled, by no victim
    if not subjects and misparsed and verbal and trigger.role in {"patient", "agent"}:
        # The small parser often misattaches subjects; fall back on the nearest name.
        subjects = _resolve_all(_nearest_name(trigger, people), offset, people)
    seen: set[tuple[str, int]] = set()
    unique = []
    for s in subjects:
        if (s.name, s.start) not in seen:
            seen.add((s.name, s.start))
            unique.append(s)
    return unique


def _generic_kind(token: Token) -> bool:
    """A trigger describing a bare plural ("people injured by the fighting", "people who were
    sentenced to life"), or an infinitive said of one ("harder for people to flee"): no
    article, number or possessor picks out whom it happened to."""
    if token.dep_ in {"acl", "relcl"}:
        return _bare_plural(token.head)
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
        return any(_bare_plural(c) for c in token.children if c.dep_ in {"nsubj", "nsubjpass"})
    return False


def _bare_plural(noun: Token) -> bool:
    if noun.tag_ not in {"NNS", "NNPS"}:
        return False
    return not any(c.dep_ in {"det", "nummod", "poss", "quantmod"} for c in noun.children)


def _reflexive_object(token: Token) -> bool:
    return any(c.dep_ in {"dobj", "obj"} and c.lower_ in REFLEXIVES for c in token.children)


def _resolve_all(heads: Sequence[Token], offset: int, people: PersonIndex) -> list[Subject]:
    return [s for head in _expand(heads) for s in _resolve(head, offset, people)]


def _nearest_name(trigger: Trigger, people: PersonIndex) -> list[Token]:
    """A passive/intransitive trigger's nearest subject-like name to the left; an active
    transitive trigger's first name to the right (its misparsed object)."""
    token = trigger.token
    active_patient = trigger.role == "patient" and not _passive(token)
    adjacent = None if active_patient else _adjacent_subject(token, people)
    if adjacent is not None:
        return [adjacent]
    if active_patient:
        candidates = [t for t in token.subtree if t.i > token.i]
    else:
        candidates = [t for t in reversed(token.sent[: token.i - token.sent.start])]
        candidates = [t for t in candidates if t.dep_ in {"nsubj", "nsubjpass", "appos"}]
    for candidate in candidates:
        if candidate.lower_ in REFLEXIVES:
            continue
        if candidate.lower_ in _WH_WORDS and candidate.dep_ == "nsubj":
            return []  # "(we don't know) who is alive, injured or dead": nobody in particular
        if candidate.lower_ in PRONOUNS or _name_of(candidate, people) is not None:
            return [candidate]
    return []


def _adjacent_subject(token: Token, people: PersonIndex) -> Token | None:
    """The name or pronoun right before a verb's auxiliaries ("that proved X had been killed",
    parsed with X as the object of "proved"): the subject, whatever the parser made of it."""
    left = token.i - 1
    while left >= token.sent.start:
        prev = token.doc[left]
        if prev.head.i != token.i or prev.dep_ not in {"aux", "auxpass", "neg", "advmod"}:
            break
        left -= 1
    if left < token.sent.start or left == token.i - 1:
        return None  # no auxiliary: "the strike that killed X" is no passive subject
    prev = token.doc[left]
    if prev.lower_ in PRONOUNS and prev.lower_ not in REFLEXIVES:
        return prev
    return prev if prev.pos_ == "PROPN" and _name_of(prev, people) is not None else None


def _slot_heads(trigger: Trigger) -> list[Token]:
    """The trigger's own subject slot (possibly empty; see ``_inherited_heads``)."""
    token = trigger.token
    if trigger.role == "nominal":
        return _nominal_heads(token)
    if trigger.role == "message":
        return _message_heads(token)
    if trigger.role == "patient":
        deps = {"nsubjpass"} if _passive(token) else {"dobj", "obj"}
        heads = [c for c in token.children if c.dep_ in deps]
        if trigger.predicate != "killed":  # "freed himself from debt" is no release
            heads = [h for h in heads if h.lower_ not in REFLEXIVES]
        if not heads and not _passive(token):
            heads = [c for c in token.children if c.dep_ == "nsubjpass"]
    else:
        heads = [c for c in token.children if c.dep_ in {"nsubj", "nsubjpass", "expl"}]
        if token.pos_ == "ADJ" and not heads:
            heads = _adjective_heads(token)
    return heads


def _passive(token: Token) -> bool:
    return any(c.dep_ in {"auxpass", "nsubjpass"} for c in token.children) or (
        token.tag_ == "VBN" and not any(c.dep_ == "aux" for c in token.children)
    )


def _inherited_heads(token: Token) -> list[Token]:
    """No own subject: a relative clause's noun, a participle's noun, a conjoined verb's subject."""
    if token.dep_ == "amod" and token.head.dep_ == "pobj" and token.head.head.lower_ == "among":
        # "Among the eliminated terrorists are X, Y": the people listed by the copula.
        verb = token.head.head.head
        return [c for c in verb.children if c.dep_ in {"attr", "nsubj"} and c.i > token.i]
    if token.dep_ in {"relcl", "acl", "amod"}:
        return [token.head]
    if token.dep_ in {"conj", "xcomp", "advcl"} and token.head is not token:
        head = token.head
        own = [c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}]
        return own or _inherited_heads(head)
    return []


def _adjective_heads(adj: Token) -> list[Token]:
    if adj.dep_ == "amod" or (adj.dep_ == "appos" and adj.head.pos_ in {"PROPN", "NOUN"}):
        return [adj.head]
    verb = adj.head
    if adj.dep_ in {"oprd", "xcomp"}:
        # "doctors pronounced him dead": the object is dead, the doctors only said so.
        objects = [c for c in verb.children if c.dep_ in {"dobj", "obj"}]
        if objects:
            return objects
    return [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]


def _nominal_heads(noun: Token) -> list[Token]:
    heads = [c for c in noun.children if c.dep_ == "poss"]
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in {"of", "against"}:
            objects = [c for c in child.children if c.dep_ == "pobj"]
            heads.extend(_cut_off_person(o) or o for o in objects)
    if not heads and noun.dep_ in {"nsubj", "nsubjpass"}:
        # "the trial began in the case of X": the person hangs off the governing verb.
        for prep in noun.head.children:
            if prep.dep_ == "prep":
                heads.extend(_case_of(prep))
    if not heads:
        heads = _died_of(noun)
    return heads


# Tokens that may stand between an organisation and its member's name ("the death of the
# Taliban (TTP) chief X"): brackets, hyphens and the organisation's abbreviation.
_BETWEEN_GROUP_AND_NAME = frozenset({"(", ")", "-", ",", "'s", "’s"})


def _cut_off_person(obj: Token) -> Token | None:
    """ "the death of Tehreek-e-Taliban Pakistan (TTP) chief X": a bracket after the
    organisation makes the parser end the "of" phrase there and hang the name elsewhere. The
    person named right after the organisation (only brackets, its abbreviation and a title
    between) is whose death it is."""
    if obj.ent_type_ not in {"ORG", "GPE", "NORP"}:
        return None
    sent = obj.sent
    for token in obj.doc[obj.i + 1 : sent.end]:
        if token.ent_type_ == "PERSON":
            return token.head if token.head.ent_type_ == "PERSON" else token
        if token.text in _BETWEEN_GROUP_AND_NAME or token.ent_type_ in {"ORG", "GPE", "NORP"}:
            continue
        if token.lower_.rstrip(".") in TITLES:
            continue
        return None
    return None


# Harms one dies of: "died of injuries sustained on August 5", "succumbed to his wounds".
_DIED_OF = frozenset({"die", "succumb", "pass"})


def _died_of(noun: Token) -> list[Token]:
    """ "X died of injuries sustained in the strike": the injuries were X's."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in {"of", "from", "to"}:
        return []
    verb = prep.head
    for _ in range(3):  # "died on Sunday, August 23 of injuries": "of" may hang from the date
        if verb.pos_ in {"VERB", "AUX"} or verb.head is verb:
            break
        verb = verb.head
    if verb.lemma_.lower() not in _DIED_OF:
        return []
    return [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]


def _case_of(prep: Token) -> list[Token]:
    found: list[Token] = []
    for obj in prep.children:
        if obj.dep_ == "pobj" and obj.lemma_.lower() in {"case", "matter"}:
            for sub in obj.children:
                if sub.dep_ == "prep" and sub.lower_ in {"of", "against"}:
                    found.extend(c for c in sub.children if c.dep_ == "pobj")
    return found


def _message_heads(noun: Token) -> list[Token]:
    """The speaker of a recording: a possessor within the noun phrase ("X's voice")."""
    for token in noun.subtree:
        if token.dep_ == "poss" or (token.ent_type_ == "PERSON" and token.dep_ != "compound"):
            return [token]
    return [noun.head] if noun.head.dep_ == "poss" else []


def _expand(heads: Sequence[Token]) -> list[Token]:
    """Each listed conjunct or "including" object is a subject of its own."""
    out: list[Token] = []
    for head in heads:
        included = _included(head) or _included(head.head)
        if included:
            out.extend(included)
            continue
        out.append(head)
        out.extend(t for t in head.conjuncts if t.pos_ in {"PROPN", "NOUN", "PRON"})
    return out


def _included(token: Token) -> list[Token]:
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "including":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            return [t for o in objs for t in (o, *o.conjuncts)]
    return []


def _resolve(token: Token, offset: int, people: PersonIndex) -> list[Subject]:
    lower = token.lower_
    if lower in RELATIVES and token.head.dep_ == "relcl":
        token = token.head.head
        lower = token.lower_
    if lower in PRONOUNS:
        return _from_index(token, offset, people, "PRON", None)
    if token.pos_ == "PRON":
        return []  # I, you, they, it, himself: not a person we can name
    named = _name_of(token, people)
    if named is not None:
        return [_named(named, offset, people)]
    return _noun_subject(token, offset, people)


def _noun_subject(token: Token, offset: int, people: PersonIndex) -> list[Subject]:
    lemma = token.lemma_.lower()
    if lemma in VEHICLES:
        riders = [t for c in token.children if c.lower_ == "with" for t in c.children]
        return [s for r in riders for s in _noun_subject(r, offset, people)]
    identified = _identified(token, people)
    if identified:
        return [_named(p, offset, people) for p in identified]
    persons = [] if token.tag_ in {"NNS", "NNPS"} else _persons_inside(token, people)
    if persons:
        return [_named(p, offset, people) for p in persons]
    if lemma in DESCRIPTIONS and token.tag_ in {"NN", "NNP"}:
        if _indefinite(token):
            return []  # "the death of a single leader does not end a group": no one in particular
        return _from_index(token, offset, people, "DESC", lemma)
    if lemma in HUMAN_NOUNS or (lemma in COLLECTIVES and _of_human(token)):
        return [_group(token, offset)]
    quoted = [t for t in token.subtree if t.lemma_.lower() in DESCRIPTIONS]
    if quoted and token.tag_ not in {"NNS", "NNPS"}:
        return _from_index(token, offset, people, "DESC", quoted[0].lemma_.lower())
    return []


def _identified(noun: Token, people: PersonIndex) -> list[Span]:
    """ "X's son, who was killed, was Y (and not Z)": the noun is the person the copula names."""
    verb = noun.head
    if noun.dep_ != "nsubj" or verb.lemma_ != "be" or noun.pos_ != "NOUN":
        return []
    found: list[Span] = []
    for attr in (c for c in verb.children if c.dep_ == "attr"):
        for token in (attr, *attr.conjuncts):
            span = None if _negated(token) else _name_of(token, people)
            if span is not None and (span.label_ == "PERSON" or people.is_person_name(span.text)):
                found.append(span)
    return found


def _indefinite(noun: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in INDEFINITES for c in noun.children)


def _name_of(token: Token, people: PersonIndex) -> Span | None:
    """The name span of a person token: its PERSON entity, or a proper-noun chain."""
    for ent in token.sent.ents:
        if ent.start <= token.i < ent.end:
            part = _widen(_list_item(ent, token), people)
            if part.label_ == "PERSON" or people.is_person_name(part.text):
                return part
            return part if part.label_ == "ORG" and _person_shaped(part) else None
    if not _name_like(token):
        return None
    left = token.i
    while left > token.sent.start:
        prev = token.doc[left - 1]
        if prev.head.i not in range(left - 1, token.i + 1) or prev.is_quote:
            break
        compound_name = prev.pos_ == "PROPN" and prev.dep_ == "compound"
        if not (_name_like(prev) or compound_name or (prev.is_punct and prev.text == "-")):
            break
        left -= 1
    span = token.doc[left : token.i + 1]
    if token.pos_ == "PROPN" or people.is_person_name(span.text):
        return span
    return None


def _widen(span: Span, people: PersonIndex) -> Span:
    """Add the proper nouns the NER left out on the left ("Karim" GPE + "Haddad" PERSON); not
    a title ("Adviser"), an organisation ("TTP") or a place the document names as such."""
    start = span.start
    while start > span.sent.start:
        prev = span.doc[start - 1]
        if prev.dep_ != "compound" or prev.pos_ != "PROPN" or prev.head.i >= span.end:
            break
        if prev.ent_type_ in NON_PERSON_LABELS - {"GPE", "NORP"} or _title(prev):
            break
        if prev.ent_type_ and _other_entity(prev, people):
            break
        if prev.ent_type_ == "GPE" and _after_place_preposition(prev):
            break  # "the emir of Raqqa Abu Ali": the place is the title's, not the name's
        start -= 1
    if start == span.start:
        return span
    return Span(span.doc, start, span.end, label=span.label_)


def _title(token: Token) -> bool:
    return token.lower_.rstrip(".") in TITLES


def _other_entity(token: Token, people: PersonIndex) -> bool:
    """Whether ``token`` is part of an organisation or of a place or group the document names
    on its own ("Pakistan", "Taliban"), not a first name the NER mislabelled."""
    ent = next((e for e in token.sent.ents if e.start <= token.i < e.end), None)
    if ent is None or ent.label_ == "PERSON":
        return False
    if people.is_person_name(ent.text) and ent.label_ != "ORG":
        return False
    return ent.label_ == "ORG" or ent.text.lower() in people.non_persons


def _after_place_preposition(token: Token) -> bool:
    """The first word of an entity that follows "of"/"in"/"from" ("the emir of Raqqa")."""
    first = token
    while first.i > 0 and first.ent_iob_ == "I":
        first = first.doc[first.i - 1]
    return first.i > 0 and first.doc[first.i - 1].lower_ in {"of", "in", "from"}


def _list_item(ent: Span, token: Token) -> Span:
    """The item of an entity the NER ran over a list ("X and Y" as one ORG) holding ``token``."""
    start, end = ent.start, ent.end
    for t in ent:
        if t.dep_ == "cc" or t.text == ",":
            if t.i < token.i:
                start = t.i + 1
            elif t.i > token.i:
                end = min(end, t.i)
    if (start, end) == (ent.start, ent.end):
        return ent
    return Span(ent.doc, start, end, label=ent.label_)


def _person_shaped(ent: Span) -> bool:
    """An ORG-labelled name with no organisation word, no acronym, no known news outlet:
    the small NER model labels many transliterated personal names ORG."""
    words = [t for t in ent if not t.is_punct]
    if not words or len(words) > 5 or any(t.lower_ in ORG_WORDS for t in words):
        return False
    if any(t.is_upper and len(t) > 1 for t in words):
        return False
    return not is_news_organisation(ent.text)


def _name_like(token: Token) -> bool:
    """A proper noun, or a capitalised word the tagger missed (not at the sentence start)."""
    if token.ent_type_ in NON_PERSON_LABELS or token.lower_ == "no" or _title(token):
        return False
    if token.pos_ == "PROPN":
        return True
    return token.is_title and token.i != token.sent.start and token.pos_ in {"NOUN", "ADV"}


def _persons_inside(noun: Token, people: PersonIndex) -> list[Span]:
    """People named by a description: "the emir X", "the leader of the group, X".

    Only the description's own apposition/compound, or its "of" object and that object's
    apposition; a possessor deeper down is someone else ("one of X's aides" is not X).
    """
    candidates: list[Token] = []
    for child in noun.children:
        if child.dep_ in {"appos", "compound"}:
            candidates.append(child)
        elif child.dep_ == "prep" and child.lower_ == "of" and noun.lemma_ not in RELATIONAL:
            for obj in child.children:
                if obj.dep_ != "pobj":
                    continue
                apposed = [c for c in obj.children if c.dep_ == "appos"]
                # "the leader of X (XA), Y": with a name apposed, X (no PERSON) is what he
                # leads; "the emir of X, the emir Y" lists two people.
                led = apposed and noun.lemma_.lower() in HUMAN_NOUNS and obj.ent_type_ != "PERSON"
                if not led:
                    candidates.append(obj)
                candidates.extend(apposed)
    found: list[Span] = []
    for token in candidates:
        if _negated(token) or not token.ent_type_:
            continue
        span = _name_of(token, people)
        if span is None or (span.label_ != "PERSON" and not people.is_person_name(span.text)):
            continue
        if _acronym_after(span):
            continue  # "Hayat Tahrir al-Sham (HTS)": an organisation, whatever the NER says
        if all(span.start != f.start for f in found):
            found.append(span)
    return found


def _acronym_after(span: Span) -> bool:
    doc = span.doc
    after = doc[span.end : span.end + 3]
    return (
        len(after) == 3
        and after[0].text == "("
        and after[2].text == ")"
        and after[1].is_upper
        and len(after[1]) > 1
    )


def _negated(token: Token) -> bool:
    """ "..., not X": a name the sentence excludes."""
    before = token.doc[token.left_edge.i - 1] if token.left_edge.i > 0 else None
    return any(c.dep_ == "neg" for c in token.children) or (
        before is not None and before.lower_ == "not"
    )


def _of_human(token: Token) -> bool:
    return any(t.lemma_.lower() in HUMAN_NOUNS for t in token.subtree)


def _named(span: Span, offset: int, people: PersonIndex) -> Subject:
    """A name as written; a shorter form ("Mehsud", "Kim") stands for the fullest name of the
    person the document means there, which the resolver then gets."""
    written = strip_possessive(span.text).rstrip()
    start = offset + span.start_char
    full = people.canonical(written, start)
    if full is not None:
        end = start + len(written)
        return Subject(full.text, start, end, written, "PERSON", full.start, full.end)
    return Subject(written.strip("“”\"' ,"), start, start + len(written), written, "PERSON")


def _group(token: Token, offset: int) -> Subject:
    """An unnamed group as written: "a group of activists", "30 field commanders"."""
    last = token.i
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            last = max(last, child.right_edge.i)
    span = token.doc[token.left_edge.i : last + 1]
    start = offset + span.start_char
    return Subject(span.text, start, start + len(span.text), span.text, "GROUP")


def _names_not_pointed_to(pronoun: Token, offset: int) -> frozenset[int]:
    """Where names stand later in the pronoun's sentence that are not a clause's subject: a
    pronoun may point forward to the subject ("in his message, X praised ..."), not to a name
    said of someone else ("after she was charged with the murder of her mother, X")."""
    return frozenset(
        offset + ent.start_char
        for ent in pronoun.sent.ents
        if ent.start > pronoun.i
        and ent.label_ == "PERSON"
        and ent.root.dep_ not in {"nsubj", "nsubjpass"}
    )


def _from_index(
    token: Token, offset: int, people: PersonIndex, label: str, description: str | None
) -> list[Subject]:
    start = offset + token.idx
    ahead = _names_not_pointed_to(token, offset) if label == "PRON" else frozenset()
    found = people.resolve(start, description, not_ahead=ahead)
    if found is None:
        return []
    return [
        Subject(found.text, start, start + len(token), token.text, label, found.start, found.end)
    ]
