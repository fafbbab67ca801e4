"""Who is a player and which words are clubs: demonyms, managers, officials, credits and clubs of every league."""

from tests.extraction.conftest import contracts, links, money


# ---- nationality words are never names
def test_a_demonym_before_a_position_is_no_player(extract) -> None:
    claims = extract("Lazio have made a bid for the Ivorian midfielder Kwame Dossou. "
                     "The Ivorian midfielder is also wanted by Everton.")
    assert {p for p, _ in links(claims)} == {"Kwame Dossou"}


def test_a_plural_demonym_is_no_player(extract) -> None:
    claims = extract("Everton are monitoring Tomas Quiroga. The Argentinians want to keep Quiroga, but Everton "
                     "have made a bid. The Argentinians will listen to offers.")
    assert {p for p, _ in links(claims)} == {"Tomas Quiroga"}


def test_a_clause_after_a_comma_is_no_apposition(extract) -> None:
    claims = extract("Everton have tried to unsettle Oskar Lind, with their manager Piet Janssen saying the deal "
                     "is off. Lind has told Lazio he wants to leave.")
    assert contracts(claims) == {("Oskar Lind", "wants_to_leave")}


# ---- clubs of every league
def test_a_club_outside_the_big_leagues_is_no_player(extract) -> None:
    claims = extract("Everton have made a £20m bid for Dinamo Zagreb winger Luka Baric. "
                     "Dinamo Zagreb want £30m for the 21-year-old.")
    assert {p for p, _ in links(claims)} == {"Luka Baric"}
    assert {p for p, *_ in money(claims)} == {"Luka Baric"}


def test_a_listed_club_is_named_by_its_one_word_name(extract) -> None:
    claims = extract("Olympiacos forward Nikos Petrou is wanted by Everton. Everton have opened talks with "
                     "Olympiacos.")
    assert links(claims) == {("Nikos Petrou", "Everton"): "talks"}


def test_a_country_is_no_club_of_that_country(extract) -> None:
    # "Austria" is also a raw name of Austria Vienna
    claims = extract("Austria international Jonas Weber is wanted by Everton.")
    assert links(claims) == {("Jonas Weber", "Everton"): "interest"}


def test_a_one_word_name_of_a_lesser_club_is_no_club() -> None:
    from bot.extraction.knowledge import load_knowledge
    gaz = load_knowledge().gazetteer
    assert gaz.lookup("sturm graz") is not None  # two words: kept for every club
    assert gaz.lookup("horn") is None  # "SV Horn": a one-word name of an unlisted club
    assert gaz.lookup("austria") is None


# ---- well-known managers and executives
def test_a_listed_manager_is_no_player(extract) -> None:
    claims = extract("Julen Lopetegui is plotting a raid on Lazio. Everton have made a £20m bid for Oskar Lind, "
                     "and Lopetegui has held talks with Everton over the job.")
    assert {p for p, _ in links(claims)} == {"Oskar Lind"}


def test_known_non_players_by_full_name_surname_and_year() -> None:
    from bot.extraction.people_in_text import KnownNonPlayers
    known = KnownNonPlayers(["Ana Ferreira Lopes", "Rui Duarte (2019)", "Tomas Silva"], shared_surnames=["silva"])
    assert known.is_known(("ana", "ferreira", "lopes"), 2020)
    assert known.is_known(("ana", "lopes"), 2020)  # first and last of a three-word name
    assert known.is_known(("lopes",), 2020)  # a surname only one of them has
    assert not known.is_known(("silva",), 2020)  # a surname players share
    assert known.is_known(("tomas", "silva"), 2020)
    assert not known.is_known(("rui", "duarte"), 2017)  # still a player then
    assert known.is_known(("duarte",), 2021)


# ---- role titles, outlets, managers' teams, photo credits, nicknames
def test_a_title_case_role_title_before_a_name_is_cut_off_and_makes_no_player(extract) -> None:
    claims = extract("Everton have made a bid for Oskar Lind. Meanwhile, new Head of Global Scouting Ian Moss has "
                     "held talks with Lazio.")
    assert {p for p, _ in links(claims)} == {"Oskar Lind"}


def test_a_name_after_an_outlet_noun_is_the_outlet(extract) -> None:
    claims = extract("Oskar Lind is wanted by Everton. Spanish news source Cronica Norte claim Everton "
                     "will offer £30m for the striker.")
    assert {p for p, *_ in money(claims)} == {"Oskar Lind"}


def test_a_team_under_a_person_is_his(extract) -> None:
    claims = extract("Oskar Lind is wanted by Everton. Lazio have been transformed under Piet Janssen. "
                     "Janssen has held talks with Everton.")
    assert links(claims) == {("Oskar Lind", "Everton"): "talks"}


def test_a_caption_credited_to_a_photographer_and_agency_is_dropped(extract) -> None:
    claims = extract("Everton have made a bid for Oskar Lind.\n\n"
                     "Lind has agreed to join Lazio for £40m (Sam Hale/PA)")
    assert links(claims) == {("Oskar Lind", "Everton"): "bid"}


def test_a_club_nickname_misspelt_in_the_singular_is_no_player(extract) -> None:
    claims = extract("Oskar Lind prefers the Gunner's offer. Everton have also made a bid, "
                     "but the Gunner's remain in front.")
    assert {p for p, _ in links(claims)} == {"Oskar Lind"}


def test_a_player_after_an_outlet_noun_and_a_comma_is_still_a_player(extract) -> None:
    claims = extract("Everton have completed the signing of Oskar Lind. Speaking to the club website, Lind said "
                     "he was delighted.")
    assert links(claims) == {("Oskar Lind", "Everton"): "done"}
