"""Split article text into reportable sentences, dropping boilerplate.

Feeds deliver teasers ("NOW READ", "IN THE MAG"), photo captions ending in "(Getty)", "Advertisement" and newsletter
furniture inside the body. Claims read from them would be noise, so they are removed before anything else looks at
the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import NamedTuple

from bot.extraction.memo import Memo
from bot.extraction.textnorm import fold, split_words, token_starts, word_keys

# The end mark is matched rather than looked behind for: a look-behind is tried at every character of the text.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9£€$])")
MAX_TOKENS = 120
_CAPTION = re.compile(r"\(([^()]{1,40})\)\s*$")
#: word -> whether it starts with a capital letter; one lookup per word (its hash is already known from folding it)
_CAPITALISED: Memo[str, bool] = Memo(lambda word: word[0].isupper(), 65_536)


class Sentence(NamedTuple):
    """One sentence: its text, position in the article, paragraph number, and its words three ways.

    `words[k]` is the k-th word as written, `keys[k]` its folded form (what cues and names are compared on),
    `gaps[k]` the text between word k-1 and word k (punctuation decides clause and list boundaries) and `caps[k]`
    whether it is capitalised. A NamedTuple: one is built per sentence of every article, and tuples build fastest.
    """

    text: str
    index: int
    paragraph: int
    words: tuple[str, ...]
    keys: tuple[str, ...]
    gaps: tuple[str, ...]
    #: whether each word starts with a capital letter (names and clubs start there)
    caps: tuple[bool, ...]

    def span_text(self, start: int, end: int) -> str:
        """The original text of words [start, end), inner punctuation and spacing kept."""
        parts = [self.words[start]]
        for k in range(start + 1, end):
            parts.append(self.gaps[k])
            parts.append(self.words[k])
        return "".join(parts)

    def token_at(self, offset: int) -> int:
        """Index of the first word starting at or after character `offset` (the last word if none)."""
        k = bisect_left(token_starts(self.words, self.gaps), offset)
        return min(k, max(0, len(self.words) - 1))


class Segmenter:
    """Turns text into `Sentence`s, using the boilerplate markers it is given (bot/data/cues.toml [filters])."""

    def __init__(self, boilerplate_prefixes: list[str], caption_credits: list[str]) -> None:
        self._prefixes = tuple(fold(p) for p in boilerplate_prefixes)
        self._credits = {fold(c) for c in caption_credits}

    def is_boilerplate(self, line: str) -> bool:
        """True for teaser, caption and furniture lines ("NOW READ", "... (Getty)", "Advertisement")."""
        head = line.strip()[:40]
        # the prefixes are plain English words: lower case (and straight apostrophes) is all the folding they need
        folded = head.lower() if head.isascii() else head.lower().replace("’", "'")
        if not folded:
            return True
        if folded.startswith(self._prefixes):
            return True
        m = _CAPTION.search(line) if line.rstrip().endswith(")") else None
        if m:
            credit = fold(m.group(1)).strip()
            if credit in self._credits or "getty" in credit or credit.endswith((" images", " via getty")):
                return True
            if "/" in credit and credit.rsplit("/", 1)[1].strip() in self._credits:
                return True  # "(Mike Egerton/PA)": a photographer and his agency
        return False

    def split(self, text: str) -> list[Sentence]:
        """Sentences of the non-boilerplate lines, in order."""
        out: list[Sentence] = []
        paragraph = 0
        for line in text.split("\n"):
            line = line.strip()
            if not line:
                continue
            if self.is_boilerplate(line):
                continue
            paragraph += 1
            start = 0
            for m in _SENTENCE_END.finditer(line):
                self._add(out, line[start:m.start() + 1], paragraph)
                start = m.end()
            # a one-sentence line has passed the boilerplate check already
            self._add(out, line[start:], paragraph, checked=start == 0)
        return out

    def _add(self, out: list[Sentence], text: str, paragraph: int, checked: bool = False) -> None:
        text = text.strip()
        if not text or (not checked and self.is_boilerplate(text)):
            return
        words, gaps = split_words(text)
        if len(words) > MAX_TOKENS:
            # run-on "sentences" (feeds without punctuation, junk) are cut into windows so that per-sentence
            # work stays linear in the article's length
            starts = token_starts(words, gaps)
            for w in range(0, len(words), MAX_TOKENS):
                last = min(w + MAX_TOKENS, len(words)) - 1
                self._add(out, text[starts[w]:starts[last] + len(words[last])] + " ", paragraph)
            return
        # tuple.__new__ builds the NamedTuple in C (one per sentence of every article)
        out.append(tuple.__new__(Sentence, (text, len(out), paragraph, words, word_keys(words), gaps,
                                            tuple(map(_CAPITALISED.__getitem__, words)))))
