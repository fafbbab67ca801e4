"""Who a sentence credits: "according to X", "X reports", "per X", "(via X)", "told X", "— Name (@handle)".

Known outlets and journalists (bot/data/outlets.txt) are found anywhere in an attribution; unknown names are taken
from the attribution pattern itself, so a new outlet is still credited.
"""

from __future__ import annotations

import re
from itertools import compress
from typing import Callable, Iterable, Sequence

from bot.extraction.textnorm import fold

_NAME = r"(?:[A-Z][\w'’.&-]*|de|del|della|dello|di|da|of|the|in)(?:\s(?:[A-Z0-9][\w'’.&-]*|de|del|della|dello|di|da|in))*"
_CAP = r"[A-Z][\w'’.&-]*(?:\s[A-Z0-9][\w'’.&-]*){0,4}(?:\sin\s[A-Z]\w+)?"
# "German news outlet X": a nationality before the outlet's description (but "Sky in Germany" is a name)
_ADJ = r"(?:[A-Z][a-z]+\s(?=(?!in\s)[a-z]))?"


def _at_word_start(*words: str) -> str:
    r"""`\b(?:word|word|...)` for words that start with a letter, written with the boundary tested after each word's
    first letter (`w(?<!\w.)ord`: no word character before the `w`). A pattern that opens with literal letters is
    scanned for by them; one that opens with `\b` is tried at every character of every attributed sentence."""
    return "(?:" + "|".join(w[0] + r"(?<!\w.)" + w[1:] for w in words) + ")"


_PATTERNS = (
    # "Sky Sports News chief reporter Kaveh Solhekol", "transfer expert Christian Falk": the journalist is credited
    re.compile(_at_word_start("reporter", "correspondent", "journalist", "editor", "writer", "columnist", "insider",
                              "expert", "guru")
               + r"\s(?P<name>[A-Z][\w'’.-]+(?:\s(?:[A-Z][\w'’.-]+|de|di|da|del))?(?:\s[A-Z][\w'’.-]+)?)"),
    # "Sky Germany, as reported by Tuttomercatoweb, claims": the first name is the origin, the second relays it
    re.compile(r"(?:^|[.;:]\s)(?P<name>" + _CAP + r"),\s(?:as\s)?(?:reported|relayed|cited|quoted)\sby\b"),
    # "[Aa](?<!\w.)ccording" is "\b[Aa]ccording", opening with letters as in `_at_word_start`
    re.compile(r"[Aa](?<!\w.)ccording to\s(?:(?:the|a|an)\s)?" + _ADJ +
               r"(?:[a-z][\w-]*\s){0,3}?(?<!\bin\s)(?P<name>" + _CAP + r")"),  # not "reports in Spain"
    re.compile(_at_word_start("reports?", "reported by", "claims?", "via", "per", "told", "writes", "wrote", "said")
               + r"\s(?P<name>" + _CAP + r")"),
    re.compile(r"(?P<name>" + _CAP + r")(?:\s\([^)]{0,40}\))?,?\s(?:has\s|have\s)?(?:reports?|reported|claims?|claimed|"
               r"understands?|says?|said|revealed|reveals|writes|wrote|states?|stated|insists?|believes?|"
               r"has learned|have learned|adds|added|suggests?|explains?|explained|notes|noted|tweeted|confirmed)\b"),
    re.compile(r"[-—–]\s?(?P<name>[A-Z][\w'’.-]+(?:\s[A-Z][\w'’.-]+){1,3})\s?\(@\w{1,30}\)"),
)
#: The "reports/told <Name>" pattern.
_VERB_THEN_NAME = 3
#: The "<Name> reports/says" pattern, the costliest: it is tried only where a capital precedes one of its verbs.
_NAME_THEN_VERB = 4
#: For each pattern, words one of which it needs (None: always tried), so that most patterns are skipped by a set
#: lookup instead of a scan of the sentence.
_PATTERN_WORDS: tuple[frozenset[str] | None, ...] = (
    frozenset("reporter correspondent journalist editor writer columnist insider expert guru".split()),
    frozenset("reported relayed cited quoted".split()),
    frozenset(["according"]),
    frozenset("report reports reported claim claims via per told writes wrote said".split()),
    frozenset("report reports reported claim claims claimed understand understands say says said revealed reveals "
              "writes wrote state states stated insist insists believe believes learned adds added suggest suggests "
              "explain explains explained notes noted tweeted confirmed".split()),
    None,
)
_TRIGGER = re.compile(r"ccording|report|claim|via |per |told |wr[io]te|said|says|understand|reveal|state|insist|"
                      r"believe|learn|added|adds|suggest|explain|note|tweet|confirm|outlet|newspaper|publication|"
                      r"journalist|correspondent|editor|columnist|insider|expert|guru")
#: The words of _TRIGGER as folded words, for callers that have a sentence's words already.
_TRIGGER_WORDS = frozenset("""
according report reports reported reporting reporter reporters reportedly claim claims claimed claiming via per told
writes wrote written writing said says say understand understands understood reveal reveals revealed revealing state
states stated statement insist insists insisted believe believes believed learn learns learned learnt added adds
suggest suggests suggested suggesting explain explains explained note notes noted tweet tweets tweeted confirm
confirms confirmed confirmation outlet outlets newspaper newspapers publication journalist journalists correspondent
editor columnist insider insiders expert experts guru
""".split())
#: "the German outlet reports", "the same report states": a source named earlier in the article, referred back to.
_REFERRING_NOUNS = frozenset("outlet newspaper paper publication daily report site website broadcaster journalist "
                             "reporter insider".split())
_REFERRING_VERBS = frozenset("report reports claim claims say says state states add adds added understand understands "
                             "suggest suggests reveal reveals revealed believe believes insist insists note notes "
                             "explain explains write writes wrote reported claimed stated".split())

#: Every word the checks of `SourceFinder.find` look for: a sentence with an attribution has its words looked up
#: in this once, and each check then reads the few words found instead of the whole sentence again.
_SOURCE_WORDS = _TRIGGER_WORDS | _REFERRING_NOUNS | frozenset().union(*(w for w in _PATTERN_WORDS if w is not None))


def _refers_back(keys: Sequence[str]) -> bool:
    """ "the (German) outlet reports", "the same report states": a source named earlier is being referred to."""
    for k in compress(range(1, len(keys) - 1), map(_REFERRING_NOUNS.__contains__, keys[1:-1])):
        verb = k + 1 + (keys[k + 1] in ("also", "further", "now", "then"))
        if verb < len(keys) and keys[verb] in _REFERRING_VERBS and (
                keys[k - 1] in ("the", "this", "that", "same") or (k > 1 and keys[k - 2] in ("the", "this", "that"))):
            return True
    return False


BACK_REFERENCE = "<earlier source>"
_BAD_NAMES = {"a", "an", "he", "she", "it", "they", "we", "i", "you", "the", "this", "that", "reports", "report", "club",
              "his", "sources", "a source", "source", "one", "someone", "there", "but", "and", "however",
              "spanish", "french", "german", "italian", "english", "portuguese", "dutch", "brazilian", "multiple",
              "several", "various", "local", "british", "european", "turkish", "saudi", "reports", "many", "some",
              "if", "as", "when", "while", "after", "with", "what", "whether", "should", "could", "would", "will",
              "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "tonight",
              "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december", "earlier", "later", "now", "then", "recently", "also", "previously",
              # adjectives of a plural noun: "Previous reports stated", "Recent claims suggest"
              "previous", "recent", "other", "further", "latest", "fresh", "new", "initial", "conflicting", "those",
              "these", "numerous", "separate", "widespread", "media", "press", "unconfirmed", "early", "last"}
_POSSESSIVE = re.compile(r"['’]s?$")
_SKY_IN = re.compile(r"Sky(?: Sports?)? in (\w+)")  # "Sky in Germany" -> "Sky Germany"
_LEAD_ROLES = re.compile(r"^(?:(?:[Jj]ournalist|[Rr]eporter|[Tt]ransfer|[Ee]xpert|[Gg]uru|[Ii]nsider|[Cc]orrespondent|"
                         r"[Cc]hief|[Ss]enior|[Ff]ootball|[Ee]ditor|[Ww]riter|[Cc]olumnist|[Pp]undit)\s)+")


class SourceFinder:
    """Finds the credited outlet or journalist of a sentence, preferring names on the outlet list."""

    def __init__(self, outlets: Iterable[str]) -> None:
        self._outlets = {fold(o): o for o in outlets}
        self._known = {fold(o) for o in outlets}

    def find(self, sentence: str, not_sources: Callable[[str], bool] | None = None,
             keys: Sequence[str] | None = None, caps: Sequence[bool] | None = None) -> str | None:
        """The credited source of one sentence, or None; a listed outlet beats an unknown name.

        `not_sources` rejects names known to be something else (the article's players, say). `keys`, the sentence's
        folded words when the caller has them, make the no-attribution case (most sentences) a set lookup.
        """
        if "(@" not in sentence:
            if keys is not None:
                if _TRIGGER_WORDS.isdisjoint(keys):
                    return None
            elif not _TRIGGER.search(sentence):
                return None
        found: list[str] = []
        present = _SOURCE_WORDS.intersection(keys) if keys is not None else None
        if (present is None or not _REFERRING_NOUNS.isdisjoint(present)) and \
                _refers_back(keys if keys is not None else [k.lower() for k in re.findall(r"\w+", sentence)]):
            found.append(BACK_REFERENCE)
        for n, pattern in enumerate(_PATTERNS):
            needs = _PATTERN_WORDS[n]
            if needs is None:
                if "(@" not in sentence:
                    continue  # the "- Name (@handle)" signature
            elif present is not None and needs.isdisjoint(present):
                continue
            elif n == _NAME_THEN_VERB and caps is not None and ")" not in sentence and \
                    not self._capital_before_verb(keys, caps, needs):
                continue  # "X says": no capitalised word right before any of the verbs
            for m in pattern.finditer(sentence):
                name = self._clean(m.group("name"))
                if name and n == _VERB_THEN_NAME and m.group(0).startswith("told") and fold(name) not in self._known:
                    continue  # "Bayern told Zahavi": a listed outlet is told things, an agent is not a source
                if name and not (not_sources and not_sources(name)):
                    if n == 0 or fold(name) in self._known:
                        return name  # a journalist named by role, or a listed outlet
                    found.append(name)
        named = [f for f in found if f != BACK_REFERENCE]
        return named[0] if named else (found[0] if found else None)

    @staticmethod
    def _capital_before_verb(keys: Sequence[str], caps: Sequence[bool], verbs: frozenset[str]) -> bool:
        for v in compress(range(len(keys)), map(verbs.__contains__, keys)):
            p = v - 1
            if p > 0 and keys[p] in ("has", "have", "s"):
                p -= 1  # "X has revealed", "X's report"
            if p >= 0 and caps[p]:
                return True
        return False

    def _clean(self, name: str) -> str | None:
        name = name.strip(" .,")
        # a listed outlet whose name starts with a role word ("Football Italia", "Football Insider") is kept whole
        listed = self._listed_prefix(_POSSESSIVE.sub("", name))
        if listed is not None:
            return listed
        name = _POSSESSIVE.sub("", _LEAD_ROLES.sub("", name).strip(" .,'’"))
        if not name:
            return None
        folded = fold(name)
        listed = self._listed_prefix(name)
        if listed is not None:
            return listed
        m = _SKY_IN.match(name)
        if m:
            return f"Sky {m.group(1)}"
        if folded in _BAD_NAMES or folded.split(" ", 1)[0] in _BAD_NAMES:
            return None
        words = name.split()
        if len(words) > 4:
            return None
        return name

    def _listed_prefix(self, name: str) -> str | None:
        """The longest listed outlet the name starts with, ending at a word boundary ("Sky Sports News' ...")."""
        folded = fold(name)
        ends = [len(folded)] + [k for k in range(len(folded) - 1, 0, -1) if folded[k] in " '"]
        for end in ends:
            original = self._outlets.get(folded[:end])
            if original is not None:
                return original
        return None

    def is_known(self, name: str) -> bool:
        return fold(name) in self._known
