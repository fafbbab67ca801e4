"""Build the packaged club gazetteer (bot/data/clubs.json) from openfootball/clubs raw data plus nicknames.tsv.

Run: `python -m bot.extraction.build_gazetteer [CLUBS_DIR] [OUT]` (defaults: ../shared/data/clubs, bot/data/clubs.json).
The output is committed so the bot never needs the raw data at run time. The countries of SOURCES are read whole.
Every other country sells players to them too ("Shakhtar Donetsk winger X"), but its full club list would turn
ordinary words and surnames into clubs ("Rapid", "Junior", "Leon"), so from those only names of two words or more
are kept ("Sturm Graz", "Club Atletico Penarol"), plus every name of the clubs the English-language press names
often, those with a row in bot/data/club_names.tsv ("Shakhtar", "Olympiacos"). A one-word name is never a country
or demonym ("Austria" for Austria Wien): those describe players. Clubs of other countries rank below every club
of SOURCES, so an alias they share ("Barcelona" of Guayaquil) stays with the club the press means.
The output maps each folded alias (tokens joined by one space) to its candidate clubs, marking aliases that need
context (shared by several clubs, or common words) as ambiguous.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

from bot.extraction.nationality import never_names
from bot.extraction.textnorm import tokenize

#: (file, country code, prominence) – prominence breaks ties between clubs sharing an alias (an English "Arsenal"
#: beats an Argentinian one in English-language reporting).
SOURCES: tuple[tuple[str, str, int], ...] = (
    ("europe/england/eng.clubs.txt", "eng", 10),
    ("europe/spain/es.clubs.txt", "es", 9),
    ("europe/germany/de.clubs.txt", "de", 9),
    ("europe/italy/it.clubs.txt", "it", 9),
    ("europe/france/fr.clubs.txt", "fr", 9),
    ("europe/monaco/mc.clubs.txt", "mc", 9),
    ("europe/portugal/pt.clubs.txt", "pt", 8),
    ("europe/netherlands/nl.clubs.txt", "nl", 8),
    ("europe/scotland/sco.clubs.txt", "sco", 7),
    ("europe/wales/wal.clubs.txt", "wal", 7),
    ("europe/belgium/be.clubs.txt", "be", 6),
    ("europe/turkey/tr.clubs.txt", "tr", 6),
    ("middle-east/saudi-arabia/sa.clubs.txt", "sa", 6),
    ("north-america/united-states/us.clubs.txt", "us", 5),
    ("north-america/canada/ca.clubs.txt", "ca", 5),
    ("south-america/brazil/br.clubs.txt", "br", 4),
    ("south-america/argentina/ar.clubs.txt", "ar", 3),
)

#: prominence of clubs of the other countries: a listed club (club_names.tsv) above an unlisted one
LISTED_ELSEWHERE, UNLISTED_ELSEWHERE = 2, 1

_LIFESPAN = re.compile(r"\(\s*\d{0,4}\s*-\s*\d{0,4}\s*\)")
_TAG = re.compile(r"\[[a-z]{2}\]")
_SUFFIX = re.compile(r"^(?:(?:FC|AFC|CF|SC|AC|SSC|AS|SL|CD|RC|SV|VfB|VfL|TSG|1\.)\s+)|\s+(?:FC|AFC|CF|SC|F\.C\.)$")
#: Generic words that must never be a club alias on their own.
_STOP_ALIASES = {"fc", "club", "sport", "sporting club", "real", "city", "united", "town", "rovers", "athletic",
                 "the", "football club", "olympique", "racing", "union", "sporting", "national", "nacional",
                 "america", "independiente", "atletico", "dynamo", "international", "victoria", "vitoria",
                 "wanderers", "albion", "county", "park", "stadium", "may", "june", "palace",
                 # days and months read as dates far more often than as "Wednesday" or "Monday" clubs
                 "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
                 "february", "march", "april", "july", "august", "september", "october", "november", "december",
                 # one-word names of clubs outside SOURCES that are common words or given names
                 "dinamo", "rapid", "junior", "leon", "kobe", "aris", "lech", "rubin", "sion", "sheriff", "cerro",
                 "libertad", "olimpia", "cristal", "universitario", "defensor", "zorya", "alianza", "sydney"}


def _clean(name: str) -> str:
    name = _TAG.sub("", name.replace("$", ""))
    name = _LIFESPAN.sub("", name)
    return " ".join(name.split())


def alias_key(alias: str) -> str:
    """Folded tokens joined by spaces: the lookup key shared by the builder and the run-time matcher."""
    return " ".join(tokenize(alias))


def display_name(canonical: str, aliases: list[str]) -> str:
    """The common English name: an `[en]` exonym if the data has one, else the canonical name minus FC-style affixes."""
    for raw in aliases:
        if "[en]" in raw:
            cleaned = _clean(raw)
            return _SUFFIX.sub("", cleaned).strip() or cleaned
    cleaned = _clean(canonical)
    return _SUFFIX.sub("", cleaned).strip() or cleaned


def _load_english_names() -> dict[str, str]:
    """Hand-kept English names (bot/data/club_names.tsv) for clubs whose data name is not what the press writes."""
    path = Path(__file__).resolve().parents[1] / "data" / "club_names.tsv"
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["canonical"]: row["english"] for row in csv.DictReader(fh, delimiter="\t")}


def parse_clubs_file(path: Path) -> list[tuple[str, list[str], bool]]:
    """(canonical name, aliases, defunct) per club line of one `*.clubs.txt` file; reserve sides are skipped."""
    clubs: list[tuple[str, list[str], bool]] = []
    current: list[str] | None = None
    for raw_line in path.read_text(encoding="utf-8").splitlines():
        line = raw_line.replace("\r", "").replace("\t", " ")
        body = line.split("#", 1)[0].rstrip()
        if not body.strip() or body.lstrip().startswith("="):
            continue
        indented = body[:1] == " "
        text = body.strip()
        if text.startswith("ii)"):
            current = None  # reserve side: its aliases are not the parent club's
            continue
        if indented and "//" in text:
            continue
        if indented and ("|" in text or "," not in text):
            if current is not None:
                current.extend(a.strip() for a in text.split("|") if a.strip())
            continue
        name = text.split(",", 1)[0].strip()
        defunct = bool(re.search(r"\(\s*\d{0,4}\s*-\s*\d{4}\s*\)|\(-\d{4}\)", name))
        current = [name]
        clubs.append((name, current, defunct))
    return clubs


def _other_sources(clubs_dir: Path) -> list[tuple[str, str]]:
    """(file, country code) of every country not in SOURCES, in path order."""
    read = {rel for rel, _, _ in SOURCES}
    raw = clubs_dir / "raw"
    return [(str(p.relative_to(raw)), p.name.split(".", 1)[0]) for p in sorted(raw.rglob("*.clubs.txt"))
            if str(p.relative_to(raw)) not in read]


def _demonyms() -> frozenset[str]:
    """Country names and demonyms (bot/data/people.toml): never a one-word club name."""
    path = Path(__file__).resolve().parents[1] / "data" / "people.toml"
    return never_names(tomllib.loads(path.read_text(encoding="utf-8")).get("nationalities", {}))


def build(clubs_dir: Path) -> dict:
    """The gazetteer as a JSON-able dict: clubs (display name, country) and alias -> candidate indexes."""
    names: list[str] = []
    countries: list[str] = []
    prominence: list[int] = []
    by_canonical: dict[str, int] = {}
    alias_to: dict[str, set[int]] = defaultdict(set)
    ambiguous: set[str] = set()
    english = _load_english_names()
    demonyms = _demonyms()
    sources = [(rel, country, weight, True) for rel, country, weight in SOURCES] + [
        (rel, country, UNLISTED_ELSEWHERE, False) for rel, country in _other_sources(clubs_dir)]
    for rel, country, weight, whole in sources:
        for canonical, aliases, defunct in parse_clubs_file(clubs_dir / "raw" / rel):
            if defunct:
                continue
            listed = whole or canonical in english
            weight_here = LISTED_ELSEWHERE if listed and not whole else weight
            idx = len(names)
            names.append(display_name(canonical, aliases[1:]))
            countries.append(country)
            prominence.append(weight_here)
            by_canonical[canonical] = idx
            keys = [k for k in (alias_key(_clean(a)) for a in aliases)
                    if k and k not in _STOP_ALIASES and not k.isdigit() and len(k) > 2]
            key = alias_key(names[idx])
            if key not in _STOP_ALIASES:
                keys.append(key)
            for key in keys:
                if not whole and " " not in key and (not listed or key in demonyms):
                    continue  # a one-word name of a club outside SOURCES: only a listed club's, never "Austria"
                alias_to[key].add(idx)
    for canonical, idx in by_canonical.items():
        if canonical in english:
            names[idx] = english[canonical]
            key = alias_key(names[idx])
            if key not in _STOP_ALIASES:
                alias_to[key].add(idx)
    # names the raw data gives a club of SOURCES; another country's ("Millonarios" of Bogota) does not block a
    # nickname ("Los Millonarios" of River Plate)
    data_aliases = {key for key, ids in alias_to.items() if any(prominence[i] > LISTED_ELSEWHERE for i in ids)}
    with (clubs_dir / "nicknames.tsv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            idx = by_canonical.get(row["club"])
            kind = row["kind"]
            if idx is None or kind.startswith("manager-metonym"):
                continue  # managers move on; a metonym valid in 2025 misleads about 2022
            prominence[idx] = max(prominence[idx], 11)
            key = alias_key(row["alias"])
            if key.startswith("the "):
                key = key[4:]
            if not key or key in _STOP_ALIASES:
                continue
            if key in data_aliases and idx not in alias_to[key]:
                continue  # "Wolves" is Wolverhampton's own short name; Roma's "the Wolves" nickname must not dilute it
            alias_to[key].add(idx)
            if "ambiguous" in kind:
                ambiguous.add(key)
    # an outlet's name is never a club mention ("according to Goal", "Record reports")
    outlets = (Path(__file__).resolve().parents[1] / "data" / "outlets.txt").read_text(encoding="utf-8")
    for line in outlets.splitlines():
        if line.strip() and not line.startswith("#"):
            alias_to.pop(alias_key(line.strip()), None)
    aliases_out: dict[str, list] = {}
    for key in sorted(alias_to):
        cands = sorted(alias_to[key], key=lambda i: (-prominence[i], names[i]))
        top = [i for i in cands if prominence[i] == prominence[cands[0]]]
        is_amb = key in ambiguous or len(top) > 1
        aliases_out[key] = [1 if is_amb else 0, cands[:6] if is_amb else cands[:1]]
    return {
        "source": "openfootball/clubs ae3800227c449447b3a337fc0aac79a8f02f4c8b (CC0) + nicknames.tsv (CC0)",
        "clubs": [[n, c] for n, c in zip(names, countries)],
        "aliases": aliases_out,
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(__file__).resolve().parents[2]
    clubs_dir = Path(args[0]) if args else root.parent / "shared" / "data" / "clubs"
    out = Path(args[1]) if len(args) > 1 else root / "bot" / "data" / "clubs.json"
    data = build(clubs_dir)
    out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n",
                   encoding="utf-8")
    print(f"wrote {out}: {len(data['clubs'])} clubs, {len(data['aliases'])} aliases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
