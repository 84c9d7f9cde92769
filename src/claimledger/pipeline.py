"""The pipeline, in the order DESIGN.md draws it.

    1. ingest   inputs -> Document | InputFailure            (claimledger.ingest)
    2. store    Document -> stored version, once per content (Store.add_document)
       gate     only languages extraction reads go on        (claimledger.languages)
    3. extract  Document -> claims and mentions              (claimledger.extract, in workers;
                other languages: claimledger.extract.packs, analysed in workers, assembled here)
    4. resolve  mentions -> entities across documents        (claimledger.resolve)
    5. record   claims, mentions, entities: one transaction  (Store.record_extraction)
    6. ledger + assess  claims -> events with statuses       (claimledger.ledger, .assess)

Each stage is a plain function over typed records; this module strings them together and calls
the store at the edges. A document in a language extraction does not read is stored and marked
"not extracted" (with the language) instead of being read with another language's rules.
Extraction, the costly stage, runs in worker processes when asked; resolution and storage stay
in this process because they share the entity index. Events are reassessed for the subjects a
batch touched, once per batch rather than once per document.

A killed run resumes: each version is marked extracted with its claims (or with the reason its
extraction raised, so a document that always fails is not read again by every run; ``extract
--retry-failed`` reads those on request), and each subject whose claims changed is noted until
its events are assessed, in the same transactions; an ingest first finishes the documents
stored without their claims (in the order they were stored, so the ledger ends as an
uninterrupted run would have left it) and reassesses the noted subjects, and says so
("repaired"). Several writers may share a ledger: resolving and recording a document happen
under the ledger's writer lock (``Store.writing``), after reading the resolver records the
others wrote meanwhile, so the result is that of some serial order of the documents.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import time
from collections import Counter
from collections.abc import Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from itertools import chain
from typing import Any, Literal

from claimledger.assess import assess_subject, update_subject
from claimledger.errors import StoreError
from claimledger.extract.claims import Extraction, ExtractOptions, extract_claims, extract_many
from claimledger.extract.packs import (
    Analysis,
    IndexGazetteer,
    analyse_document,
    assemble_pack,
    has_pack,
    load_pack,
)
from claimledger.extract.packs.dates import latest_written_date, yearless_dates
from claimledger.languages import language_key, not_extracted_reason
from claimledger.ledger import group_events, index_claims, trace_origin
from claimledger.ledger.dating import ledger_date
from claimledger.ledger.keys import kind_of
from claimledger.resolve.aliases import harvest_aliases
from claimledger.resolve.context import DocumentContext
from claimledger.resolve.index import EntityIndex
from claimledger.resolve.resolver import Resolver
from claimledger.store import Store
from claimledger.store.records import batches
from claimledger.types import Claim, Document, Entity, Event, InputFailure, Mention
from claimledger.workers import ordered_batch_map

logger = logging.getLogger(__name__)

# Imported once in the forkserver so the workers share the loaded spaCy pipeline.
EXTRACT_PRELOAD = ("claimledger.preload",)
# Documents a worker extracts together. spaCy runs the paragraphs of a batch as one matrix: one
# document (about 8 triggered paragraphs) at a time cost about 30 ms more CPU per article in the
# parser and NER than 16 documents at a time (benchmarks/nlp_costs.py, batch sizes 8 and 128).
EXTRACT_BATCH = 16

# "repaired": a document a killed run stored without its claims, extracted now; an outcome with
# no document id reports subjects whose events were out of date (``repaired_subjects``).
OutcomeStatus = Literal["new", "present", "new_version", "failed", "repaired"]
EVENTS_ORIGIN = "<events>"


@dataclass(frozen=True, slots=True, kw_only=True)
class PipelineOptions:
    """How much of the pipeline to run and with how many extraction workers."""

    extract: bool = True
    workers: int = 1
    # Documents between event reassessments. Reassessing a person reads all their claims, so
    # it costs more as the ledger grows; doing it rarely during a long run (and always at its
    # end) keeps ingest fast, at the price of statuses lagging within a run.
    reassess_every: int = 1000
    # The address of a Dask scheduler to run extraction on ("tcp://host:8786"); None: locally.
    dask: str | None = None
    extract_options: ExtractOptions = field(default_factory=ExtractOptions)
    # Extract in a worker process even with one worker (``extract --retry-failed``): a
    # document that kills the process extracting it then costs that worker, not the run.
    isolated: bool = False


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    """What happened to one input item."""

    origin: str
    status: OutcomeStatus
    document_id: str | None = None
    version: int | None = None
    reason: str | None = None
    line: int | None = None
    claims: int = 0
    language: str | None = None
    # Why the document was stored but not extracted ("language de"); None when it was read.
    not_extracted: str | None = None
    repaired_subjects: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "origin": self.origin,
            "status": self.status,
            "document_id": self.document_id,
            "version": self.version,
            "reason": self.reason,
            "line": self.line,
            "claims": self.claims,
            "language": self.language,
            "not_extracted": self.not_extracted,
            "repaired_subjects": self.repaired_subjects,
        }


@dataclass(slots=True)
class IngestSummary:
    """Counts for the end-of-run summary, and the failures with their reasons."""

    counts: Counter[str] = field(default_factory=Counter)
    failures: list[IngestOutcome] = field(default_factory=list)
    claims: int = 0
    # Documents stored but not extracted, by language ("de", "unknown").
    not_extracted: Counter[str] = field(default_factory=Counter)
    # Subjects whose events a killed run had left out of date, brought up to date.
    repaired_subjects: int = 0

    def add(self, outcome: IngestOutcome) -> None:
        if outcome.status == "repaired" and outcome.document_id is None:
            self.repaired_subjects += outcome.repaired_subjects
            return
        self.counts[outcome.status] += 1
        self.claims += outcome.claims
        if outcome.status == "failed":
            self.failures.append(outcome)
        elif outcome.not_extracted is not None:
            self.not_extracted[language_key(outcome.language)] += 1

    @property
    def ingested(self) -> int:
        return self.counts["new"] + self.counts["new_version"]

    @property
    def repaired(self) -> int:
        """Documents stored without their claims by a killed run, extracted by this one."""
        return self.counts["repaired"]

    @property
    def present(self) -> int:
        return self.counts["present"]

    @property
    def failed(self) -> int:
        return self.counts["failed"]

    def as_dict(self) -> dict[str, Any]:
        return {
            "ingested": self.ingested,
            "new_versions": self.counts["new_version"],
            "already_present": self.present,
            "failed": self.failed,
            "claims": self.claims,
            "not_extracted": dict(sorted(self.not_extracted.items())),
            "repaired": {"documents": self.repaired, "subjects": self.repaired_subjects},
            "failures": [f.as_dict() for f in self.failures],
        }

    def not_extracted_text(self) -> str:
        """The not-extracted counts for a summary line: "3 not extracted (language de 2, es 1)"."""
        total = sum(self.not_extracted.values())
        if not total:
            return "0 not extracted"
        by_language = ", ".join(f"{k} {v}" for k, v in sorted(self.not_extracted.items()))
        return f"{total} not extracted (language {by_language})"

    def repaired_text(self) -> str:
        """What this run finished of earlier runs' work, for the summary ("" when nothing)."""
        if not self.repaired and not self.repaired_subjects:
            return ""
        return (
            f"repaired: {self.repaired} documents stored without their claims (an interrupted "
            f"run, or --no-extract) extracted now; events of {self.repaired_subjects} subjects "
            "brought up to date"
        )


def ingest_items(
    items: Iterable[Document | InputFailure],
    store: Store,
    *,
    options: PipelineOptions = PipelineOptions(),
) -> Iterator[IngestOutcome]:
    """Store each document (one transaction each), extract and record its claims, and report
    what happened to every item. One item's failure never stops the run."""
    if not options.extract:
        for _doc, outcome in _store_each(items, store):
            yield outcome
        return
    ledger = Ledger(store, options=options)
    yield from ledger.ingest(items)


def _store_each(
    items: Iterable[Document | InputFailure], store: Store, *, run: str | None = None
) -> Iterator[tuple[Document | None, IngestOutcome]]:
    for item in items:
        if isinstance(item, InputFailure):
            yield None, IngestOutcome(item.origin, "failed", reason=item.reason, line=item.line)
            continue
        origin = item.origin or item.id or "<document>"
        # The language gate, decided as the version is stored so it is marked even when
        # extraction is left for later.
        reason = not_extracted_reason(item.language)
        try:
            result = store.add_document(item, not_extracted=reason, run=run)
        except StoreError as exc:
            logger.warning("could not store %s: %s", origin, exc)
            yield None, IngestOutcome(origin, "failed", reason=str(exc))
            continue
        if result.status == "present":  # nothing stored, nothing to extract
            yield None, IngestOutcome(origin, "present", result.document_id, result.version)
            continue
        outcome = IngestOutcome(
            origin,
            result.status,
            result.document_id,
            result.version,
            language=item.language,
            not_extracted=reason,
        )
        yield (replace(item, id=result.document_id) if reason is None else None), outcome


@dataclass(frozen=True, slots=True)
class ExtractionFailure:
    """Extraction raised on one document; the document stays stored and the run goes on."""

    reason: str


@dataclass(frozen=True, slots=True)
class PackReading:
    """A document in a language-pack language, analysed in a worker; its claims are assembled
    where the entity index is, so names the ledger already knows are found in it."""

    analysis: Analysis


Extracted = Extraction | PackReading | ExtractionFailure


def _extract_batch(jobs: list[tuple[Document, ExtractOptions]]) -> list[Extracted]:
    """Worker entry point (module level so it pickles): documents in a pack language are
    analysed one by one, the English ones' paragraphs parsed together."""
    _die_if_told(jobs)
    out: dict[int, Extracted] = {}
    english: list[tuple[int, tuple[Document, ExtractOptions]]] = []
    for k, job in enumerate(jobs):
        if has_pack(job[0].language):
            out[k] = _analyse(job[0])
        else:
            english.append((k, job))
    if english:
        done = _extract_english([job for _, job in english])
        out.update({k: result for (k, _), result in zip(english, done, strict=True)})
    return [out[k] for k in range(len(jobs))]


def _worker_died(job: tuple[Document, ExtractOptions], reason: str) -> ExtractionFailure:
    """The outcome of a document whose extraction worker died on it, twice (workers.py)."""
    return ExtractionFailure(f"extraction failed: {reason}")


# Tests only (tests/test_worker_death.py): a worker process given a document whose text holds
# this variable's value kills itself with SIGKILL, as the out-of-memory killer would. Never in
# the main process, which has no pool to survive it.
DIE_ON_ENV = "CLAIMLEDGER_TEST_WORKER_DIES_ON"


def _die_if_told(jobs: list[tuple[Document, ExtractOptions]]) -> None:
    marker = os.environ.get(DIE_ON_ENV)
    if not marker or multiprocessing.parent_process() is None:
        return
    if any(marker in doc.text for doc, _ in jobs):
        os.kill(os.getpid(), signal.SIGKILL)


def _analyse(doc: Document) -> PackReading | ExtractionFailure:
    try:
        return PackReading(analyse_document(doc))
    except Exception as exc:  # isolate one document's failure from the run
        logger.exception("analysis failed on %s", doc.origin or doc.id)
        return ExtractionFailure(f"extraction failed: {type(exc).__name__}: {exc}")


def _extract_english(
    jobs: list[tuple[Document, ExtractOptions]],
) -> list[Extraction | ExtractionFailure]:
    """The English documents of a batch, their paragraphs parsed together."""
    options = jobs[0][1]
    if all(job_options == options for _, job_options in jobs):
        try:
            docs = [(doc, doc.id or "") for doc, _ in jobs]
            return list(extract_many(docs, options=options, chunk_size=len(jobs)))
        except Exception:  # one document broke the batch: find it, the others go through
            logger.debug("batch extraction failed; extracting its documents one by one")
    return [_extract(job) for job in jobs]


def _extract(job: tuple[Document, ExtractOptions]) -> Extraction | ExtractionFailure:
    """One document's extraction, its failure isolated from the run."""
    doc, options = job
    try:
        return extract_claims(doc, document_id=doc.id or "", settings=options)
    except Exception as exc:  # isolate one document's failure from the run
        logger.exception("extraction failed on %s", doc.origin or doc.id)
        return ExtractionFailure(f"extraction failed: {type(exc).__name__}: {exc}")


class Ledger:
    """Runs steps 3-6 for stored documents, holding the entity index between documents."""

    def __init__(self, store: Store, *, options: PipelineOptions = PipelineOptions()) -> None:
        self.store = store
        self.options = options
        # The write number first: records written meanwhile are read again, which is harmless.
        self._seq = store.index_seq()
        self.resolver = Resolver(EntityIndex.from_records(store.iter_entity_index()))
        self._dirty: set[str] = set()
        # Pack-language documents recorded without any date, to date from the ledger's events
        # at the end of the run, and the days found for them (``claimledger.ledger.dating``).
        self._undated: set[str] = set()
        self._anchors: dict[str, date] = {}

    def ingest(self, items: Iterable[Document | InputFailure]) -> Iterator[IngestOutcome]:
        """Finish what a killed run left (see the module docstring), then ingest ``items``.

        The run holds a lease while it stores and extracts (``Store.run_lease``): a writer
        starting meanwhile leaves the documents it stored to it rather than extracting them
        a second time.
        """
        with self.store.run_lease() as run:
            stale = self.store.stale_subjects()
            if stale:
                self._dirty |= set(stale)
                yield IngestOutcome(EVENTS_ORIGIN, "repaired", repaired_subjects=len(stale))
            stored = _store_each(items, self.store, run=run)
            if self.options.workers > 1 or self.options.dask or self.options.isolated:
                yield from self._run(chain(self._unfinished(), stored))
                return
            # One worker extracts here, in this process; a killed run's documents are read in
            # a worker process of their own first. If one of them is what killed that run (the
            # out-of-memory killer, a crash in native code), it now kills only that worker and
            # is recorded as failed, instead of killing every later run in turn.
            yield from self._run(self._unfinished(), isolated=True, reassess=False)
            yield from self._run(stored)

    def _unfinished(self) -> Iterator[tuple[Document | None, IngestOutcome]]:
        """Documents a killed run stored without recording their claims, to extract now
        (not those of a run still alive: it is extracting them)."""
        for document_id in self.store.unfinished_documents(abandoned=True):
            found = self.store.get_document(document_id)
            if found is None:  # removed meanwhile
                continue
            doc = found.to_document()
            origin = doc.origin or document_id
            outcome = IngestOutcome(
                origin, "repaired", document_id, found.version, language=doc.language
            )
            yield self._gate_stored(doc, outcome)

    def _run(
        self,
        stored: Iterator[tuple[Document | None, IngestOutcome]],
        *,
        isolated: bool = False,
        reassess: bool = True,
    ) -> Iterator[IngestOutcome]:
        """Extract and record ``stored``'s documents, reporting every outcome in order;
        ``isolated``: in worker processes even with one worker; ``reassess``: the touched
        subjects' events at the end (else left to the caller's next run)."""
        pending: list[tuple[IngestOutcome, bool]] = []
        jobs = self._jobs(stored, pending)
        workers = self.options.workers
        if self.options.dask:
            from claimledger.distributed import dask_batch_map

            extractions = dask_batch_map(
                _extract_batch, jobs, batch=EXTRACT_BATCH, address=self.options.dask
            )
        else:
            extractions = ordered_batch_map(
                _extract_batch,
                jobs,
                batch=EXTRACT_BATCH,
                workers=workers,
                preload=EXTRACT_PRELOAD,
                lost=_worker_died,
                isolated=isolated or self.options.isolated,
            )
        for done, ((doc, _), extraction) in enumerate(extractions, start=1):
            waiting = yield from _drain(pending, upto=doc)
            yield self._record_outcome(doc, extraction, waiting)
            if done % self.options.reassess_every == 0:
                self.reassess_dirty()
        yield from _drain(pending, upto=None)
        if reassess:
            self.reassess_dirty()
            self._date_undated()

    def _date_undated(self) -> int:
        """Read again, with an estimated date, the undated documents of this run that the
        ledger's events date (see ``claimledger.ledger.dating``); their outcomes were given."""
        ids, self._undated = sorted(self._undated), set()
        anchors = {i: day for i in ids if (day := self._ledger_date(i)) is not None}
        if not anchors:
            return 0
        self._anchors.update(anchors)
        for _ in self._run(self._stored(sorted(anchors))):
            pass
        logger.info("dated %d undated documents by the ledger's events", len(anchors))
        return len(anchors)

    def _ledger_date(self, document_id: str) -> date | None:
        found = self.store.get_document(document_id)
        if found is None:
            return None
        doc = found.to_document()
        if doc.published_at is not None or not has_pack(doc.language):
            return None
        pack = load_pack(language_key(doc.language))
        told = []
        events: dict[str, list[Event]] = {}
        for claim in self.store.iter_claims(document_id=document_id):
            if claim.subject_id is None:
                continue
            if claim.subject_id not in events:
                events[claim.subject_id] = self.store.subject_events(claim.subject_id)
            yearless = yearless_dates(claim.quote, pack)
            if not yearless:
                continue
            kind = kind_of(claim.predicate)
            spans = [
                e.when for e in events[claim.subject_id] if e.when and kind_of(e.predicate) == kind
            ]
            told.append((yearless, spans))
        if not told:
            # No claim's own sentence gives a date: the page's dates against all the events of
            # the people it reports on.
            yearless = yearless_dates(doc.text, pack)
            spans = [e.when for evs in events.values() for e in evs if e.when]
            told = [(yearless, spans)] if yearless else []
        day = ledger_date(told)
        # A page is not older than the dates it writes out in full ("Le 19 mai 2016, ..."):
        # a year-less "November" does not put it in 2012.
        latest = latest_written_date(doc.text, pack)
        return None if day is None or (latest is not None and day < latest) else day

    def reextract(self, document_ids: Iterable[str] | None) -> Iterator[IngestOutcome]:
        """Extract stored documents again (all when None), e.g. after the extractor changed."""
        yield from self._run(self._stored(document_ids))

    def _stored(
        self, document_ids: Iterable[str] | None
    ) -> Iterator[tuple[Document | None, IngestOutcome]]:
        if document_ids is None:
            for stored in self.store.iter_documents():
                doc = stored.to_document()
                outcome = IngestOutcome(
                    doc.origin or stored.document_id, "present", doc.id, language=doc.language
                )
                yield self._gate_stored(doc, outcome)
            return
        for document_id in document_ids:
            found = self.store.get_document(document_id)
            if found is None:
                reason = "no stored document with this id; `claimledger documents list` lists ids"
                yield None, IngestOutcome(document_id, "failed", reason=reason)
                continue
            doc = found.to_document()
            outcome = IngestOutcome(
                doc.origin or document_id, "present", doc.id, found.version, language=doc.language
            )
            yield self._gate_stored(doc, outcome)

    def _gate_stored(
        self, doc: Document, outcome: IngestOutcome
    ) -> tuple[Document | None, IngestOutcome]:
        """A stored document to extract again, or, in a language extraction does not read,
        none: the claims and mentions an earlier run read from it are dropped (their subjects
        reassessed) and the version is marked not extracted."""
        reason = not_extracted_reason(doc.language)
        if reason is None:
            return doc, outcome
        document_id = doc.id or ""
        try:
            subjects = {c.subject_id for c in self.store.iter_claims(document_id=document_id)}
            self.store.record_extraction(document_id, [], [], not_extracted=reason)
        except StoreError as exc:
            logger.warning("could not mark %s as not extracted: %s", outcome.origin, exc)
            return None, replace(outcome, status="failed", reason=f"not marked: {exc}")
        self._dirty |= {s for s in subjects if s}
        return None, replace(outcome, not_extracted=reason)

    def _jobs(
        self,
        stored: Iterator[tuple[Document | None, IngestOutcome]],
        pending: list[tuple[IngestOutcome, bool]],
    ) -> Iterator[tuple[Document, ExtractOptions]]:
        """Documents to extract; every outcome waits in ``pending``, in input order, marked
        when it awaits its document's extraction, so the caller reports items in input order."""
        for doc, outcome in stored:
            pending.append((outcome, doc is not None))
            if doc is not None:
                yield doc, self.options.extract_options

    def _record_outcome(
        self, doc: Document, extracted: Extracted, stored: IngestOutcome
    ) -> IngestOutcome:
        if isinstance(extracted, ExtractionFailure):
            return self._failed(doc, stored, extracted.reason)
        try:
            extraction = (
                self.assemble(doc, extracted.analysis)
                if isinstance(extracted, PackReading)
                else extracted
            )
        except Exception as exc:  # isolate one document's failure from the run
            logger.exception("extraction failed on %s", stored.origin)
            return self._failed(doc, stored, f"extraction failed: {type(exc).__name__}: {exc}")
        if (
            isinstance(extracted, PackReading)
            and doc.published_at is None
            and extraction.estimated_date is None
        ):
            self._undated.add(doc.id or "")
        try:
            # A document another writer may be finishing too (a killed run's, or one stored
            # by this run and listed by a writer resuming meanwhile) is recorded once.
            claims = self.record(doc, extraction, unless_done=stored.status != "present")
        except StoreError as exc:
            # The document itself is stored; only its claims are missing, and
            # `claimledger extract` can retry them.
            logger.warning("could not record the claims of %s: %s", stored.origin, exc)
            return replace(stored, status="failed", reason=f"claims not stored: {exc}")
        if claims is None:
            return replace(stored, status="present")
        return replace(stored, claims=len(claims))

    def _failed(self, doc: Document, stored: IngestOutcome, reason: str) -> IngestOutcome:
        """A document whose extraction raised: the reason is recorded with it, so later runs
        do not read it again and again (``extract --retry-failed`` does, on request)."""
        try:
            # A writer that recorded the document meanwhile (a resumed one) is not overwritten.
            self.store.mark_extraction_failed(
                doc.id or "", reason, unless_done=stored.status != "present"
            )
        except StoreError as exc:  # unmarked, it stays unfinished: the next ingest tries again
            logger.warning("could not mark %s as failed: %s", stored.origin, exc)
        return replace(stored, status="failed", reason=reason)

    def assemble(self, doc: Document, analysis: Analysis) -> Extraction:
        """Claims of an analysed pack-language document, with the ledger's known persons as
        its gazetteer (names in other scripts found by the resolver's keys)."""
        pack = load_pack(analysis.language)
        gazetteer = IndexGazetteer(self.resolver.index)
        anchor = self._anchors.get(doc.id or "")
        return assemble_pack(
            doc, analysis, pack, document_id=doc.id or "", gazetteer=gazetteer, anchor=anchor
        )

    def record(
        self, doc: Document, extraction: Extraction, *, unless_done: bool = False
    ) -> list[Claim] | None:
        """Resolve a document's mentions and store its claims with their subjects' entities,
        under the ledger's writer lock and against every writer's entities; ``unless_done``:
        not when another writer recorded them meanwhile (then None)."""
        with self.store.writing():
            self._catch_up()
            if unless_done and self.store.is_extracted(doc.id or ""):
                return None
            return self._record(doc, extraction)

    def _catch_up(self) -> None:
        """Take in the resolver records other writers stored since this one last looked."""
        records, self._seq = self.store.index_changes(self._seq)
        if records:
            logger.debug("taking in %d resolver records of other writers", len(records))
            self.resolver.index.apply_records(records)

    def _record(self, doc: Document, extraction: Extraction) -> list[Claim]:
        document_id = doc.id or ""
        published = doc.published_at or extraction.estimated_date
        context = DocumentContext.from_text(document_id, doc.text, published)
        before = self.resolver.index.redirects
        # A subject usually is one of the NER mentions; resolve each span once, so names
        # that are claim subjects are not counted twice.
        mentions = _unique_mentions([*extraction.mentions, *extraction.subjects])
        resolved = self.resolver.resolve_document(mentions, context, harvest_aliases(doc.text))
        entity_at = {(m.start, m.end): m.entity_id for m in resolved}
        claims = [
            replace(
                c,
                subject_id=entity_at.get((s.start, s.end)),
                origin=trace_origin(c, source=doc.source),
            )
            for c, s in zip(extraction.claims, extraction.subjects, strict=True)
        ]
        redirects = {k: v for k, v in self.resolver.index.redirects.items() if k not in before}
        touched = {m.entity_id for m in resolved if m.entity_id} | set(redirects.values())
        index_records = self.resolver.index.records_for(touched) + [
            {"id": k, "merged_into": v} for k, v in redirects.items()
        ]
        stored = self.store.record_extraction(
            document_id,
            claims,
            resolved,
            entities=[self.resolver.index.get(i).to_entity() for i in sorted(touched)],
            index_records=index_records,
            redirects=redirects,
            estimated_date=None if doc.published_at else extraction.estimated_date,
            index_seq=self._seq + 1,
        )
        if index_records:  # the lock is held: no other writer took this number
            self._seq += 1
        self._dirty |= {c.subject_id for c in stored if c.subject_id} | set(redirects.values())
        return stored

    def reassess_dirty(self) -> int:
        subjects, self._dirty = sorted(self._dirty), set()
        started = time.perf_counter()
        sides = {s: self.resolver.affiliations(s) for s in subjects}
        events = reassess(self.store, subjects, affiliations=sides)
        logger.info(
            "reassessed %d subjects (%d events) in %.1f s",
            len(subjects),
            events,
            time.perf_counter() - started,
        )
        return events


def _drain(
    pending: list[tuple[IngestOutcome, bool]], *, upto: Document | None
) -> Generator[IngestOutcome, None, IngestOutcome]:
    """Yield waiting outcomes before the one for ``upto``; return that one (taken out).

    Extractions arrive in the order their documents were queued, so the first outcome that
    awaits an extraction is ``upto``'s (matching by id alone would take an earlier outcome of
    the same document, e.g. an unchanged or not extracted version before a changed one).
    """
    while pending:
        outcome, awaits = pending.pop(0)
        if upto is not None and awaits:
            if outcome.document_id != upto.id:  # a bug, not input
                raise RuntimeError(f"outcome of {outcome.document_id!r} for {upto.id!r}")
            return outcome
        yield outcome
    if upto is not None:
        raise RuntimeError(f"no stored outcome for document {upto.id!r}")  # a bug, not input
    return IngestOutcome("<none>", "failed")


def _unique_mentions(mentions: Sequence[Mention]) -> list[Mention]:
    seen: set[tuple[int, int]] = set()
    unique = []
    for m in mentions:
        if (m.start, m.end) not in seen:
            seen.add((m.start, m.end))
            unique.append(m)
    return unique


def reassess(
    store: Store,
    subject_ids: Iterable[str] | None = None,
    *,
    replay_history: bool = False,
    affiliations: Mapping[str, set[str]] | None = None,
) -> int:
    """Recompute the events and statuses of some subjects (all when None); returns events.

    By default each event's stored history is extended with a step when its status changed;
    ``replay_history`` rebuilds every history from scratch in publication order, which is
    exact but costs far more for much-reported people. ``affiliations`` (each subject's own
    organisations) are read from the stored entity index when not given.
    """
    subjects = list(subject_ids) if subject_ids is not None else store.subject_ids()
    if affiliations is None:
        entities = EntityIndex.from_records(store.iter_entity_index())
        affiliations = {s: set(entities.get(s).profile.affiliations) for s in subjects}
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    count = 0
    for chunk in batches(subjects, REASSESS_BATCH):
        # Read and written under the writer lock, so a concurrent writer's new claim about
        # these subjects is never overwritten by events assessed without it.
        with store.writing():
            count += _reassess_subjects(store, list(chunk), now, replay_history, affiliations)
    return count


# Subjects reassessed together: their claims, documents' dates and events read in a few
# queries and their events written in one transaction. One subject at a time cost about 15
# statements and a commit each, which a document naming thousands of people (or a run
# touching as many) paid thousands of times.
REASSESS_BATCH = 100


def _reassess_subjects(
    store: Store,
    subjects: Sequence[str],
    now: str,
    replay_history: bool,
    affiliations: Mapping[str, set[str]],
) -> int:
    """Some subjects' events assessed again and stored; returns how many.

    Each claim's origin is traced again too (with its document's publisher): a ledger built
    under older origin rules shows this release's origins once reassessed.
    """
    read: dict[str, list[Claim]] = {s: [] for s in subjects}
    for claim in store.iter_claims(subject_ids=subjects):
        read[claim.subject_id or ""].append(claim)
    # One query each: grouping compares the days of undated claims' documents, and the status
    # rules let later news outrank earlier news; what a document asserts is its publisher's.
    documents = {c.document_id for found in read.values() for c in found}
    days = store.published_dates(documents)
    sources = store.document_sources(documents)
    previous: dict[str, dict[str, Event]] = {s: {} for s in subjects}
    if not replay_history:
        for event in store.iter_events(subject_ids=subjects):
            previous[event.subject_id][event.id] = event
    events: list[Event] = []
    stored: dict[str, Claim] = {}
    origins: dict[str, str] = {}
    for subject in subjects:
        found = [_retraced(c, sources) for c in read[subject]]
        origins.update(
            (c.id, c.origin)
            for c, old in zip(found, read[subject], strict=True)
            if c is not old and c.id and c.origin
        )
        own_days = {c.document_id: days[c.document_id] for c in found if c.document_id in days}
        drafts = group_events(found, published=own_days)
        index = index_claims(found)
        if replay_history:
            assessed = assess_subject(
                drafts,
                index,
                now=now,
                published=own_days,
                affiliations=affiliations,
                sources=sources,
            )
        else:
            assessed = update_subject(
                drafts,
                index,
                previous[subject],
                now=now,
                affiliations=affiliations,
                sources=sources,
                published=own_days,
            )
        events.extend(assessed)
        stored.update(index)
    store.replace_events(events, subject_ids=subjects, claims=stored, origins=origins)
    return len(events)


def _retraced(claim: Claim, sources: Mapping[str, str]) -> Claim:
    """The claim with its origin traced by this release's rules (itself when unchanged)."""
    origin = trace_origin(claim, source=sources.get(claim.document_id))
    return claim if origin == claim.origin else replace(claim, origin=origin)


def import_entities(store: Store, entities: Sequence[Entity]) -> int:
    """Seed the ledger's entity index with known entities (a watchlist); returns how many.

    Later documents resolve against them like against any entity seen before.
    """
    index = EntityIndex.from_records(store.iter_entity_index())
    index.seed(entities)
    ids = [e.id for e in entities]
    store.save_entities([index.get(i).to_entity() for i in ids], index.records_for(ids))
    return len(ids)
