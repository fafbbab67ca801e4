"""Leave-one-saga-out: the scorer's figures on each dev saga alone, with the mean, the worst saga and the spread.

Usage: python bench/generalise.py [PARTS_DIR] [--saga NAME ...] [--json]
Default PARTS_DIR: ../shared/eval/dev/parts relative to the repository root. A saga is a pair of files
NAME.articles.jsonl and NAME.labels.jsonl there; each is scored alone by ../shared/eval/score.py, with
`transferbot extract` and `transferbot replay` as the systems under test.

Why: the extractor is tuned on the dev corpus, and its total hides how it does on a saga it fits less well. The
figure that predicts an unseen saga is the worst saga and the spread, not the corpus total, so a change that lifts
the total but not the weakest sagas is memorising. Prints figures only; no assertions.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PARTS = ROOT.parent / "shared" / "eval" / "dev" / "parts"

# (column heading, scorer metric) in the order they are printed.
COLUMNS = [
    ("link F1", "link.f1"),
    ("stage", "link.stage_exact"),
    ("contract", "contract.f1"),
    ("money", "money.f1"),
    ("source", "source_accuracy"),
    ("claims", "claims.f1"),
    ("alerts", "alerts.f1"),
    ("alert P", "alerts.precision"),
    ("alert R", "alerts.recall"),
]


def sagas_in(parts: Path) -> list[str]:
    """The saga names that have both an articles and a labels file in PARTS."""
    names = sorted(p.name[: -len(".articles.jsonl")] for p in parts.glob("*.articles.jsonl"))
    return [n for n in names if (parts / f"{n}.labels.jsonl").exists()]


def score_saga(parts: Path, saga: str, scorer: Path, transferbot: str) -> dict[str, float]:
    """Run the scorer on one saga as a corpus of its own and return its flat metrics."""
    with tempfile.TemporaryDirectory(prefix=f"saga-{saga}-") as tmp:
        corpus = Path(tmp)
        shutil.copyfile(parts / f"{saga}.articles.jsonl", corpus / "articles.jsonl")
        shutil.copyfile(parts / f"{saga}.labels.jsonl", corpus / "labels.jsonl")
        done = subprocess.run(
            [sys.executable, str(scorer), str(corpus), "--cmd", f"{transferbot} extract",
             "--replay-cmd", f"{transferbot} replay", "--json"],
            capture_output=True, text=True, check=False)
        if done.returncode != 0 or not done.stdout.strip():
            raise RuntimeError(f"scorer failed on {saga}: {done.stderr.strip()[-500:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])


def figure(metrics: dict[str, float], key: str) -> float | None:
    """A metric as a number, or None when the saga has nothing of that kind (e.g. no contract claims)."""
    value = metrics.get(key)
    if value is None:
        return None
    # A saga with no claims of a type, gold or predicted, scores that type's F1 over nothing: no figure, not a zero.
    kind = key.split(".")[0]
    if kind in ("link", "contract", "money") and not any(metrics.get(f"{kind}.{n}") for n in ("tp", "fp", "fn")):
        return None
    return float(value)


def fmt(value: float | None) -> str:
    return "    –" if value is None else f"{value:5.3f}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("parts", nargs="?", type=Path, default=DEFAULT_PARTS)
    ap.add_argument("--saga", action="append", default=[], help="score only this saga (repeatable)")
    ap.add_argument("--scorer", type=Path, default=None, help="score.py (default: PARTS/../../score.py)")
    ap.add_argument("--transferbot", default=str(Path(sys.executable).with_name("transferbot")),
                    help="the transferbot command (default: the one beside this Python)")
    ap.add_argument("--json", action="store_true", help="also print every saga's figures as one JSON line")
    args = ap.parse_args()
    scorer = args.scorer or args.parts.parent.parent / "score.py"
    sagas = args.saga or sagas_in(args.parts)
    if not sagas:
        print(f"no sagas in {args.parts}")
        return 1

    rows: dict[str, dict[str, float]] = {}
    width = max(len(s) for s in sagas + ["spread"])
    print(f"{'saga':<{width}}  " + "  ".join(f"{h:>8}" for h, _ in COLUMNS), flush=True)
    for saga in sagas:
        rows[saga] = score_saga(args.parts, saga, scorer, args.transferbot)
        print(f"{saga:<{width}}  " + "  ".join(f"{fmt(figure(rows[saga], k)):>8}" for _, k in COLUMNS),
              flush=True)

    summary: dict[str, list[float | None]] = {"mean": [], "worst": [], "spread": []}
    for _, key in COLUMNS:
        values = [v for v in (figure(rows[s], key) for s in sagas) if v is not None]
        summary["mean"].append(statistics.fmean(values) if values else None)
        summary["worst"].append(min(values) if values else None)
        summary["spread"].append(statistics.pstdev(values) if len(values) > 1 else None)
    print()
    for name, values in summary.items():
        print(f"{name:<{width}}  " + "  ".join(f"{fmt(v):>8}" for v in values))
    worst_link = min(sagas, key=lambda s: figure(rows[s], "link.f1") or 0.0)
    worst_alerts = min(sagas, key=lambda s: figure(rows[s], "alerts.f1") or 0.0)
    print(f"\nworst saga: link F1 {worst_link}, alerts F1 {worst_alerts}")
    if args.json:
        print(json.dumps(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
