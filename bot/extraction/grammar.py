"""Word classes the extractor's rules read: the words around a club or a name that make it a seller, a former
club, a suitor; the words that negate, hedge or split a sentence into clauses.

They are grammar rather than vocabulary (cue phrases live in bot/data/cues.toml): small closed classes that the
rule modules of bot/extraction test tokens against, kept here so that the rules read as rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.extraction.memo import Memo
from bot.extraction.segment import Sentence

DIGIT = re.compile(r"\d")
#: A year from 1950 on ("in 2019"): the matches of \b(19[5-9]\d|20\d\d)\b. Written to open with a character set,
#: so that the scan jumps from one "1" or "2" to the next instead of testing a leading \b at every character (it runs
#: on most sentences of every article).
YEAR = re.compile(r"[12](?<=\b[12])(?:(?<=1)9[5-9]\d|(?<=2)0\d\d)\b")
MONTHS = {m: n for n, m in enumerate("january february march april may june july august september october november "
                                     "december".split(), start=1)}
MONTH_KEYS = frozenset(MONTHS)
AUX = frozenset({"have", "has", "had", "are", "is", "were", "was", "will", "would", "could", "also", "now",
                 "already", "reportedly", "still", "then", "s", "quickly", "swiftly", "immediately", "firmly",
                 "might", "may", "can", "cannot", "should", "must", "not", "never", "only", "be", "well", "fully"})
#: What a selling club turns down or accepts ("rejected a bid", "rejected Arsenal's offer"), unlike a suitor that
#: "rejected the chance to sign" a player.
BID_WORDS = ("a", "an", "their", "his", "its", "offer", "offers", "bid", "bids", "approach", "approaches",
             "proposal", "proposals", "the offer", "the bid", "the approach", "the proposal", "the latest",
             "the opening", "the first", "the second", "the third", "the improved", "the fresh")
ACCEPTED = ("a", "an", "the", "their", "offer", "bid")
#: Verbs after a club that make it the selling side, and (where given) the words that must follow them.
SELLER_AFTER: dict[str, tuple[str, ...] | None] = {
    "held": ("firm", "out"), "holding": ("firm", "out"), "stood": ("firm",), "adamant": None,
    "rejected": BID_WORDS, "reject": BID_WORDS, "rejects": BID_WORDS, "rebuffed": BID_WORDS,
    "rebuff": BID_WORDS, "accept": ACCEPTED, "accepted": ACCEPTED, "accepts": ACCEPTED,
    "sell": None, "selling": None, "sold": None, "value": None, "valued": None, "values": None,
    "want": ("a", "to keep", "at least", "to sell"), "wants": ("a", "to keep", "at least", "to sell"),
    "willing": ("to sell",), "ready": ("to sell",), "prepared": ("to sell",), "happy": ("to sell",), "demand": None,
    "demanding": None, "demands": None, "insist": None, "insisted": None, "refuse": None, "refused": None,
    "unwilling": None, "determined": ("to keep",), "keen": ("to keep", "to retain", "to hold"),
    "agreed": ("to sell",), "turned": ("down",), "placed": ("him",), "expect": ("a",),
    "confirmed": ("that they have reached", "the sale"), "aware": ("of the interest", "of interest"),
}
SELLER_VERBS = frozenset(SELLER_AFTER)
FROM_VERBS = frozenset({"bought", "buy", "buys", "acquired", "acquire", "recruited", "snapped", "capture", "captured",
                        "move", "transfer", "switch", "departure", "exit", "leave", "leaving", "arrive", "arrives",
                        "arrived", "arrival", "signed", "sign", "signing", "join", "joined", "joins", "free", "prise",
                        "pry", "lure", "poach", "sale"})
DEAL_NOUNS = frozenset({"offer", "bid", "agreement", "deal", "proposal", "talks", "negotiations", "fee",
                        "principle"})
#: DEAL_NOUNS as one-word key slices, to compare with `keys[k:k + 1]` without an index check.
DEAL_NOUN_KEYS = frozenset((n,) for n in DEAL_NOUNS | {"bids", "offers", "package", "proposals"})
CURRENT_BEFORE = frozenset({"leave", "leaving", "left", "stay", "staying", "remain", "remaining", "exit", "quit"})
CONTRACT_WORDS = frozenset({"contract", "deal", "extension", "terms"})
BOUNDARY_WORDS = frozenset({"but", "while", "whilst", "whereas", "although", "though", "however",
                            "after", "before", "because", "despite", "unless", "if", "meanwhile", "where", "when",
                            "instead", "since"})
# "who" and "which" are left out: a relative clause ("the clubs who retain an interest") still describes its noun
#: Contract stages that a club other than the player's own can be mistaken for (its bid, its talks).
CLUB_DEAL_STAGES = frozenset({"renewal_offer", "renewal_talks"})
#: Which contract stage wins when two cues overlap (higher is more specific).
CONTRACT_PRIORITY = {"renewed": 6, "rejects_renewal": 5, "wants_to_leave": 4, "wants_to_stay": 3,
                     "renewal_offer": 2, "expiring": 1, "renewal_talks": 0}
#: Contract stages whose cue takes the renewal words after it as its object ("refused to sign | a new deal").
RENEWAL_VERDICTS = frozenset({"rejects_renewal", "renewed", "renewal_offer"})
#: Words after renewal talks, in their clause, that say the talks broke down ("negotiations over a new deal had
#: collapsed", "contract talks stalled"): a rejection, not talks going on.
TALKS_BROKE_DOWN = frozenset({"collapsed", "collapse", "collapsing", "stalled", "stall", "stalling", "stagnated",
                              "faltered", "broke", "broken", "breaking", "failed", "impasse", "stalemate", "deadlock",
                              "deadlocked", "floundered", "foundered", "ended"})
#: Words before a club's renewal step, in its clause, that make it a hope or a plan ("were hoping to tie him down",
#: "plan to keep him beyond the summer"): an intention, not talks held or an offer made.
INTENT_WORDS = frozenset({"hoping", "hope", "hopes", "hoped", "plan", "plans", "planning", "planned", "aim", "aims",
                          "aiming", "intend", "intends", "intention", "expected", "expect", "expects", "wish",
                          "wishes"})
#: Nouns after which "from <club>" names the club that wants him ("interest from Chelsea").
SUITOR_NOUNS = frozenset({"interest", "bid", "bids", "offer", "offers", "approach", "approaches", "competition",
                          "enquiry", "enquiries", "inquiry", "proposal", "proposals", "attention", "contact",
                          "talks", "advances", "overtures", "pressure", "call", "calls"})
#: "earn them", "earn the club": the selling club earns the figure (a fee), not the player (a wage).
CLUB_OBJECTS = frozenset([("them",), ("the",), ("us",), ("their",)])
#: Words of a figure between a deal noun and the club it comes from ("offers of £50m from Chelsea").
FIGURE_WORDS = frozenset({"of", "worth", "around", "about", "up", "to", "m", "million", "bn", "billion", "k",
                          "in", "the", "region", "excess", "over", "plus", "add", "ons"})
#: "<Name>'s report": the name is a journalist's.
REPORT_NOUNS = frozenset({"report", "reports", "sources", "understanding", "information", "article", "column",
                          "scoop", "exclusive", "tweet", "claims", "claim", "story", "podcast"})
#: Words that describe a club between a preposition and its name ("from Serie A giants Juventus").
CLUB_DESCRIPTIONS = frozenset({"giants", "side", "outfit", "rivals", "club", "champions", "strugglers", "leaders",
                               "holders", "neighbours", "neighbors", "heavyweights", "a", "the", "their", "his"})
#: Words after a comma that introduce examples of the noun before it rather than a new clause.
APPOSITION = frozenset({"including", "namely", "notably", "especially", "particularly", "chiefly", "mainly"})
#: Words that say a contract is running out, so it is the one he has.
RUNNING_OUT = frozenset({"running", "runs", "run", "expires", "expiring", "expire", "ends", "ending", "remaining",
                         "left", "winding"})
#: Words after a club name that make it the player's own club ("a Brighton renewal").
OWN_DEAL_WORDS = frozenset({("renewal",), ("extension",)})
#: Words in a contract cue that make the deal a renewal, so the club in its clause is his.
RENEWAL_WORDS = ("new contract", "new deal", "extension", "renew", "extend")
#: Contract stages that can only be about the club he plays for.
OWN_CLUB_STAGES = frozenset({"renewed", "rejects_renewal", "wants_to_stay"})
#: Words after a club's (or its town's) name that make it where a player comes from.
PLACE_WORDS = frozenset({("native",), ("born",), ("lad",), ("boy",), ("local",)})
#: Words that open a clause about what might happen rather than what has.
HYPOTHETICAL = frozenset({"if", "unless", "whether", "should"})
#: Words that, right after "but"/"and", start a clause with a subject of its own.
NOT_A_VERB = frozenset({"the", "a", "an", "he", "his", "him", "they", "their", "it", "its", "there", "this", "that",
                        "these", "those", "she", "her", "we", "i", "you", "one", "both", "neither", "with", "in",
                        "at", "for", "to", "of", "on", "by", "from", "as", "if", "when"})
#: Words after "leaving <Club>" that make the club the one left in a race, not the one a player leaves
#: ("leaving United and Newcastle as the two clubs battling for him").
LEFT_BEHIND = frozenset({("as",), ("in",), ("to",), ("and",), ("with",), ("alone",), ("clear",)})
CARRIERS = frozenset({"they", "but", "and"})
#: "X want Y and are also keen on Z": a conjunction followed by one of these auxiliaries shares the subject before it
SHARED_SUBJECT_JOINS = frozenset({"and", "but"})
SHARED_SUBJECT_AUX = frozenset({"are", "is", "have", "has", "were", "was", "will", "had", "remain", "remains"})
# "Everton, who ...": "who" straight after a club stands for it
RELATIVE_PRONOUNS = frozenset({"who"})  # not "which": ", which is why" refers to the whole clause
STAGE_ORDER = {"interest": 1, "talks": 2, "bid": 3, "advanced": 4, "agreed": 5, "done": 6, "off": 7}
#: "part ways": the club he parts with is his own
PARTING = frozenset({"part", "parting", "parted", "parts"})
LOSING = frozenset({"losing", "lost", "lose", "loses", "sold", "selling", "offloaded", "offloading"})
#: `off` cues whose dead move is the club after them, not the subject before ("X pipped Chelsea to him").
VICTIM_CUES = frozenset({"hijack*", "pipping", "pipped", "gazump*", "beat .. to", "beating .. to", "snatch* .. from",
                         "steal* .. from", "stole .. from", "saw off", "seen off", "see off", "fended off",
                         "fend off"})
#: "<Name>'s side": the name is a manager's.
TEAM_NOUNS = frozenset({"side", "team", "men", "squad", "outfit", "charges"})
NEGATORS = frozenset({"not", "no", "yet", "never", "without", "t", "unable", "failed", "nor", "neither", "denied",
                      "deny", "denies", "rather"})
#: Words that deny a contract cue just before it ("yet to agree an extension"), and the stages that carry their own
#: negation ("not interested in signing a new deal") or need none.
CONTRACT_DENIALS = frozenset({"not", "t", "never", "yet", "no"})
RENEWAL_DENIED = frozenset({"rejects_renewal", "expiring"})
#: Words that deny the cue right after them ("have not given up"), for cues that carry no negation of their own.
DENIALS = frozenset({"not", "t", "never"})
#: "Chelsea can offer", "an agreement could be reached": a deal step that may happen, not one that did.
MODALS = frozenset({"can", "could", "may", "might", "would"})
MODAL_KEYS = frozenset((m,) for m in MODALS)
MODAL_BE = frozenset((m, "be") for m in MODALS)
MODAL_STAGES = frozenset({"bid", "agreed", "done"})
#: `off` cues that name where the club turned when "to" follows ("moved on to X").
MOVING_ON = frozenset({"move on", "moved on"})
INTEREST = "interest"
#: Verbs by which someone else wishes something of the player ("wants X to stay", "urged him to remain").
WISH_VERBS = frozenset({"want", "wants", "wanted", "urge", "urged", "urges", "asked", "asks", "expects", "expect",
                        "hopes", "hope", "hoping", "told", "persuade", "persuaded", "convince", "convinced"})
#: "want him to stay": after a cue, the player staying where he is (no move)
STAYING = frozenset({"stay", "remain"})
STAY_AFTER = frozenset({("to", "stay"), ("to", "remain")})
#: Any word that may take a cue back (negation, condition, modal, staying put): a sentence with none keeps all cues.
NOT_AFFIRMING = NEGATORS | HYPOTHETICAL | MODALS | STAYING
#: Past moves before "on a free transfer": the move is made, no contract is running out.
FREE_MOVE_DONE = frozenset({"joined", "signed", "moved", "arrived", "left", "departed", "saw", "completed"})
#: "has informed Lazio that he only wants to join Everton": the club told is turned down
TOLD_VERBS = frozenset({"told", "informed", "tells", "informs"})
#: "Brighton have lost X, with the midfielder joining Liverpool": after a loss, joining is a move made
JOINING = frozenset({"join", "joining", "joins"})
#: Words before a "done" cue that put it in the future: "before we see official confirmation", "awaiting the
#: announcement", "pending a medical".
AWAITING = frozenset({"before", "awaiting", "await", "awaits", "pending", "until", "wait"})
ADVANCED = "advanced"
AGREED = "agreed"
#: A deal announced "subject to a medical" or "dependent on contracts being signed" is agreed, not done.
CONDITION_PHRASES = frozenset({"subject to", "dependent on", "conditional on", "pending a", "pending the"})
CONDITIONS = frozenset(p.split()[0] for p in CONDITION_PHRASES)
#: Generic last words of club names that reporters use alone once the club is named ("City", "United").
SHORT_FORM_WORDS = frozenset({"city", "united", "town", "rovers", "athletic", "albion", "county", "wanderers"})
LOST = frozenset({"lost", "sold", "offloaded"})
DONE = "done"
#: "offered X as part of the deal": a player thrown into another's transfer
MAKEWEIGHT = frozenset({("as", "part", "of"), ("as", "a", "part"), ("as", "a", "makeweight"),
                        ("in", "part", "exchange")})
#: Said after a bid noun, these deny it was made ("a bid ... has yet to arrive").
BID_NOT_MADE = ("yet to arrive", "not arrived", "yet to materialise", "yet to materialize", "not materialised",
                "yet to be made", "yet to be submitted", "yet to be lodged")
#: Words without which no cue's stage or player is shifted (moved on to, told .. only, lost .. joining, as part of)
STAGE_SHIFTERS = frozenset({"move", "moved", "lost", "sold", "offloaded", "part", "makeweight"}) | TOLD_VERBS
LIST_WORDS = frozenset({"and", "or", "as", "well", "plus", "nor"})


CLAUSE_MARKS = frozenset(',;:()[]{}"“”!?—–…/|')


def has_money(s: Sentence) -> bool:
    """Whether a sentence can hold a money figure at all (a currency sign with a digit, or a currency word): most
    cannot, and the figure pattern is the costliest regular expression we run."""
    text = s.text
    if "£" in text or "€" in text or "$" in text:
        return DIGIT.search(text) is not None
    if text.isascii():
        # an ASCII word folds to its lower case, so a currency word shows in the lower-cased text: three substring
        # searches rule most sentences out without a set lookup per word
        low = text.lower()
        if "euro" not in low and "pound" not in low and "dollar" not in low:
            return False
    return not CURRENCY_WORDS.isdisjoint(s.keys)  # "60m euros", "one billion euros"


CURRENCY_WORDS = frozenset({"euro", "euros", "pound", "pounds", "dollar", "dollars"})


def _gap_breaks(gap: str) -> bool:
    """Whether the text between two words ends a clause: a comma, a spaced dash, a bracket, a quote; not a hyphen,
    "&", an apostrophe or a currency sign ("Real Madrid's £137m bid" is one clause)."""
    if gap == " ":
        return False
    if any(c in CLAUSE_MARKS for c in gap):
        return True
    return gap.strip() in ("-", "–", "—") and gap != gap.strip()


#: Whether the text between two words ends a clause (`_gap_breaks`), remembered per gap: it is asked for every gap
#: of most sentences.
gap_breaks: Callable[[str], bool] = Memo(_gap_breaks, 4096).__getitem__
