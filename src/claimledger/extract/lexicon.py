"""Cue words shared by attribution and modality: general English news vocabulary, nothing else.

Every entry is a general cue (a reporting verb, a hedge adverb, a denial noun) or the name of a
widely known news organisation; none comes from a particular article. Lemmas are lower case,
as spaCy's English lemmatizer produces them.
"""

from __future__ import annotations

# Predicates that put a person's life in question: acts of his are then evidence of life, and a
# move reported with them is their circumstance ("shot dead while being moved").
HARM_PREDICATES: frozenset[str] = frozenset(
    {"died", "killed", "wounded", "poisoned", "captured", "arrested", "detained"}
)

# Verbs that introduce what someone says (the claimant is their subject).
REPORT_VERBS: frozenset[str] = frozenset(
    {
        "say", "report", "claim", "announce", "state", "tell", "write", "admit", "confirm",
        "deny", "doubt", "add", "note", "explain", "conclude", "declare", "allege", "assert",
        "acknowledge", "concede", "insist", "maintain", "suggest", "estimate",
        "recall", "publish", "quote", "argue", "warn", "believe", "think", "suspect", "reveal",
        "disclose", "inform", "notify", "mention", "comment", "stress", "emphasize",
        "emphasise", "testify", "broadcast", "post", "tweet", "refute", "dismiss", "reject",
        "dispute", "question", "retract", "withdraw", "recant", "speculate", "predict",
        "assume", "presume", "fear", "rumor", "rumour", "hint", "imply", "specify", "clarify",
        "affirm", "express", "reiterate", "repeat", "contend", "boast", "verify",
    }
)  # fmt: skip

# Reporting verbs that by themselves distance the writer from the content.
HEDGING_REPORT_VERBS: frozenset[str] = frozenset(
    {
        "claim", "allege", "suggest", "speculate", "suspect", "rumor", "rumour", "believe",
        "think", "assume", "presume", "fear", "hint", "imply", "predict", "estimate",
    }
)  # fmt: skip

# Hedging reporting verbs that only distance the writer when nobody is named ("it is claimed");
# a named claimant who "claims" asserts.
CLAIM_VERBS: frozenset[str] = frozenset({"claim", "allege"})

# Verbs of belief: negated, they deny what they govern ("they don't believe he's dead").
BELIEF_VERBS: frozenset[str] = frozenset({"believe", "think", "accept"})

DENIAL_VERBS: frozenset[str] = frozenset(
    {"deny", "doubt", "refute", "dismiss", "reject", "dispute", "question", "debunk",
     "disprove", "contradict", "rebut", "discredit", "survive", "disavow"}
)  # fmt: skip

# Doubt words: doubting a report ("expressed doubt about the reports of his death") leaves the
# claim open (a hedge); doubting the event itself ("doubted the death") contradicts it.
DOUBT_WORDS: frozenset[str] = frozenset({"doubt", "question", "skepticism", "scepticism"})
# "survived an attempt to kill him", "escaped a plot to capture him": the act did not happen.
ATTEMPT_NOUNS: frozenset[str] = frozenset({"attempt", "bid", "plot", "try", "effort"})
SURVIVAL_VERBS: frozenset[str] = frozenset({"survive", "escape", "foil", "thwart", "evade"})

RETRACTION_VERBS: frozenset[str] = frozenset({"retract", "withdraw", "recant", "rescind"})
# "walked back", "took back": verb + particle.
RETRACTION_PHRASAL: frozenset[tuple[str, str]] = frozenset(
    {("walk", "back"), ("take", "back"), ("back", "down"), ("row", "back")}
)
# Verbs by which a claimant concedes its own claim is unsupported ("admitted there was no ...").
CONCESSION_VERBS: frozenset[str] = frozenset({"admit", "acknowledge", "concede", "recognize",
                                              "recognise"})  # fmt: skip

# Words that, near a claim, mark it unconfirmed or unsupported.
UNSUPPORTED_NOUNS: frozenset[str] = frozenset({"evidence", "proof"})
CONFIRM_LEMMAS: frozenset[str] = frozenset({"confirm", "verify", "prove", "corroborate"})
# "refused to confirm", "declined to confirm": the confirmation is withheld (a hedge).
WITHHOLDING_VERBS: frozenset[str] = frozenset({"refuse", "decline", "fail"})
# Negated ("no confirmation of"), they leave the claim open: a hedge, not a denial.
CONFIRMATION_NOUNS: frozenset[str] = frozenset({"confirmation", "verification"})

HEDGE_ADVERBS: frozenset[str] = frozenset(
    {
        "presumably", "allegedly", "reportedly", "supposedly", "apparently", "possibly",
        "probably", "likely", "perhaps", "maybe", "purportedly", "seemingly", "ostensibly",
        "reputedly", "conceivably", "potentially", "unconfirmed", "rumoredly",
    }
)  # fmt: skip
HEDGE_MODALS: frozenset[str] = frozenset({"may", "might", "could", "would"})
# "X is believed / thought / said / reported / rumoured to have died" (xcomp of a passive).
HEDGE_RAISING_VERBS: frozenset[str] = frozenset(
    {"believe", "think", "say", "report", "rumor", "rumour", "suspect", "presume", "assume",
     "fear", "understand", "claim", "allege", "expect", "seem", "appear"}
)  # fmt: skip
HEDGE_ADJECTIVES: frozenset[str] = frozenset(
    {"possible", "probable", "likely", "unconfirmed", "alleged", "reported", "suspected",
     "presumed", "rumored", "rumoured", "purported", "apparent", "unverified", "unclear",
     "uncertain", "unknown", "plausible", "supposed", "preliminary"}
)  # fmt: skip
HEDGE_NOUNS: frozenset[str] = frozenset(
    {"rumor", "rumour", "speculation", "version", "possibility", "probability", "claim",
     "allegation", "report", "unconfirmed", "story", "gossip", "hearsay"}
)  # fmt: skip
# Multi-word hedges, matched on lower-cased text.
HEDGE_PHRASES: tuple[str, ...] = (
    "high probability", "it is possible", "it's possible", "it is likely", "it is unclear",
    "a version appeared", "information appeared", "according to reports",
    "according to media reports", "according to unconfirmed", "unconfirmed reports",
    "reports say", "reports suggest", "sources say", "it is believed", "it was reported",
    "it is reported", "it has been reported", "in doubt", "remains unclear", "remain unclear",
    "not yet confirmed", "not been confirmed", "could not be confirmed", "could not confirm",
    "cannot be confirmed", "yet to be confirmed", "not independently",
)  # fmt: skip

DENIAL_ADJECTIVES: frozenset[str] = frozenset(
    {"skeptical", "sceptical", "false", "fake", "untrue", "bogus", "baseless", "unfounded",
     "groundless", "fabricated", "forged", "doubtful", "dubious", "alive", "wrong",
     "incorrect", "inaccurate", "misleading", "satirical"}
)  # fmt: skip
DENIAL_NOUNS: frozenset[str] = frozenset(
    {"doubt", "hoax", "fake", "denial", "falsehood", "fabrication", "forgery", "myth",
     "misinformation", "disinformation", "skepticism", "scepticism", "debunk", "satire",
     "prank", "figment", "propaganda", "lie", "nonsense", "fiction"}
)  # fmt: skip
DENIAL_PHRASES: tuple[str, ...] = (
    "expressed doubts", "expressed doubt", "cast doubt", "casts doubt", "no confirmation",
    "no evidence", "no proof", "not true", "is alive", "still alive", "death hoax",
    "are untrue", "is untrue", "is fake", "is false", "fake news", "not dead",
)  # fmt: skip

# Written or spoken forms of an impersonal source: claim stays unnamed.
IMPERSONAL_SUBJECTS: frozenset[str] = frozenset({"it", "they", "one", "you", "we", "there"})
# Head nouns of "according to ..." objects that name no source ("according to information").
ANONYMOUS_SOURCE_NOUNS: frozenset[str] = frozenset(
    {"information", "data", "datum", "version", "rumor", "rumour", "speculation", "account",
     "estimate", "assessment", "intelligence", "finding"}
)  # fmt: skip
# Reports and sources with no reporter named: "according to reports", "sources say".
ANONYMOUS_REPORT_NOUNS: frozenset[str] = frozenset(
    {"report", "rumor", "rumour", "source", "claim", "allegation"}
)
# Head nouns that are never a source: times, instruments and means of speaking, events and
# weapons ("denied by phone", "according to Sunday morning reports", "the strike said to have
# killed him").
NON_SOURCE_NOUNS: frozenset[str] = frozenset(
    {"morning", "evening", "night", "day", "week", "month", "year", "today", "yesterday",
     "phone", "telephone", "email", "letter", "fax", "strike", "airstrike", "attack", "raid",
     "missile", "bomb", "drone", "blast", "explosion", "operation", "shelling", "fact"}
)  # fmt: skip
# Nouns of messages and reports that stand for whoever made them ("the statement says",
# "a message that X sent", "the report claimed").
MESSAGE_SOURCE_NOUNS: frozenset[str] = frozenset(
    {"statement", "report", "message", "communique", "announcement", "post", "tweet"}
)
# Unnamed individuals who post on a platform ("a person wrote on Weibo", "a user posted on
# Twitter"): the post is the source, and nobody answers for it.
POSTER_NOUNS: frozenset[str] = frozenset(
    {"person", "someone", "somebody", "user", "netizen", "blogger", "poster", "commenter",
     "commentator", "account", "individual"}
)  # fmt: skip
# Verbs of posting: their subject posts what follows "on <platform>".
POSTING_VERBS: frozenset[str] = frozenset({"write", "post", "tweet", "claim", "say", "report"})
# Places one posts on, when not named ("on social media", "on a forum").
PLATFORM_NOUNS: frozenset[str] = frozenset(
    {"media", "internet", "forum", "site", "website", "blog", "network", "page", "channel"}
)
# Nouns of reports whose maker may be named in them ("US claims", "the army's report").
OWNED_REPORT_NOUNS: frozenset[str] = frozenset(
    {"claim", "report", "allegation", "statement", "announcement", "assertion"}
)
# Roles of people who speak about others: a name apposed to one is a source, not a topic.
SPEAKER_ROLES = frozenset(
    {
        "spokesman", "spokesperson", "spokeswoman", "adviser", "advisor", "secretary",
        "minister", "official", "correspondent", "analyst", "expert", "reporter", "journalist",
        "editor", "ambassador", "envoy", "director", "researcher", "officer", "liaison",
        "superintendent", "supt", "inspector", "detective", "commissioner", "constable",
    }
)  # fmt: skip
# Those close to a person who speak about him ("the deputy stating that he is alive").
ENTOURAGE_NOUNS: frozenset[str] = frozenset({"deputy", "aide", "associate", "lieutenant"})
# Verbs by which an outlet puts out a report it did not make ("channels carried reports that").
CARRYING_VERBS: frozenset[str] = frozenset(
    {"carry", "air", "run", "publish", "broadcast", "circulate", "spread", "relay"}
)
# A person speaking for an organisation: the organisation is the claimant.
SPOKESPERSON_NOUNS: frozenset[str] = frozenset(
    {"representative", "spokesman", "spokeswoman", "spokesperson", "spokespeople",
     "mouthpiece", "press secretary", "press service", "press office", "envoy", "delegate"}
)  # fmt: skip

# Reporting verbs by which an outlet commits to the content (not a hedge in a headline).
COMMITTING_VERBS: frozenset[str] = frozenset(
    {"confirm", "reveal", "verify", "prove", "acknowledge", "admit", "disclose"}
)
# Verbs that reject a report or rumour they take as object ("slams rumours").
REBUTTAL_VERBS: frozenset[str] = frozenset(
    {"deny", "refute", "debunk", "dismiss", "reject", "slam", "blast", "quash", "squash",
     "scotch", "shut", "shoot", "dispel", "rubbish", "laugh", "knock", "bust"}
)  # fmt: skip
# Head nouns of a phrase naming who a headline is credited to ("Officials: ...").
SOURCE_NOUNS: frozenset[str] = frozenset(
    {"official", "source", "media", "report", "police", "ministry", "spokesman",
     "spokeswoman", "spokesperson", "agency", "government", "military", "army", "witness",
     "activist", "officer", "minister", "expert", "analyst", "insider", "post", "times",
     "press", "news", "paper", "newspaper", "tv", "state", "authoritie", "authority", "govt"}
)  # fmt: skip

# Bodies whose decisions ("the court decided to place X in custody") are their own statements,
# and the verbs of such decisions.
RULING_BODIES: frozenset[str] = frozenset(
    {"court", "judge", "tribunal", "magistrate", "jury", "prosecutor", "prosecution"}
)
RULING_VERBS: frozenset[str] = frozenset({"decide", "rule", "order", "sentence", "resolve"})

# Nouns of recorded messages: "the video was published" makes it public, it reports nothing.
MESSAGE_NOUNS: frozenset[str] = frozenset(
    {"video", "audio", "recording", "message", "speech", "address", "tape"}
)

# Written forms of speech verbs that follow a quotation (", he noted.", ", said the minister.").
SPEECH_FORMS: frozenset[str] = frozenset(
    {"said", "says", "say", "noted", "notes", "added", "adds", "explained", "explains",
     "stressed", "stresses", "concluded", "concludes", "wrote", "writes", "stated", "states",
     "told", "tells", "insisted", "insists", "recalled", "recalls", "continued", "continues",
     "remarked", "remarks", "emphasized", "emphasised", "emphasizes", "argued", "argues",
     "declared", "declares", "claimed", "claims", "warned", "warns", "commented", "comments",
     "replied", "replies", "answered", "answers", "asked", "asks", "admitted", "admits",
     "believes", "believed", "confirmed", "confirms", "announced", "announces", "reported",
     "reports", "pointed out", "is sure", "was sure", "summed up", "went on"}
)  # fmt: skip

# Verbs that characterise what they take as object ("referred to the reports as lies",
# "described the claim as propaganda"): with a denial word after "as", their subject denies it.
CHARACTERIZING_VERBS: frozenset[str] = frozenset(
    {"refer", "describe", "call", "term", "brand", "label", "denounce", "characterize",
     "characterise", "portray", "dismiss"}
)  # fmt: skip

# Verbs introducing the source through their object: "citing Y", "quoting Y".
CITING_VERBS: frozenset[str] = frozenset({"cite", "quote"})

# News agencies, broadcasters and newspapers: they are usually relays, not origins.
NEWS_ORGANISATIONS: frozenset[str] = frozenset(
    {
        "reuters", "ap", "associated press", "afp", "agence france-presse",
        "agence france presse", "tass", "itar-tass", "ria novosti", "ria", "interfax",
        "xinhua", "anadolu", "anadolu agency", "al jazeera", "al-jazeera", "aljazeera",
        "al arabiya", "al-arabiya", "alarabiya", "bbc", "cnn", "guardian", "the guardian",
        "new york times", "washington post", "wall street journal", "bloomberg", "dpa",
        "efe", "ansa", "kyodo", "yonhap", "sana", "irna", "fars", "tasnim", "sputnik", "rt",
        "fox news", "nbc", "abc", "cbs", "sky news", "daily telegraph",
        "telegraph", "times", "independent", "financial times", "le monde", "der spiegel",
        "kommersant", "izvestia", "rbc", "gazeta.ru", "lenta.ru", "amaq", "radio liberty",
        "radio free europe", "rferl", "voice of america", "voa", "euronews", "france 24",
        "deutsche welle", "dw", "nhk", "asharq al-awsat", "al-sumaria", "rudaw", "kurdistan 24",
    }
)  # fmt: skip


def is_news_organisation(name: str) -> bool:
    """True when ``name`` (any case, with or without "the") is a known news organisation."""
    key = name.lower().strip()
    key = key.removeprefix("the ").strip()
    for suffix in (" news agency", " agency", " tv channel", " channel", " tv", " newspaper"):
        if key.endswith(suffix) and key.removesuffix(suffix) in NEWS_ORGANISATIONS:
            return True
    return key in NEWS_ORGANISATIONS
