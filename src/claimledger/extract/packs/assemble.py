"""Claims from an analysed document in a pack's language: the same records as the English rules.

For each sentence:
1. triggers: a token whose lemma (or clitic-free stem) is a pack trigger, or a trigger phrase;
2. subject: the person name nearest the trigger (the backend's names, Arabic name shapes and
   the gazetteer's), a name inside the claimant's words only when there is no other; without
   a name, the subject of the document's previous claim, when it is one or two sentences back;
3. modality: the pack's retraction, denial and hedge cues in the sentence, else a negation just
   before the trigger (denied), else asserted;
4. claimant: the words after a ``source_after`` cue or before a ``source_before`` cue; a
   sentence that only names a source ("Об этом сообщает X") gives it to the previous
   sentence's unattributed claims;
5. when: the sentence's date nearest the trigger, else the latest date of the paragraph;
   undated evidence of life is dated to the week before publication.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from itertools import takewhile

from claimledger.extract.claims import Extraction, as_of_publication, claim_family, news_of
from claimledger.extract.lexicon import HARM_PREDICATES
from claimledger.extract.packs.analysis import Analysis, NameSpan, Sentence, Token
from claimledger.extract.packs.dates import FoundDate, find_dates, has_date_words, is_date_word
from claimledger.extract.packs.gloss import gloss_claimant, names_a_group, names_a_source
from claimledger.extract.packs.names import (
    Gazetteer,
    Gazetteers,
    arabic_names,
    document_gazetteer,
    gazetteer_names,
)
from claimledger.extract.packs.pack import LanguagePack, fold
from claimledger.ingest.dates import publication_date
from claimledger.ledger.gazetteer import country_code, is_place_name
from claimledger.resolve.keys import name_key
from claimledger.types import Claim, Document, Mention, Modality, Predicate, TimeSpan

EXTRACTOR_PREFIX = "claims.packs.v1"
# Words of a claimant phrase, at most.
MAX_SOURCE_WORDS = 6
# Tokens before a trigger a negation may stand at ("не был убит", "لم يقتل").
NEGATION_REACH = 3
# Words of a headline's source before its colon ("Российские СМИ: ..."), at most.
HEADLINE_SOURCE_WORDS = 4
# Words of a sentence that is only a date line ("26.05.2013"): its date is the report's, not
# that of the sentences after it.
DATELINE_WORDS = 4
# Sentences back a claim without a name may take the previous claim's subject from.
SUBJECT_REACH = 2


@dataclass(frozen=True, slots=True)
class _Trigger:
    predicate: Predicate
    start: int  # document offsets
    end: int
    index: int  # token index in the sentence (-1 for a phrase)


@dataclass(slots=True)
class _State:
    """What later sentences of the document refer back to."""

    subject: NameSpan | None = None
    subject_sentence: int = -10
    last_when: TimeSpan | None = None
    paragraph_year: int | None = None  # the latest year the paragraph wrote out in full
    last_claims: list[int] = field(default_factory=list)  # indexes of the previous sentence's
    claims_before: list[int] = field(default_factory=list)  # of the latest sentence with claims
    claims_sentence: int = -10


def assemble_pack(
    doc: Document,
    analysis: Analysis,
    pack: LanguagePack,
    *,
    document_id: str,
    gazetteer: Gazetteer | None = None,
    anchor: date | None = None,
) -> Extraction:
    """Every claim of one analysed document; ``anchor``: a publication date estimated for a
    document that gives none (``claimledger.ledger.dating``)."""
    if anchor is not None and doc.published_at is None:
        doc = replace(doc, published_at=anchor, published_at_estimated=True)
    anchor, estimated = _anchor(doc)
    names = _document_names(doc.text, analysis, pack, gazetteer)
    claims: list[Claim] = []
    subjects: list[Mention] = []
    seen: set[tuple[str, str, int, str | None]] = set()
    state = _State()
    context = _Context(pack, gazetteer, document_id, f"{EXTRACTOR_PREFIX}.{pack.language}")
    previous_end = -1
    for number, sentence in enumerate(analysis.sentences):
        text = doc.text[sentence.start : sentence.end]
        if "\n\n" in doc.text[previous_end : sentence.start] if previous_end >= 0 else False:
            state.last_when = None  # a new paragraph: dates do not carry over
            state.paragraph_year = None
        previous_end = sentence.end
        in_sentence = [n for n in names if sentence.start <= n.start < sentence.end]
        back = _back_source(text, sentence, pack, gazetteer)
        if back and state.last_claims:
            for k in state.last_claims:
                if claims[k].claimant is None:
                    claims[k] = replace(claims[k], claimant=back, origin=back)
        triggers = _triggers(text, sentence, pack)
        dates = _narrative(
            find_dates(text, pack, anchor=anchor, estimated=estimated), state, anchor
        )
        # A sentence naming a date it cannot place (no year, no publication date) is not about
        # the date of the sentence before.
        carried = None if not dates and has_date_words(text, pack) else state.last_when
        made: list[int] = []
        found = {t: _sources(text, sentence, pack, t) for t in triggers}
        harms = {
            t: _subject_key(in_sentence, t, found[t][0], state, number)
            for t in triggers
            if t.predicate != "alive"
        }
        for trigger in triggers:
            made_claim = _trigger_claim(
                doc,
                sentence,
                number,
                trigger,
                found[trigger],
                in_sentence,
                dates,
                carried,
                harms,
                state,
                context,
            )
            if made_claim is None:
                continue
            claim, subject = made_claim
            key = (name_key(subject.text), claim_family(claim.predicate), sentence.start)
            if (*key, claim.claimant) in seen:
                continue
            seen.add((*key, claim.claimant))
            made.append(len(claims))
            claims.append(claim)
            subjects.append(
                Mention(document_id, subject.start, subject.end, subject.text, "PERSON")
            )
            state.subject, state.subject_sentence = subject, number
        answered = state.last_claims or (
            state.claims_before if number - state.claims_sentence <= SUBJECT_REACH else []
        )
        if not triggers and answered:
            for answer in _answered(text, sentence, pack, answered, claims, gazetteer):
                made.append(len(claims))
                claims.append(answer)
                subjects.append(subjects[answered[0]])
        if not triggers and len({name_key(n.text) for n in in_sentence}) == 1:
            # A sentence that tells of one person only is whom "he" next refers to.
            state.subject, state.subject_sentence = in_sentence[0], number
        if dates and (triggers or len(sentence.tokens) > DATELINE_WORDS):
            state.last_when = _absolute_first(dates)[-1].span
        if made:
            state.claims_before, state.claims_sentence = made, number
        state.last_claims = made
    mentions = tuple(Mention(document_id, n.start, n.end, n.text, "PERSON") for n in names)
    return Extraction(
        claims=tuple(claims),
        mentions=mentions,
        estimated_date=anchor if estimated else None,
        subjects=tuple(subjects),
    )


@dataclass(frozen=True, slots=True)
class _Context:
    """What every sentence of one document is read with."""

    pack: LanguagePack
    gazetteer: Gazetteer | None
    document_id: str
    extractor: str


def _trigger_claim(
    doc: Document,
    sentence: Sentence,
    number: int,
    trigger: _Trigger,
    sources: tuple[tuple[str, int, int] | None, tuple[str, int, int] | None],
    names: list[NameSpan],
    dates: list[FoundDate],
    carried: TimeSpan | None,
    harms: dict[_Trigger, str | None],
    state: _State,
    context: _Context,
) -> tuple[Claim, NameSpan] | None:
    """The claim one trigger makes, with its subject's name, or ``None`` without a subject;
    ``sources``: the trigger's claimant phrase and relay (``_sources``)."""
    pack, gazetteer = context.pack, context.gazetteer
    text = doc.text[sentence.start : sentence.end]
    source, relay = sources
    subject = _subject(names, trigger, source, state, number)
    if subject is None:
        return None
    claimant = _claimant_name(source, sentence, pack, gazetteer) if source else None
    via = (_claimant_name(relay, sentence, pack, gazetteer),) if relay else ()
    when = _when(dates, sentence, trigger, carried) or _undated(doc, trigger, claimant, number)
    claim = Claim(
        document_id=context.document_id,
        subject=subject.text,
        predicate=trigger.predicate,
        modality=_modality(text, sentence, pack, trigger, name_key(subject.text), harms),
        quote=text,
        start=sentence.start,
        end=sentence.end,
        extractor=context.extractor,
        when=when,
        claimant=claimant,
        via=via,
        origin=claimant,
    )
    return claim, subject


def _answered(
    text: str,
    sentence: Sentence,
    pack: LanguagePack,
    previous: list[int],
    claims: list[Claim],
    gazetteer: Gazetteer | None,
) -> list[Claim]:
    """A sentence that takes up the report before it ("Al-Qaïda a toujours démenti cette
    information") makes, for each of that sentence's claims, the same claim with this
    sentence's claimant and modality; only when it names who answers or denies."""
    folded = fold(text)
    anaphora = next(
        (m for a in pack.report_anaphora for m in _cue_regex(a, pack.language).finditer(folded)),
        None,
    )
    if anaphora is None:
        return []
    at = _Trigger("died", sentence.start + anaphora.start(), sentence.start + anaphora.end(), -1)
    source = _source(text, sentence, pack, at)
    denied = bool(_cue_positions(folded, pack.denials, pack.language))
    if source is None and not denied:
        return []
    claimant = _claimant_name(source, sentence, pack, gazetteer) if source else None
    modality = _modality(text, sentence, pack, at, "", {})
    out = []
    for k in previous:
        before = claims[k]
        out.append(
            replace(
                before,
                modality=modality,
                quote=text,
                start=sentence.start,
                end=sentence.end,
                claimant=claimant,
                origin=claimant,
                via=(),
            )
        )
    return out


def _anchor(doc: Document) -> tuple[date | None, bool]:
    if doc.published_at is not None:
        return doc.published_at, doc.published_at_estimated
    found = publication_date(doc.text, doc.url, doc.language)
    return (found.day, True) if found is not None else (None, True)


def _document_names(
    text: str, analysis: Analysis, pack: LanguagePack, gazetteer: Gazetteer | None
) -> list[NameSpan]:
    """The person names of the document: the backend's, Arabic shapes, then known names.

    A run the ledger knows only as an organisation or a place ("Hayat Tahrir al-Sham", read as
    such in English text), that names a country or city, that the claimant glossary lists as a
    group, outlet or place ("Кореи", "كوريا"), or that a group cue governs ("leader di X") is
    no person."""
    names = list(analysis.names)
    if pack.language == "ar":
        names += [n for s in analysis.sentences for n in arabic_names(s, pack)]
    parts: list[Gazetteer] = [document_gazetteer(names)]
    if gazetteer is not None:
        parts.append(gazetteer)
    known = Gazetteers(parts)
    for sentence in analysis.sentences:
        names += gazetteer_names(text, sentence, known, taken=names)
    kept = [n for n in names if not _no_person(text, n, analysis, pack, gazetteer)]
    return sorted(kept, key=lambda n: n.start)


def _no_person(
    text: str, name: NameSpan, analysis: Analysis, pack: LanguagePack, gazetteer: Gazetteer | None
) -> bool:
    if _after_group_cue(text, name, pack) or country_code(name.text) is not None:
        return True
    sentence = next((s for s in analysis.sentences if s.start <= name.start < s.end), None)
    if sentence is not None and _in_trigger_phrase(text, sentence, name, pack):
        return True  # "Déclaré mort ...": the words of a report, not a name
    if gazetteer is not None and gazetteer.is_person(name.text):
        return False
    if is_place_name(name.text) or (gazetteer is not None and gazetteer.is_other(name.text)):
        return True
    tokens = [t for t in (sentence.tokens if sentence else ()) if name.start <= t.start < name.end]
    return names_a_group(tokens, pack.language)


def _in_trigger_phrase(text: str, sentence: Sentence, name: NameSpan, pack: LanguagePack) -> bool:
    folded = fold(text[sentence.start : sentence.end])
    spans = [
        (sentence.start + m.start(), sentence.start + m.end())
        for phrase, _ in pack.trigger_phrases
        for m in _cue_regex(phrase, pack.language).finditer(folded)
    ]
    spans += [
        (t.start, t.end) for t in _triggers(text[sentence.start : sentence.end], sentence, pack)
    ]
    return any(a < name.end and name.start < b for a, b in spans)


def _after_group_cue(text: str, name: NameSpan, pack: LanguagePack) -> bool:
    """ "leader di Hayat Tahrir al-Sham", "chef d'Al-Qaïda": the name a group cue governs."""
    if not pack.group_cues:
        return False
    before = fold(text[max(0, name.start - 40) : name.start]).rstrip()
    return any(
        before.endswith(cue) and (len(before) == len(cue) or not before[-len(cue) - 1].isalnum())
        for cue in pack.group_cues
    )


# --- triggers -------------------------------------------------------------------------------------


def _triggers(text: str, sentence: Sentence, pack: LanguagePack) -> list[_Trigger]:
    found: list[_Trigger] = []
    for i, token in enumerate(sentence.tokens):
        predicate = next((pack.triggers[f] for f in token.forms if f in pack.triggers), None)
        if predicate is not None and not _counted(sentence.tokens, i, pack):
            found.append(_Trigger(predicate, token.start, token.end, i))  # type: ignore[arg-type]
    folded = fold(text)
    for phrase, predicate in pack.trigger_phrases:
        for match in _cue_regex(phrase, pack.language).finditer(folded):
            start = sentence.start + match.start()
            if not any(
                t.start <= start < t.end or start <= t.start < start + len(phrase)
                for t in found
                if t.predicate == predicate
            ):
                found.append(_Trigger(predicate, start, start + len(phrase), -1))  # type: ignore[arg-type]
    # Each trigger makes a claim about the name nearest it; claims about the same subject and
    # predicate family in one sentence are one (``assemble_pack`` deduplicates).
    return sorted(found, key=lambda t: t.start)


# Words before a harm word that count its victims ("une vingtaine de morts", "десятки
# погибших", "عشرات القتلى"), within this many tokens.
COUNT_REACH = 2


def _counted(tokens: tuple[Token, ...], i: int, pack: LanguagePack) -> bool:
    """A harm word with a count next to it tells of victims, not of a named person ("une
    vingtaine de morts", "погибли несколько моджахедов")."""
    before = tokens[max(0, i - COUNT_REACH) : i]
    if any(t.text.isdigit() or fold(t.text) in pack.count_words for t in before):
        return True
    # After the harm word only a count that is no numeral: "убит 3 мая", "morto due anni fa"
    # are dates.
    numerals = pack.ago.numbers if pack.ago is not None else {}
    return any(
        fold(t.text) in pack.count_words and fold(t.text) not in numerals
        for t in tokens[i + 1 : i + 2]
    )


@lru_cache(maxsize=4096)
def _cue_regex(cue: str, language: str) -> re.Pattern[str]:
    # Arabic cues may carry a conjunction or preposition glued in front ("ونفى", "بمقتل").
    prefix = "(?:[وفبل]|ال|وال|بال)?" if language == "ar" else ""
    return re.compile(rf"(?<!\w){prefix}{re.escape(cue)}(?!\w)")


# --- modality -------------------------------------------------------------------------------------


def _modality(
    text: str,
    sentence: Sentence,
    pack: LanguagePack,
    trigger: _Trigger,
    subject: str,
    harms: dict[_Trigger, str | None],
) -> Modality:
    """The pack's retraction, denial and hedge cues, each for the harm nearest to it; else a
    negation just before the trigger.

    In a sentence that tells a harm and a sign of life ("the reports of his death were denied:
    he appeared in Aleppo"), the cues are about the harm and the life is told; in one that
    tells two harms ("his death might be shown by troop moves, as after his father's death"),
    each cue belongs to the harm it stands nearest."""
    if not (trigger.predicate == "alive" and harms):
        folded = _without_non_answers(fold(text), pack)
        offset = sentence.start
        for cues, modality in (
            (pack.retractions, "retracted"),
            (pack.denials, "denied"),
            (pack.hedges, "hedged"),
        ):
            for position in _cue_positions(folded, cues, pack.language):
                if _contrast_between(folded, position, trigger.start - offset, pack):
                    continue  # "he says he is well, although rumours say he is ill"
                nearest = _nearest(list(harms), offset + position)
                if nearest is None or trigger.predicate == "alive" or harms[nearest] == subject:
                    return modality  # type: ignore[return-value]
    if trigger.index > 0:
        before = sentence.tokens[max(0, trigger.index - NEGATION_REACH) : trigger.index]
        if any(fold(t.text) in pack.negations for t in before):
            return "denied"
    return "asserted"


def _contrast_between(folded: str, a: int, b: int, pack: LanguagePack) -> bool:
    """Whether a contrast word ("хотя", "mais", "لكن") stands between two positions: a cue on
    its other side is about another clause."""
    lo, hi = sorted((a, b))
    between = folded[lo:hi]
    return any(_cue_regex(w, pack.language).search(between) for w in pack.contrasts)


def _without_non_answers(folded: str, pack: LanguagePack) -> str:
    """The text with "refused to confirm or deny" blanked (same length): its "deny" is no
    denial of the report."""
    for phrase in pack.non_answers:
        folded = _cue_regex(phrase, pack.language).sub(lambda m: " " * len(m.group()), folded)
    return folded


def _cue_positions(folded: str, cues: tuple[str, ...], language: str) -> list[int]:
    return [m.start() for c in cues for m in _cue_regex(c, language).finditer(folded)]


def _nearest(triggers: list[_Trigger], position: int) -> _Trigger | None:
    return min(
        triggers,
        key=lambda t: (max(t.start - position, position - t.end, 0), t.start),
        default=None,
    )


# --- claimant -------------------------------------------------------------------------------------


def _source(
    text: str, sentence: Sentence, pack: LanguagePack, trigger: _Trigger
) -> tuple[str, int, int] | None:
    """The claimant phrase of the sentence, with its document offsets (see ``_sources``)."""
    return _sources(text, sentence, pack, trigger)[0]


def _sources(
    text: str, sentence: Sentence, pack: LanguagePack, trigger: _Trigger
) -> tuple[tuple[str, int, int] | None, tuple[str, int, int] | None]:
    """The claimant phrase of the sentence and the relay that carries it.

    The subject of a reporting verb that opens the sentence speaks ("L'armée tchadienne affirme
    avoir tué X, selon un communiqué"), as does one before the report when a relay closes the
    sentence ("движение опровергает факт гибели ..., передает ИТАР-ТАСС": the movement, via
    ITAR-TASS); else the words after a cue ("selon X", "подтвердили источники"); else the words
    before a reporting verb anywhere."""
    folded = fold(text)
    tokens = sentence.tokens
    at = trigger.start - sentence.start
    befores = [
        (match.start(), words)
        for cue in pack.source_before
        for match in _cue_regex(cue, pack.language).finditer(folded)
        if (
            words := _words_before(
                tokens, sentence.start + match.start(), text, sentence, pack, trigger
            )
        )
    ]
    afters = [
        (match.end(), words)
        for cue in pack.source_after
        for match in _cue_regex(cue, pack.language).finditer(folded)
        if (
            words := _source_words(
                [t for t in tokens if t.start >= sentence.start + match.end()],
                text,
                sentence.start,
                pack,
                trigger,
            )
        )
    ]
    opening = [w for _, w in befores if tokens and w[0].start == tokens[0].start]
    trailing = [w for end, w in afters if end > at]
    speaker = opening or [w for start, w in befores if start < at and trailing]
    if speaker:
        relay = next((w for w in trailing if w[0].start != speaker[0][0].start), None)
        return _phrase(speaker[0], text, sentence.start), (
            _phrase(relay, text, sentence.start) if relay else None
        )
    if afters:
        return _phrase(afters[0][1], text, sentence.start), None
    if befores:
        return _phrase(befores[0][1], text, sentence.start), None
    return _headline_source(text, sentence, pack, at), None


def _headline_source(
    text: str, sentence: Sentence, pack: LanguagePack, at: int
) -> tuple[str, int, int] | None:
    """ "Российские СМИ: ликвидирован лидер ...": a short source phrase and a colon before the
    report (a place, "Mali: ...", is a heading, not a source)."""
    colon = text.find(":")
    if colon < 0 or colon > at:
        return None
    words = [t for t in sentence.tokens if t.end <= sentence.start + colon]
    if not words or len(words) > HEADLINE_SOURCE_WORDS or not names_a_source(words, pack.language):
        return None
    return _phrase(words, text, sentence.start)


def _words_before(
    tokens: tuple[Token, ...],
    cue_start: int,
    text: str,
    sentence: Sentence,
    pack: LanguagePack,
    trigger: _Trigger,
) -> list[Token]:
    before = [t for t in tokens if t.end <= cue_start]
    words = _source_words(before[::-1], text, sentence.start, pack, trigger)[::-1]
    if len(words) == MAX_SOURCE_WORDS:
        # Cut short ("... по вопросам национальной безопасности Мун Чжон Ин прокомментировал"):
        # the name just before the verb is who speaks.
        name = list(takewhile(lambda t: t.text[:1].isupper(), reversed(words)))[::-1]
        if name:
            return name
    return words


def _source_words(
    tokens: list[Token], text: str, offset: int, pack: LanguagePack, trigger: _Trigger
) -> list[Token]:
    """Words of a source phrase from the cue outwards, up to a stop word, a trigger, a
    punctuation mark between words or ``MAX_SOURCE_WORDS``."""
    words: list[Token] = []
    for token in tokens:
        if fold(token.text) in pack.source_stops or token.start == trigger.start:
            break
        if token.forms & pack.triggers.keys() or is_date_word(token.text, pack):
            break
        if words:
            lo, hi = sorted((words[-1], token), key=lambda t: t.start)
            if any(ch in ',;:.()«»"“”—–،؛' for ch in text[lo.end - offset : hi.start - offset]):
                break
        words.append(token)
        if len(words) >= MAX_SOURCE_WORDS:
            break
    return words


def _phrase(words: list[Token], text: str, offset: int) -> tuple[str, int, int]:
    start, end = words[0].start, words[-1].end
    return text[start - offset : end - offset].strip(" \"'«»“”"), start, end


def _back_source(
    text: str, sentence: Sentence, pack: LanguagePack, gazetteer: Gazetteer | None
) -> str | None:
    """The source a sentence names for the previous one ("Об этом сообщает BBC.")."""
    folded = fold(text)
    for cue in pack.source_back:
        match = _cue_regex(cue, pack.language).search(folded)
        if match is None:
            continue
        after = [t for t in sentence.tokens if t.start >= sentence.start + match.end()]
        # "Об этом говорится в заявлении X": the preposition before the source is no end.
        while after and fold(after[0].text) in pack.source_stops:
            after.pop(0)
        kept: list[Token] = []
        for token in after[:MAX_SOURCE_WORDS]:
            if fold(token.text) in pack.source_stops:
                break
            kept.append(token)
        if not kept:
            return None
        phrase = _phrase(kept, text, sentence.start)
        return _claimant_name(phrase, sentence, pack, gazetteer)
    return None


def _claimant_name(
    source: tuple[str, int, int],
    sentence: Sentence,
    pack: LanguagePack,
    gazetteer: Gazetteer | None,
) -> str:
    """The claimant as the ledger names it: in English when the pack's claimant glossary
    covers the phrase ("Власти Афганистана": authorities of Afghanistan), so one origin keeps
    one track record across languages; else as written."""
    words = [t for t in sentence.tokens if source[1] <= t.start < source[2]]
    known = gazetteer.known_name if gazetteer is not None else None
    return gloss_claimant(words, pack.language, known) or source[0]


# --- subject and time -----------------------------------------------------------------------------


def _subject(
    names: list[NameSpan],
    trigger: _Trigger,
    source: tuple[str, int, int] | None,
    state: _State,
    number: int,
) -> NameSpan | None:
    outside = [n for n in names if source is None or not (source[1] <= n.start < source[2])]
    if outside:
        return min(outside, key=lambda n: _distance(n, trigger))
    # The only name is the claimant's ("the minister Rehman Malik confirmed his killing"): the
    # report is about the person the text was telling of, when there is one.
    if state.subject is not None and number - state.subject_sentence <= SUBJECT_REACH:
        return state.subject
    if names:
        return min(names, key=lambda n: _distance(n, trigger))
    return None


def _subject_key(
    names: list[NameSpan],
    trigger: _Trigger,
    source: tuple[str, int, int] | None,
    state: _State,
    number: int,
) -> str | None:
    subject = _subject(names, trigger, source, state, number)
    return None if subject is None else name_key(subject.text)


def _distance(name: NameSpan, trigger: _Trigger) -> int:
    if name.end <= trigger.start:
        return trigger.start - name.end
    return max(0, name.start - trigger.end)


# Days before the report in which a year-less date is news of the week, not of the year the
# paragraph recalls (as ``claimledger.extract.when_narrative`` reads English).
NEWS_WEEKS_DAYS = 14
_WRITTEN_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _narrative(dates: list[FoundDate], state: _State, anchor: date | None) -> list[FoundDate]:
    """A day or month written without its year takes the latest year the paragraph wrote out
    before it ("весной 2011 года ... 28 марта": March 28, 2011), unless that puts it after the
    report or it falls in the two weeks before it; dates that write a year set the year."""
    out = []
    for found in dates:
        span = found.span
        written = _WRITTEN_YEAR.findall(span.text)
        year = state.paragraph_year
        if written:
            state.paragraph_year = int(written[-1])
        elif (
            year is not None
            and anchor is not None
            and span.precision in ("day", "month")
            and span.start.year != year
            and not (anchor - timedelta(days=NEWS_WEEKS_DAYS) <= span.end <= anchor)
        ):
            moved = _in_year(span, year)
            if moved is not None and moved.end <= anchor:
                found = replace(found, span=moved)
        out.append(found)
    return out


def _in_year(span: TimeSpan, year: int) -> TimeSpan | None:
    try:
        start = span.start.replace(year=year)
        end = span.end.replace(year=year)
    except ValueError:  # February 29
        return None
    if span.precision == "month":
        end = date(year, span.start.month, calendar.monthrange(year, span.start.month)[1])
    return replace(span, start=start, end=end)


def _undated(
    doc: Document, trigger: _Trigger, claimant: str | None, number: int
) -> TimeSpan | None:
    """The time of a claim whose text gives none: undated evidence of life is of the week
    before the report; a harm that a named source reports, or that the headline tells, is news
    of the weeks before it (dated by its report, as the English rules date "officials said he
    had died"; the ledger then joins it to the death the texts date before it)."""
    if trigger.predicate == "alive":
        return as_of_publication(doc)
    if trigger.predicate in HARM_PREDICATES and (claimant is not None or number == 0):
        return news_of(doc)
    return None


def _absolute_first(dates: list[FoundDate]) -> list[FoundDate]:
    """Dates with a number or a month before bare weekdays and "yesterday"."""
    absolute = [d for d in dates if any(ch.isdigit() for ch in d.span.text)]
    return absolute or dates


def _when(
    dates: list[FoundDate], sentence: Sentence, trigger: _Trigger, carried: TimeSpan | None
) -> TimeSpan | None:
    if dates:
        position = trigger.start - sentence.start
        best = min(_absolute_first(dates), key=lambda d: abs(d.start - position))
        return best.span
    return carried
