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
