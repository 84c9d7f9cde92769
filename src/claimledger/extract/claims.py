"""The claim assembler: one Claim per (subject, predicate, sentence) found in a document.

Reads like the pipeline it is:
1. parse the document's triggered paragraphs (``claimledger.nlp``), NER on the others;
2. index the document's person mentions (pronoun and description resolution);
3. for each trigger in each triggered sentence: predicate (``predicates``), subjects
   (``subjects``), when (``when``), where / agent (``places``), claimant (``attribution``),
   modality (``modality``);
4. sentences without a trigger that contest or repeat the latest claim (``followups``);
5. deduplicate and return an ``Extraction`` record.
"""

from __future__ import annotations

import calendar
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from spacy.tokens import Span, Token

from claimledger.extract import lexicon
from claimledger.extract.attribution import Attribution, attribute
from claimledger.extract.followups import FOLLOWED, REACH, follow_up
from claimledger.extract.hypothetical import is_generic_group, reports_nothing
from claimledger.extract.modality import classify_modality, headline_source
from claimledger.extract.people import PersonIndex, index_people, name_key
from claimledger.extract.places import circumstances
from claimledger.extract.predicates import Trigger, find_triggers, has_trigger
from claimledger.extract.quotes import Speakers, quotation_at
from claimledger.extract.spans import doc_text, span_text
from claimledger.extract.subjects import Subject, find_subjects
from claimledger.extract.when import TimeExpression, find_times
from claimledger.extract.when_narrative import in_narrative_year
from claimledger.extract.when_relative import in_narrative_time
from claimledger.ingest.dates import publication_date
from claimledger.nlp import (
    BATCH_SIZE,
    MODEL,
    NerScope,
    ParsedParagraph,
    ParsedText,
    parse_text,
    parse_texts,
)
from claimledger.types import Claim, Document, Mention, Modality, Precision, TimeSpan

logger = logging.getLogger(__name__)

EXTRACTOR = "claims.rules.v1"
# Sentences before a claim that attribution may look at ("According to X. ... he said ...").
CONTEXT_SENTENCES = 2
# A sentence that only dates what the previous one told: "This happened back in October 2005."
# Under an optional source: "According to the records, this happened in March 2011." Also one
# that only says how long the subject was where the previous one put them: "According to
# official data, he was there from February to December 2004."
DATES_PREVIOUS = re.compile(
    r"^(?:according to [^,]{1,60},\s*)?"
    r"(?:(?:this|that|it|all this|all of this)\s+(?:had\s+)?(?:happened|took place|occurred"
    r"|was\s+(?:back\s+|only\s+)?(?:in|on|during)\b)"
    r"|(?:he|she|they)\s+(?:was|were|had been|remained|stayed)\s+there\s+"
    r"(?:from|since|until|till|between|in|during)\b)",
    re.IGNORECASE,
)
_MONTH_NAMES = "|".join(
    [*calendar.month_name[1:], *(f"{m}\\.?" for m in calendar.month_abbr[1:] if m != "May")]
)
_WEEKDAYS = "|".join(calendar.day_name)
# Dates that need a year or a day to count from: "June 13", "13 June", "on Monday", "yesterday".
_UNPLACED_DATE = re.compile(
    rf"\b(?:(?:{_MONTH_NAMES})\s+\d{{1,2}}\b(?!,?\s+\d{{4}})|\d{{1,2}}\s+(?:{_MONTH_NAMES})\b"
    rf"(?!,?\s+\d{{4}})|(?i:on|last|this|next)\s+(?:{_WEEKDAYS})\b|(?i:yesterday|tomorrow))"
)
# A report dated to the day or week ("said on Monday") is news of something earlier; one dated
# to a month or a year ("in February it was reported") dates the event as well as anything.
REPORT_PRECISIONS = frozenset({"day", "week"})
# Nouns of what is said about an event: "reports of his death" dates the reports.
REPORT_NOUNS = frozenset(
    {"report", "news", "rumor", "rumour", "claim", "speculation", "allegation", "word", "story"}
)
# A wire dateline opening a sentence: "MOSCOW, December 19 (Agency) - ...", "Islamabad, August
# 08: ...". Its date is the report's, never the event's.
_DATELINE_BEFORE = re.compile(r"^\s*[A-Z][\w.'’ -]{1,40},\s*$")
# A date a line opens with behind a label ("Date 2019-09-14 ...", "Published: May 3, 2010").
_DATE_LABEL = re.compile(r"^\s*(?i:date|dated|published|updated|posted|last updated)\s*:?\s*$")
_DATELINE_AFTER = re.compile(r"^\s*(?:\([^()]{1,40}\)\s*)?(?:[-–—:]|\s-\s)")
# Days before a report that the event it reports without a date of its own may lie: news.
REPORTED_DAYS = 30
# Days before publication that news told without a date ("X has died") covers.
NEWS_DAYS = 14
# Days before publication that undated evidence of life in an article covers.
AS_OF_DAYS = 6
# Characters between two paragraphs (blank lines) across which that context is carried.
PARAGRAPH_GAP = 8


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """How to extract: which model, which paragraphs get NER, whether unnamed groups count."""

    model: str = MODEL
    ner_scope: NerScope = "all"
    groups: bool = True  # keep claims about unnamed groups ("a group of activists was detained")


@dataclass(frozen=True, slots=True)
class Extraction:
    """What one document yields: its claims, its entity mentions, its estimated date.

    ``subjects`` is aligned with ``claims``: the mention naming each claim's subject (for a
    pronoun or description, the name it was resolved to), for the entity resolver.
    """

    claims: tuple[Claim, ...]
    mentions: tuple[Mention, ...]
    estimated_date: date | None
    subjects: tuple[Mention, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class _Anchor:
    day: date | None
    estimated: bool


def extract_claims(
    doc: Document, *, document_id: str, settings: ExtractOptions = ExtractOptions()
) -> Extraction:
    """Every claim in one document (parses it; use ``extract_many`` for streams)."""
    parsed = parse_text(doc.text, model=settings.model, ner_scope=settings.ner_scope)
    return assemble(doc, parsed, document_id=document_id, options=settings)


def extract_many(
    docs: Iterable[tuple[Document, str]],
    *,
    options: ExtractOptions = ExtractOptions(),
    n_process: int = 1,
    batch_size: int = BATCH_SIZE,
    chunk_size: int = 128,
) -> Iterator[Extraction]:
    """Stream extractions for (document, document_id) pairs, in input order, memory flat."""
    pairs = ((doc.text, (doc, doc_id)) for doc, doc_id in docs)
    for parsed, (doc, doc_id) in parse_texts(
        pairs,
        model=options.model,
        ner_scope=options.ner_scope,
        n_process=n_process,
        batch_size=batch_size,
        chunk_size=chunk_size,
    ):
        yield assemble(doc, parsed, document_id=doc_id, options=options)


def assemble(
    doc: Document, parsed: ParsedText, *, document_id: str, options: ExtractOptions
) -> Extraction:
    """Claims from an already parsed document."""
    anchor = _anchor(doc)
    people = index_people((p.start, p.doc.ents) for p in parsed.paragraphs)
    claims: list[Claim] = []
    subjects: list[Mention] = []
    seen: set[tuple[str, str, int, str | None]] = set()
    recent = _Recent(speakers=Speakers.of(doc.text))
    for para in parsed.paragraphs:
        if not para.parsed:
            _note_times(para, anchor, recent)
            continue
        recent.sents = _carried_context(recent.sents, para.start)
        found = _paragraph_claims(doc, para, people, anchor, document_id, options, recent)
        for claim, subject in found:
            # Two sources in one sentence ("X was reportedly killed; however, Y told the BBC he
            # died") make two claims: each claimant keeps its own firmness.
            # One key per person of the document: namesakes ("X Mehsud", "Y Mehsud") stay two.
            person = (
                people.key(claim.subject, subject.start)
                if subject.label != "GROUP"
                else name_key(claim.subject)
            )
            key = (person, claim_family(claim.predicate), claim.start, claim.claimant)
            if key in seen:
                continue
            seen.add(key)
            claims.append(claim)
            subjects.append(_subject_mention(subject, document_id))
    claims, subjects = _relevant_life(claims, subjects, recent.inferred)
    claims = [_redated(c, recent.redates) for c in claims]
    claims = _endorsed(claims, recent.unnamed)
    return Extraction(
        claims=tuple(claims),
        mentions=parsed.mentions(document_id),
        estimated_date=anchor.day if anchor.estimated else None,
        subjects=tuple(subjects),
    )


@dataclass(slots=True)
class _Recent:
    """The document's latest claim, which follow-up sentences refer to."""

    claim: Claim | None = None
    subject: Subject | None = None
    # The latest parsed sentences, for attribution across a paragraph break.
    sents: list[Span] = field(default_factory=list)
    speakers: Speakers = field(default_factory=lambda: Speakers([], []))
    # Every time expression met so far, by document offset, for a quotation that goes on for
    # several paragraphs: its later claims inherit the date it gave earlier.
    dated: list[tuple[int, TimeSpan]] = field(default_factory=list)
    # The previous paragraph's last sentence's claims, if it had no time, and the dates that
    # a sentence opening the next paragraph gave them (by claim start).
    undated: list[Claim] = field(default_factory=list)
    redates: dict[int, TimeSpan] = field(default_factory=dict)
    # The previous paragraph's time expressions: "the next month" opening a paragraph counts
    # from the last date the paragraph before it told.
    previous: list[TimeExpression] = field(default_factory=list)
    # Claims of life read from an act (Trigger.inferred), by (start, subject).
    inferred: set[tuple[int, str]] = field(default_factory=set)
    # Claims hedged only because an unnamed report tells them, by (start, predicate).
    unnamed: set[tuple[int, str]] = field(default_factory=set)


def _note_times(para: ParsedParagraph, anchor: _Anchor, recent: _Recent) -> None:
    """Record the times of a paragraph with no claim (it may date a quoted statement)."""
    text = doc_text(para.doc)
    found = find_times(text, anchor=anchor.day, anchor_estimated=anchor.estimated)
    found = in_narrative_time(text, found, [recent.previous], anchor.day)
    recent.dated += [(para.start + t.start, t.span) for t in found]
    recent.previous = found


def _carried_context(sents: list[Span], start: int) -> list[Span]:
    """The previous paragraph's last sentences, if that paragraph ends right before ``start``."""
    if not sents:
        return []
    last = sents[-1]
    gap = start - (last.doc.user_data.get("offset", 0) + last.end_char)
    return sents[-CONTEXT_SENTENCES:] if 0 <= gap <= PARAGRAPH_GAP else []


def _paragraph_claims(
    doc: Document,
    para: ParsedParagraph,
    people: PersonIndex,
    anchor: _Anchor,
    document_id: str,
    options: ExtractOptions,
    recent: _Recent,
) -> list[tuple[Claim, Subject]]:
    para.doc.user_data["offset"] = para.start
    sents = list(para.doc.sents)
    carried = recent.sents
    recent.sents = sents
    times: list[list[TimeExpression]] = []
    # Per sentence, the times later sentences may inherit: a bracketed date belongs to its
    # trigger alone ("the wounding of X (June 10)"), not to the sentences after it.
    inherited: list[list[TimeExpression]] = []
    # Per sentence, the people its claims were about: its dates are theirs ("after the death of
    # X in August 2009, Y became head" does not date what is said of Y next).
    claimed: list[frozenset[str]] = []
    out: list[tuple[Claim, Subject]] = []
    undated: list[int] = []  # the previous sentence's claims, when it had no time of its own
    previous: list[tuple[Claim, Subject]] = []  # the claims the previous sentence made
    for i, sent in enumerate(sents):
        text = span_text(sent)
        found = find_times(text, anchor=anchor.day, anchor_estimated=anchor.estimated)
        found = in_narrative_year(found, times, anchor.day)
        # "the next month" opening a paragraph counts from the last date of the one before.
        narrated = [recent.previous, *times]
        times.append(in_narrative_time(text, found, narrated, anchor.day))
        inherited.append(times[-1])
        claimed.append(frozenset())
        unplaced = not times[-1] and anchor.day is None and _UNPLACED_DATE.search(text) is not None
        if unplaced:
            # "On June 13, ..." in a text with no date to count from: the sentence has a time
            # we cannot place, so it takes none from before, and nothing after takes one across it.
            inherited = [[] for _ in inherited]
        recent.dated += [(para.start + sent.start_char + t.start, t.span) for t in times[-1]]
        if undated and times[-1] and DATES_PREVIOUS.match(text):
            _redate(out, undated, times[-1][0].span, recent)
        if i == 0 and carried and times[-1] and DATES_PREVIOUS.match(text):
            recent.redates.update({c.start: times[-1][0].span for c in recent.undated})
            if recent.claim is not None and recent.claim.start in recent.redates:
                recent.claim = replace(recent.claim, when=recent.redates[recent.claim.start])
        undated = []
        context = [*carried, *sents[:i]][-CONTEXT_SENTENCES:]
        _note_source(recent.speakers, para, sent, context)
        if i > 0 and previous and headline_source(span_text(sents[i - 1]), text):
            # "X died in April: Afghan govt" -- the source closes the headline after a colon.
            _credit(out, previous, text.strip(" .\n"))
        if not has_trigger(text):
            listed = _list_continued(doc, para, sent, previous)
            out.extend(listed)
            previous = listed
            continue
        triggers = find_triggers(sent)
        owned = _own_times(sent, times[-1], triggers)
        inherited[-1] = owned(None)
        if times[-1] and not inherited[-1]:
            # Every date of this sentence is bracketed to a trigger: what comes after it is not
            # dated by it, nor by anything before it.
            inherited = [[] for _ in inherited]
        made = _sentence_claims(
            _Sentence(doc, para, sent, context, document_id, bool(times[-1]) or unplaced),
            triggers,
            owned,
            inherited,
            claimed,
            people=people,
            options=options,
            recent=recent,
        )
        claimed[-1] = frozenset(name_key(s.name) for _, s in made if s.label != "GROUP")
        followed = _follow(doc, para, sent, recent, made, times, context)
        if not times[-1]:
            undated = list(range(len(out), len(out) + len(made) + len(followed)))
        out.extend([*made, *followed])
        previous = made
        for claim, subject in [*made, *followed]:
            # Doubts and denials answer the latest claim about someone, not about an unnamed
            # group met on the way ("... and the intruders were shot dead. Officials believed
            # the claim to be untrue.").
            if claim.predicate in FOLLOWED and subject.label != "GROUP":
                recent.claim, recent.subject = claim, subject
    recent.undated = [out[k][0] for k in undated]
    recent.previous = [t for sentence in times for t in sentence]
    return out


@dataclass(frozen=True, slots=True)
class _Sentence:
    """A sentence being read, with what a claim made from it needs to know."""

    doc: Document
    para: ParsedParagraph
    sent: Span
    context: Sequence[Span]
    document_id: str
    dated: bool  # whether the sentence has a time of its own


def _sentence_claims(
    at: _Sentence,
    triggers: Sequence[Trigger],
    owned: Callable[[Trigger | None], list[TimeExpression]],
    inherited: list[list[TimeExpression]],
    claimed: Sequence[frozenset[str]],
    *,
    people: PersonIndex,
    options: ExtractOptions,
    recent: _Recent,
) -> list[tuple[Claim, Subject]]:
    """One claim per trigger and subject of a sentence (``inherited[-1]`` is its own times)."""
    sent, para = at.sent, at.para
    made: list[tuple[Claim, Subject]] = []
    for trigger in triggers:
        if reports_nothing(sent, trigger.token, trigger.predicate):
            continue
        if not at.dated and _narrative_present(sent, trigger, para.start, recent.speakers):
            continue
        # A sentence whose only dates belong to other triggers does not date this one from
        # earlier sentences either.
        mine = owned(trigger)
        for subject in find_subjects(trigger, offset=para.start, people=people):
            if subject.label == "GROUP" and not options.groups:
                continue
            if is_generic_group(subject.written, subject.label, trigger.role):
                continue
            earlier = _times_of(subject, inherited[:-1], claimed[:-1])
            if trigger.role == "nominal":
                # "his death", "his capture": a mention of an event told elsewhere, which grouping
                # finds; a date of the sentences before ("he formed the group in 2007") is not
                # its date.
                earlier = []
            dating = [*earlier, mine] if mine or not at.dated else [[]]
            when = _claim_when(trigger, at, dating, mine, recent)
            if trigger.predicate == "alive" and _background_act(trigger, sent, when, mine):
                continue
            claim = _claim(
                at.doc, para, sent, trigger, subject, when, at.context, at.document_id,
                speakers=recent.speakers, unnamed=recent.unnamed,
            )  # fmt: skip
            claim = _quoted(claim, para.start + trigger.token.idx, recent.speakers)
            if _speaker_of_own_quote(claim, subject, para.start + trigger.token.idx, recent):
                continue
            if trigger.inferred:
                recent.inferred.add((claim.start, claim.subject))
            made.append((claim, subject))
    return made


def _narrative_present(sent: Span, trigger: Trigger, offset: int, speakers: Speakers) -> bool:
    """ "The woman kills him, then comes for me.", "Two men marry and are arrested": harm told
    in the simple present in running text, with no date, is a story's or a game's plot, not
    news (news tells it in the past, or in the present only in a headline, which has no full
    stop, or in someone's quoted words)."""
    token = trigger.token
    if trigger.predicate not in lexicon.HARM_PREDICATES or token.pos_ != "VERB":
        return False
    if not span_text(sent).rstrip().endswith("."):
        return False
    aux = [c for c in token.children if c.dep_ in {"aux", "auxpass"}]
    present = token.tag_ in {"VBZ", "VBP"} and not aux
    passive = (
        token.tag_ == "VBN"
        and len(aux) == 1
        and aux[0].dep_ == "auxpass"
        and aux[0].lower_ in {"is", "are", "'s", "'re"}
    )
    if not (present or passive):
        return False
    if any(a.lemma_.lower() in lexicon.REPORT_VERBS for a in token.ancestors):
        return False  # "police said he is arrested": someone reports it
    return quotation_at(speakers.quotations, offset + token.idx) is None


def _speaker_of_own_quote(claim: Claim, subject: Subject, position: int, recent: _Recent) -> bool:
    """ "“... fatally wounding him,” the superintendent said": a third-person pronoun in a
    speaker's own quotation is somebody else, never the speaker."""
    if subject.label != "PRON" or subject.written.lower() in {"i", "me", "my", "we", "us", "our"}:
        return False
    if not claim.claimant or quotation_at(recent.speakers.quotations, position) is None:
        return False
    return not set(name_key(claim.claimant).split()).isdisjoint(_name_words(claim))


def _relevant_life(
    claims: list[Claim], subjects: list[Mention], inferred: set[tuple[int, str]]
) -> tuple[list[Claim], list[Mention]]:
    """Drop evidence of life read from an act ("X said in an interview", "X appeared at a
    show") about a person the document reports no harm to: speaking and appearing are evidence
    of life only where a death, a wounding or a capture is in question."""
    if not inferred:
        return claims, subjects
    # By name words: "Mr. Nasser" is harmed where "Karim Nasser" appears.
    harmed = {w for c in claims if c.predicate in lexicon.HARM_PREDICATES for w in _name_words(c)}
    kept = [
        (c, s)
        for c, s in zip(claims, subjects, strict=True)
        if (c.start, c.subject) not in inferred or not harmed.isdisjoint(_name_words(c))
    ]
    return [c for c, _ in kept], [s for _, s in kept]


def _endorsed(claims: list[Claim], unnamed: set[tuple[int, str]]) -> list[Claim]:
    """ "According to press reports, X died when a drone struck his car", in an article that
    says itself, elsewhere and of the same date, that X died: the writer has made the reports'
    word his own, so the claim is asserted, not hedged."""
    if not unnamed:
        return claims
    own = [c for c in claims if c.claimant is None and c.modality == "asserted" and c.when]
    out = []
    for claim in claims:
        if (
            (claim.start, claim.predicate) in unnamed
            and claim.when is not None
            and any(
                c.start != claim.start
                and claim_family(c.predicate) == claim_family(claim.predicate)
                and not _name_words(c).isdisjoint(_name_words(claim))
                and c.when is not None
                and c.when.overlaps(claim.when)
                for c in own
            )
        ):
            claim = replace(claim, modality="asserted")
        out.append(claim)
    return out


def _name_words(claim: Claim) -> set[str]:
    return set(name_key(claim.subject).split())


def _times_of(
    subject: Subject,
    inherited: Sequence[list[TimeExpression]],
    claimed: Sequence[frozenset[str]],
) -> list[list[TimeExpression]]:
    """The earlier sentences' times a claim about ``subject`` may take: not those of sentences
    whose claims were about other people only."""
    key = name_key(subject.name)
    return [t if not who or key in who else [] for t, who in zip(inherited, claimed, strict=True)]


def _claim_when(
    trigger: Trigger,
    at: _Sentence,
    dating: list[list[TimeExpression]],
    mine: list[TimeExpression],
    recent: _Recent,
) -> TimeSpan | None:
    sent = at.sent
    if trigger.predicate == "alive" and _present_tense(trigger.token):
        # "He is still alive": dated by its own sentence or by the news itself, never by a
        # date an earlier sentence gave something else.
        return _when(trigger, sent, [mine]) or as_of_publication(at.doc)
    if trigger.predicate == "alive":
        if _past_perfect(trigger.token):
            # "X, who had threatened the games, ...": a past before the news, not of its week.
            return _not_after_publication(_when(trigger, sent, dating), at.doc)
        found = _not_after_publication(_when(trigger, sent, dating), at.doc)
        return found or as_of_publication(at.doc)
    when = _when(trigger, sent, dating) or _quotation_when(
        at.para.start + trigger.token.idx, recent
    )
    if when is None and trigger.predicate in lexicon.HARM_PREDICATES and _news_tense(trigger.token):
        return news_of(at.doc)
    return when


def _news_tense(token: Token) -> bool:
    """ "X has died", "X has been killed", a headline's "X dies": told as news of the days
    before the report, not as a past of unknown date."""
    if token.pos_ not in {"VERB", "AUX"}:
        return False
    aux = [c for c in token.children if c.dep_ in {"aux", "auxpass"}]
    if token.tag_ in {"VBZ", "VBP"} and not aux:
        return True
    if token.tag_ != "VBN":
        return False
    return any(c.lower_ in {"has", "have", "'s", "'ve"} for c in aux)


def news_of(doc: Document) -> TimeSpan | None:
    """The weeks before the report: the span of what it tells as news without a date."""
    if doc.published_at is None:
        return None
    return _weeks_before(doc.published_at, NEWS_DAYS, "reported", "", doc.published_at_estimated)


def _background_act(
    trigger: Trigger, sent: Span, when: TimeSpan | None, mine: Sequence[TimeExpression]
) -> bool:
    """An act told as background is no evidence of life: undated in the past perfect ("who
    had threatened the games"), or in a relative clause with no date of its own ("the group he
    led", "X, who appeared in a video on Monday," keeps its own date)."""
    if when is None and _past_perfect(trigger.token):
        return True
    verb = _conjunct_head(trigger.token)
    if verb.dep_ != "relcl":
        return False
    tokens = list(trigger.token.subtree)
    lo = tokens[0].idx - sent.start_char
    hi = tokens[-1].idx + len(tokens[-1]) - sent.start_char
    return not any(t.start >= lo and t.end <= hi for t in mine)


def _conjunct_head(token: Token) -> Token:
    """The first verb of a coordination ("had threatened ... and claimed" -> "threatened")."""
    verb = token
    while verb.dep_ == "conj" and verb.head is not verb and verb.head.pos_ in {"VERB", "AUX"}:
        verb = verb.head
    return verb


def _not_after_publication(span: TimeSpan | None, doc: Document) -> TimeSpan | None:
    """Evidence of life is dated by the statement or the recording, which the report has seen:
    a date after the report ("his message for the holiday next Sunday") is the date of
    something else."""
    if span is None or doc.published_at is None or span.start <= doc.published_at:
        return span
    return None


def _past_perfect(token: Token) -> bool:
    """Whether the trigger's verb is in the past perfect ("had threatened", "had threatened
    ... and claimed")."""
    verb = _conjunct_head(token)
    return verb.tag_ == "VBN" and any(
        c.dep_ == "aux" and c.lower_ in {"had", "'d"} for c in verb.children
    )


def _present_tense(token: Token) -> bool:
    """Whether the trigger's clause is in the present ("is alive", "are safe")."""
    verb = token.head if token.pos_ == "ADJ" and token.dep_ in {"acomp", "attr"} else token
    return verb.tag_ in {"VBZ", "VBP"} or any(
        c.dep_ in {"aux", "auxpass"} and c.tag_ in {"VBZ", "VBP"} for c in verb.children
    )


def as_of_publication(doc: Document) -> TimeSpan | None:
    """Evidence of life that gives no date is news: the person was alive in the days before
    the article came out ("he is alive", "his new message")."""
    if doc.published_at is None:
        return None
    return _weeks_before(doc.published_at, AS_OF_DAYS, "week", "", doc.published_at_estimated)


def _credit(
    out: list[tuple[Claim, Subject]], claims: list[tuple[Claim, Subject]], source: str
) -> None:
    """Give the unattributed claims of ``claims`` (already in ``out``) the source ``source``."""
    for k, (claim, subject) in enumerate(out):
        if claim.claimant is None and any(claim is c for c, _ in claims):
            out[k] = (replace(claim, claimant=source, origin=source), subject)


def _redate(
    out: list[tuple[Claim, Subject]], indexes: list[int], when: TimeSpan, recent: _Recent
) -> None:
    """Date the previous sentence's claims by a sentence that only dates them ("This happened
    back in October 2005.")."""
    for k in indexes:
        claim, subject = out[k]
        dated = replace(claim, when=when)
        out[k] = (dated, subject)
        if recent.claim is claim:
            recent.claim = dated


def _redated(claim: Claim, redates: dict[int, TimeSpan]) -> Claim:
    when = redates.get(claim.start) if claim.when is None else None
    return claim if when is None else replace(claim, when=when)


def _note_source(
    speakers: Speakers, para: ParsedParagraph, sent: Span, context: Sequence[Span]
) -> None:
    """Remember the named source a sentence cites, as a lead-in for a quotation after it."""
    attribution = attribute(sent, sent.root, context=context)
    if attribution.claimant and not attribution.impersonal:
        speakers.note(para.start + sent.end_char, attribution.claimant, attribution.via)


def _in_quotation(attribution: Attribution, position: int, speakers: Speakers) -> Attribution:
    """A claim inside a quotation with no named source of its own is the speaker's, with the
    speaker's firmness: an unnamed source the speaker cites ("“According to reliable sources,
    X was killed,” one post claimed") is part of the speaker's word, as it is in a sentence
    of the speaker's own; only a distancing one ("it was reported") still hedges."""
    if attribution.claimant is not None:
        return attribution
    speaker = speakers.speaker_at(position)
    if speaker is None:
        return attribution
    return replace(
        attribution,
        claimant=speaker.claimant,
        via=speaker.via,
        impersonal=attribution.impersonal and attribution.distant,
    )


def _quoted(claim: Claim, position: int, speakers: Speakers) -> Claim:
    """A claim inside a quotation with no named source of its own is the speaker's.

    Its own unnamed source ("it was reported", "according to information") is part of what
    the speaker says, so it stays in the modality; the speaker becomes the claimant.
    """
    if claim.claimant is None:
        speaker = speakers.speaker_at(position)
        if speaker is not None:
            return replace(
                claim, claimant=speaker.claimant, via=speaker.via, origin=speaker.claimant
            )
    elif claim.claimant:
        speakers.note(claim.end, claim.claimant, claim.via)
    return claim


def _follow(
    doc: Document,
    para: ParsedParagraph,
    sent: Span,
    recent: _Recent,
    made: list[tuple[Claim, Subject]],
    times: list[list[TimeExpression]],
    context: Sequence[Span],
) -> list[tuple[Claim, Subject]]:
    """A follow-up (doubt, alibi, repetition) to the latest claim, if the sentence is one."""
    last, subject = recent.claim, recent.subject
    start = para.start + sent.start_char
    if last is None or subject is None or start - last.end > REACH:
        return []
    if any(claim_family(c.predicate) == claim_family(last.predicate) for c, _ in made):
        return []
    found = follow_up(sent, subject_key=name_key(last.subject), predicate=last.predicate)
    if found is None:
        return []
    attribution = attribute(sent, found.cue, context=context)
    when = last.when
    modality: Modality = "hedged" if found.kind == "questioned" else "denied"
    repeats = found.kind in {"again", "stay"}
    if repeats:
        pos = found.cue.idx - sent.start_char
        after = [t.span for t in times[-1] if t.start >= pos]
        when = after[0] if after else last.when
        if found.kind == "stay" and after:
            when = _stay(last.when, after[0])
        modality = last.modality
    claim = replace(
        last,
        quote=doc.text[start : para.start + sent.end_char],
        start=start,
        end=para.start + sent.end_char,
        when=when,
        modality=modality,
        claimant=attribution.claimant or (last.claimant if repeats else None),
        via=attribution.via,
        origin=attribution.claimant,
    )
    # A denial inside a quotation ("“We deny these rumours,” the spokesman said") is the
    # speaker's.
    return [(_quoted(claim, start, recent.speakers), subject)]


def _list_continued(
    doc: Document, para: ParsedParagraph, sent: Span, previous: list[tuple[Claim, Subject]]
) -> list[tuple[Claim, Subject]]:
    """More people of a list the previous sentence began, when this "sentence" is a verbless run
    of names cut off from it ("Among the dead are A, B, who ran the area to the village. C and
    the security chief D."): the same claim about each person named in it."""
    predicates = Counter(c.predicate for c, s in previous if s.label == "PERSON")
    listed = [p for p, n in predicates.items() if n >= 2]
    if not listed or any(t.pos_ in {"VERB", "AUX"} for t in sent):
        return []
    people = [e for e in sent.ents if e.label_ == "PERSON"]
    out: list[tuple[Claim, Subject]] = []
    for template, _ in previous:
        if template.predicate not in listed:
            continue
        listed.remove(template.predicate)  # one template per predicate
        end = para.start + sent.end_char
        for ent in people:
            start = para.start + ent.start_char
            name = span_text(ent)
            subject = Subject(name, start, para.start + ent.end_char, name, "PERSON")
            quote = doc.text[template.start : end]
            claim = replace(template, subject=name, quote=quote, end=end)
            out.append((claim, subject))
    return out


def _stay(began: TimeSpan | None, until: TimeSpan) -> TimeSpan:
    """A stay that goes on "until" a time: from when the previous claim began it to then."""
    if began is None or began.start > until.end:
        return until
    precision = "years" if began.start.year != until.end.year else until.precision
    return TimeSpan(began.start, until.end, until.text, precision, until.estimated)


def _claim(
    doc: Document,
    para: ParsedParagraph,
    sent: Span,
    trigger: Trigger,
    subject: Subject,
    when: TimeSpan | None,
    context: Sequence[Span],
    document_id: str,
    *,
    speakers: Speakers | None = None,
    unnamed: set[tuple[int, str]] | None = None,
) -> Claim:
    """The claim of ``trigger``; ``unnamed`` collects (start, predicate) of claims hedged only
    because an unnamed report tells them ("according to press reports, ...")."""
    start = para.start + sent.start_char
    end = para.start + sent.end_char
    attribution = attribute(sent, trigger.token, context=context)
    if speakers is not None:
        attribution = _in_quotation(attribution, para.start + trigger.token.idx, speakers)
    modality = classify_modality(sent, trigger.token, attribution=attribution)
    if modality == "hedged" and attribution.impersonal and unnamed is not None:
        firm = replace(attribution, impersonal=False)
        if classify_modality(sent, trigger.token, attribution=firm) == "asserted":
            unnamed.add((start, trigger.predicate))
    if trigger.predicate in lexicon.HARM_PREDICATES and modality in ("asserted", "hedged"):
        attribution = _not_self(attribution, subject)
    where = circumstances(trigger.token, moved=trigger.predicate == "moved")
    place = where.where
    if place is not None and name_key(place) == name_key(subject.name):
        place = None  # a name the NER took for a place is the subject, not the place
    return Claim(
        document_id=document_id,
        subject=subject.name,
        predicate=trigger.predicate,
        modality=modality,
        quote=doc.text[start:end],
        start=start,
        end=end,
        extractor=EXTRACTOR,
        when=when,
        where=place,
        agent=where.agent or where.cause,
        claimant=attribution.claimant,
        via=attribution.via,
        origin=attribution.claimant,
    )


def _not_self(attribution: Attribution, subject: Subject) -> Attribution:
    """No one is the source of a report of his own death or capture ("he said that, on the
    contrary, X's death was fortuitous" with "he" taken for X): the relay that told it is,
    else nobody named."""
    claimant = attribution.claimant
    if claimant is None or set(name_key(claimant).split()).isdisjoint(
        name_key(subject.name).split()
    ):
        return attribution
    via = attribution.via
    return replace(attribution, claimant=via[0] if via else None, via=via[1:])


def _name_words_of(subject: Subject) -> list[str]:
    return name_key(subject.name).split()


def _when(trigger: Trigger, sent: Span, times: list[list[TimeExpression]]) -> TimeSpan | None:
    """The trigger clause's time, else the sentence's nearest, else the paragraph's latest."""
    own = times[-1]
    if own:
        tokens = list(trigger.token.subtree)
        lo = tokens[0].idx - sent.start_char
        hi = tokens[-1].idx + len(tokens[-1]) - sent.start_char
        inside = [t for t in own if t.start >= lo and t.end <= hi]
        pos = trigger.token.idx - sent.start_char
        nearest = min(inside or own, key=lambda t: abs(t.start - pos))
        if _in_dateline(span_text(sent), nearest):
            return _reported(nearest.span)
        if (
            not inside
            and trigger.predicate != "alive"
            and nearest.span.precision in REPORT_PRECISIONS
            and _dates_report(trigger, sent, nearest)
        ):
            # "On June 29 officials said he had died": the date is the report's; the event came
            # before it. (Evidence of life is dated by the statement: he was alive to make it.)
            return _reported(nearest.span)
        return nearest.span
    for earlier in reversed(times[:-1]):
        if earlier:
            # A sentence's most recent time is what it reports; older ones are background
            # ("the attack on 14 June targeted X, mastermind of the attack of January 2013").
            return max(earlier, key=lambda t: (t.span.end, t.start)).span
    return None


def _in_dateline(text: str, time: TimeExpression) -> bool:
    """Whether ``time`` is the date of the sentence's dateline ("CITY, <date> (Agency) -",
    "Published: <date>")."""
    before = text[: time.start]
    if _DATE_LABEL.match(before):
        return True
    return bool(_DATELINE_BEFORE.match(before) and _DATELINE_AFTER.match(text[time.end :]))


def _dates_report(trigger: Trigger, sent: Span, time: TimeExpression) -> bool:
    """Whether ``time`` hangs from a reporting verb whose complement holds the trigger."""
    span = sent.doc.char_span(
        sent.start_char + time.start, sent.start_char + time.end, alignment_mode="expand"
    )
    if span is None or not len(span):
        return False
    head = trigger.token.head
    if head.lower_ == "of" and head.head.lemma_.lower() in REPORT_NOUNS:
        return True  # "(aware on Wednesday of) reports of his death": the reports' time
    ancestors = set(trigger.token.ancestors)
    for token in span.root.ancestors:
        if token in ancestors:
            return token.lemma_.lower() in lexicon.REPORT_VERBS
    return False


def _days_before(day: date, days: int) -> date:
    """``days`` before ``day``, or the calendar's first day (a placeholder date 0001-01-01)."""
    return day - timedelta(days=days) if day.toordinal() > days else date.min


def _reported(span: TimeSpan) -> TimeSpan:
    """A report's date as the span of the event it reports: on or before it, recently."""
    return _weeks_before(span.end, REPORTED_DAYS, "reported", span.text, span.estimated)


def _weeks_before(
    end: date, days: int, precision: Precision, text: str, estimated: bool
) -> TimeSpan:
    """The ``days`` up to ``end``: the span of what a report tells as recent news."""
    return TimeSpan(
        _days_before(end, days), end, text=text, precision=precision, estimated=estimated
    )


def _own_times(
    sent: Span, found: list[TimeExpression], triggers: Sequence[Trigger]
) -> Callable[[Trigger | None], list[TimeExpression]]:
    """The sentence's times a trigger may take: a date in brackets right after a clause ("the
    wounding of a soldier in shelling (June 10)") dates the nearest trigger before it only.
    For ``None``: the times no trigger owns (those later sentences may inherit)."""
    positions = sorted(t.token.idx - sent.start_char for t in triggers)
    text = span_text(sent)
    owner: dict[int, int] = {}
    for k, t in enumerate(found):
        before = text[: t.start].rstrip()
        if before.endswith("(") and text[t.end :].lstrip().startswith(")"):
            earlier = [p for p in positions if p < t.start]
            if earlier:
                owner[k] = earlier[-1]

    def times_for(trigger: Trigger | None) -> list[TimeExpression]:
        if trigger is None:
            return [t for k, t in enumerate(found) if k not in owner]
        pos = trigger.token.idx - sent.start_char
        return [t for k, t in enumerate(found) if owner.get(k, pos) == pos]

    return times_for


def _quotation_when(position: int, recent: _Recent) -> TimeSpan | None:
    """The latest date given earlier in the quotation holding ``position``: a statement quoted
    over several paragraphs dates its event once ("On May 3, the post was struck ...") and then
    lists what the strike did, paragraphs later, without repeating the date."""
    quotation = quotation_at(recent.speakers.quotations, position)
    if quotation is None:
        return None
    inside = [span for at, span in recent.dated if quotation.start <= at < position]
    return inside[-1] if inside else None


def _anchor(doc: Document) -> _Anchor:
    """The date relative expressions count from: the publication date, else the one the URL or
    dateline states (ingest fills it in; a Document built by hand may lack it), else none, and
    "last June" then stays unresolved (a year the body mentions is no publication date). A
    date found here is stored as estimated, whatever its source, as any the extractor finds."""
    if doc.published_at is not None:
        return _Anchor(doc.published_at, doc.published_at_estimated)
    found = publication_date(doc.text, doc.url, doc.language)
    return _Anchor(found.day, True) if found is not None else _Anchor(None, True)


def claim_family(predicate: str) -> str:
    """The predicate a claim is deduplicated by: died and killed are one."""
    return "killed" if predicate == "died" else predicate


def _subject_mention(subject: Subject, document_id: str) -> Mention:
    if subject.name_start is not None and subject.name_end is not None:
        return Mention(document_id, subject.name_start, subject.name_end, subject.name, "PERSON")
    return Mention(document_id, subject.start, subject.end, subject.written, subject.label)
