"""Split article text into reportable sentences, dropping boilerplate.

Feeds deliver teasers ("NOW READ", "IN THE MAG"), photo captions ending in "(Getty)", "Advertisement" and newsletter
furniture inside the body. Claims read from them would be noise, so they are removed before anything else looks at
the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.extraction.textnorm import Token, fold, tokenize

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9£€$])")
MAX_TOKENS = 120
_CAPTION = re.compile(r"\(([^()]{1,40})\)\s*$")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: its text, position in the article, paragraph number and tokens (offsets within `text`)."""

    text: str
    index: int
    paragraph: int
    tokens: tuple[Token, ...]
    keys: tuple[str, ...]


class Segmenter:
    """Turns text into `Sentence`s, using the boilerplate markers it is given (bot/data/cues.toml [filters])."""

    def __init__(self, boilerplate_prefixes: list[str], caption_credits: list[str]) -> None:
        self._prefixes = tuple(fold(p) for p in boilerplate_prefixes)
        self._credits = {fold(c) for c in caption_credits}

    def is_boilerplate(self, line: str) -> bool:
        """True for teaser, caption and furniture lines ("NOW READ", "... (Getty)", "Advertisement")."""
        head = line.strip()[:40]
        folded = head.lower() if head.isascii() else fold(head)
        if not folded:
            return True
        if folded.startswith(self._prefixes):
            return True
        m = _CAPTION.search(line) if line.rstrip().endswith(")") else None
        if m:
            credit = fold(m.group(1)).strip()
            if credit in self._credits or "getty" in credit or credit.endswith((" images", " via getty")):
                return True
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
                self._add(out, line[start:m.start()], paragraph)
                start = m.end()
            self._add(out, line[start:], paragraph)
        return out

    def _add(self, out: list[Sentence], text: str, paragraph: int) -> None:
        text = text.strip()
        if not text or self.is_boilerplate(text):
            return
        tokens = tokenize(text)
        if len(tokens) > MAX_TOKENS:
            # run-on "sentences" (feeds without punctuation, junk) are cut into windows so that per-sentence
            # work stays linear in the article's length
            for w in range(0, len(tokens), MAX_TOKENS):
                part = tokens[w:w + MAX_TOKENS]
                lo, hi = part[0].start, part[-1].end
                self._add(out, text[lo:hi] + " ", paragraph)
            return
        out.append(Sentence(text, len(out), paragraph, tuple(tokens), tuple(t.key for t in tokens)))
