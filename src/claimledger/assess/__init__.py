"""Assessment: each event's status with the evidence that decided it, and origins' track records.

Rule set ``assess.rules.v3`` (``facts.ASSESSOR``). All events of one subject are decided
together, because a person dies once: what is said about one event can settle another. Words
used below:

- *support*: the event's ``asserted`` and ``hedged`` claims; *against*: its ``denied`` and
  ``retracted`` claims;
- *firm*: an ``asserted`` claim whose claimant names somebody (or is the document's own voice);
  "the media reported" is hearsay and counts as hedged;
- *anchored*: a claim that speaks to the event's date: it is dated itself, or its document dates
  the event in another claim. An undated claim joined a dated event only because nothing else
  fitted (``ledger.grouping`` rule 4), so it may be about another occurrence: it is shown with the
  event but neither corroborates it nor serves as dated evidence of life;
- *origin*: ``ledger.trace_origin``; copies of one report and one origin repeated count once
  (``ledger.origin_groups``); two bodies of one government ("Russian Ministry of Defense",
  "Russian Foreign Ministry": same country word, both governmental) count as one side;
- *clearly after*: the later span starts after the earlier one ends.

Rules, in the order they are tried; the first that applies decides (``RULES``):

1. withdrawn by its claimant: every supporting origin retracted or denied it -> refuted;
2. forged: a denial says the source was faked (forged photo, fake audio) -> refuted; a denial
   that only speculates ("could well have been fakes", "may be forged") is a doubt (rule 9);
3. own side: a firm claim by the subject's own side -> confirmed. Without affiliation data this
   reads cues in the claimant's words ("the Islamists", "the group", "its media", "his family");
   with ``affiliations`` it also matches the claimant against the subject's organisations. Cues
   can misfire when one side reports on another ("the group said the general was killed");
4. official identification: a firm death claim citing identified remains, DNA, an autopsy ->
   confirmed;
5. public record: a legal step (charged, tried, convicted, sentenced) firmly reported by a named
   origin, with nothing against -> confirmed. Court acts happen in public on a set date and are
   checked at once, unlike a death on a battlefield;
6. alive afterwards: anchored evidence of life (an ``alive`` claim, asserted or hedged, or a firm
   wounded / custody / moved / appointed / released claim) dated clearly after a death -> refuted;
7. another death confirmed at a clearly different date -> this death is refuted. Rules 3-5
   settle confirmations first; a death confirmed by corroboration (rule 13) triggers one more
   pass so that it too refutes the others. Deaths confirmed by the subject's own side at two
   different dates both stay confirmed (a contradiction left for a reader);
8. superseded: a death or a capture reported only hedged or second-hand, followed by a later
   death, wounding, move or appointment that some origin asserts firmly -> refuted (the later
   report has the person alive and at large until then, and nobody stood firmly behind the
   earlier one). A sequence of scare-quoted "killed" reports, each followed by another, ends here;
9. independent doubt: a denial from an origin other than the claimants (and not their
   government) -> disputed;
10. no confirmation: the claimant or its government withdraws or says it has no confirmation
   -> disputed;
11. a later death: another death of the person reported clearly later -> disputed (firmly
   asserted reports are not refuted by another report alone);
12. conflicting accounts: independent firm claims whose dates differ by more than their
   precision allows -> disputed;
13. corroborated: two or more independent sides assert it firmly in anchored claims, nothing
   against -> confirmed;
14. otherwise unverified (one origin, however often repeated; hedged claims only; or denials
   with no claim).

History replays the documents in publication order (``published`` dates; undated documents
last) and records each change of each event's status, naming the claim of that document that
best explains it.

Modules: ``facts`` (what the rules look at), ``rules``, ``decide`` (a subject's verdicts and
history), ``records`` (track records, history summaries).
"""

from claimledger.assess.decide import assess_claims, assess_subject, decide, update_subject
from claimledger.assess.facts import AGAINST, ASSESSOR, SUPPORT, Verdict, is_firm
from claimledger.assess.records import HistorySummary, summarize_history, track_records
from claimledger.assess.rules import LOCAL_RULES, RULES
from claimledger.ledger import LIFE_KINDS

__all__ = [
    "AGAINST",
    "ASSESSOR",
    "LIFE_KINDS",
    "LOCAL_RULES",
    "RULES",
    "SUPPORT",
    "HistorySummary",
    "Verdict",
    "assess_claims",
    "assess_subject",
    "decide",
    "is_firm",
    "summarize_history",
    "track_records",
    "update_subject",
]
