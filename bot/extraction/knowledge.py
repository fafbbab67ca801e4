"""Load the extraction knowledge (club gazetteer, cue lists, people words, outlet list) from data files.

Knowledge is data, not code: a new cue or outlet is a one-line change in bot/data/, and tests can hand an
`Extractor` a small hand-made `Knowledge` instead of the packaged one.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from bot.extraction.gazetteer import Gazetteer

DATA_DIR = Path(__file__).resolve().parents[1] / "data"


@dataclass(frozen=True)
class Knowledge:
    """Everything the extractor knows about the football world, loaded once and never mutated."""

    gazetteer: Gazetteer
    link_cues: dict[str, list[str]]
    contract_cues: dict[str, list[str]]
    money_cues: dict[str, list[str]]
    filters: dict[str, list[str]]
    people: dict[str, list[str]]
    outlets: tuple[str, ...] = field(default_factory=tuple)
    #: "the Dutch club": description nouns, and adjectives or league names -> country code
    club_descriptions: dict = field(default_factory=dict)
    #: link cues that only tell a direction ("a move to X"), and the confidence a link they alone support gets
    movement_cues: frozenset[str] = frozenset()
    weak_confidence: float = 1.0


def load_knowledge(data_dir: Path = DATA_DIR) -> Knowledge:
    """Read the packaged data files from `data_dir`."""
    cues = tomllib.loads((data_dir / "cues.toml").read_text(encoding="utf-8"))
    people = tomllib.loads((data_dir / "people.toml").read_text(encoding="utf-8"))
    confidence = tomllib.loads((data_dir / "confidence.toml").read_text(encoding="utf-8"))
    outlets = tuple(
        line.strip()
        for line in (data_dir / "outlets.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )
    return Knowledge(
        gazetteer=Gazetteer.from_json(data_dir / "clubs.json"),
        link_cues=cues["link"],
        contract_cues=cues["contract"],
        money_cues=cues["money"],
        filters=cues["filters"],
        people=people,
        outlets=outlets,
        club_descriptions=tomllib.loads((data_dir / "club_descriptions.toml").read_text(encoding="utf-8")),
        movement_cues=frozenset(confidence["movement_cues"]),
        weak_confidence=float(confidence["weak_confidence"]),
    )
