"""Domain types shared by every layer: what a claim is, and the stage ladders.

These are plain frozen dataclasses rather than ORM rows so that the pure core (extraction, diff, rendering) can be
used and tested with no database, and so that `storage/` can depend on `bot.domain` without importing the rest of
the bot. The vocabulary is the evaluation contract's (`shared/eval/SCHEMA.md`); keep the two in step.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

ClaimType = Literal["link", "contract", "money"]

#: Link stages from first interest to an official move; `off` stands apart (the move is dead).
LINK_STAGES: tuple[str, ...] = ("interest", "talks", "bid", "advanced", "agreed", "done")
LINK_STAGE_RANK: dict[str, int] = {stage: rank for rank, stage in enumerate(LINK_STAGES)}
OFF = "off"

CONTRACT_STAGES: tuple[str, ...] = (
    "expiring",
    "renewal_talks",
    "renewal_offer",
    "rejects_renewal",
    "wants_to_stay",
    "wants_to_leave",
    "renewed",
)

MONEY_KINDS: tuple[str, ...] = (
    "wage_offer",
    "wage_demand",
    "wage",
    "fee",
    "valuation",
    "release_clause",
    "signing_bonus",
)

#: Kinds that readers (and reporters) blur together: an offer and a wage, an asking price and a fee.
MONEY_FAMILY: dict[str, str] = {
    "wage_offer": "wage",
    "wage_demand": "wage",
    "wage": "wage",
    "fee": "fee",
    "valuation": "fee",
    "release_clause": "release_clause",
    "signing_bonus": "signing_bonus",
}


@dataclass(frozen=True, slots=True)
class Claim:
    """One thing an article reports about a player's future.

    `stage` carries the link or contract stage; `kind`, `amount`, `currency` and `per` are for money claims only.
    `evidence` is the sentence the claim was read from, kept so a reader can check the bot's reading.
    `confidence` (0-1] says how well the article supports the claim: below 1.0 it rests on one weak cue, and the
    diff stores it without alerting until another report backs it (bot/data/confidence.toml says which cues).
    """

    type: ClaimType
    player: str
    club: str | None
    stage: str | None = None
    kind: str | None = None
    amount: float | None = None
    currency: str | None = None
    per: str | None = None
    source: str | None = None
    evidence: str = ""
    confidence: float = 1.0

    def to_schema(self) -> dict[str, Any]:
        """The claim as SCHEMA.md prints it (evidence included as an extra field the scorer ignores)."""
        out: dict[str, Any] = {"type": self.type, "player": self.player, "club": self.club}
        if self.type == "money":
            amount = self.amount
            if amount is not None and float(amount).is_integer():
                amount = int(amount)
            out.update(kind=self.kind, amount=amount, currency=self.currency, per=self.per)
        else:
            out["stage"] = self.stage
        out["source"] = self.source
        if self.confidence < 1.0:
            out["confidence"] = self.confidence
        if self.evidence:
            out["evidence"] = self.evidence
        return out

    @classmethod
    def from_schema(cls, data: dict[str, Any]) -> "Claim":
        """Build a claim from a SCHEMA.md dict (unknown keys ignored)."""
        names = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in names})

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Article:
    """An article as the extractor sees it: text plus what is known about where it came from."""

    text: str
    id: str = ""
    url: str | None = None
    title: str | None = None
    published: date | None = None
    outlet: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
