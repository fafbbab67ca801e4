"""What the extractor has read of one article so far: sentences, clubs, names, people, the player's clubs, cues.

Every step of the pipeline reads and fills this one record; it lives for one `extract` call and is never shared,
so the extractor itself holds no mutable state and may serve several threads.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.extraction.gazetteer import ClubMention
from bot.extraction.phrases import Hit
from bot.extraction.players import NameMention, Person
from bot.extraction.segment import Sentence


@dataclass
class ArticleState:
    """Per-call scratch space (never shared between calls: the extractor itself holds no mutable state)."""

    sentences: list[Sentence]
    clubs: list[list[tuple[ClubMention, str]]]
    names: list[list[NameMention]]
    people: list[Person] = field(default_factory=list)
    main: Person | None = None
    person_of: dict[tuple[int, int], Person] = field(default_factory=dict)
    current: dict[int, dict[str, float]] = field(default_factory=dict)
    former: dict[int, set[str]] = field(default_factory=dict)
    sources: list[str | None] = field(default_factory=list)
    #: (sentence, token) of club mentions that describe a player ("Juventus defender X", "X of Wolves")
    descriptors: set[tuple[int, int]] = field(default_factory=set)
    cues: list[dict[str, list[Hit]]] = field(default_factory=list)
    clauses: dict[int, list[int]] = field(default_factory=dict)
    excluded: dict[int, set[str]] = field(default_factory=dict)
    named: dict[int, list[tuple[NameMention, Person]]] = field(default_factory=dict)
