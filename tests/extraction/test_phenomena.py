"""One test per reporting phenomenon, on sentences written for these tests."""

from datetime import date

from tests.extraction.conftest import contracts, links, money

from bot.extraction.money import find_figures
from bot.extraction.textnorm import fold_name


# ---- players
def test_surname_and_accents_refer_back_to_full_name(extract) -> None:
    claims = extract("Tomás Veltmann is wanted by Arsenal.\n\nArsenal have since made a bid for Veltmann.")
    assert links(claims) == {("Tomás Veltmann", "Arsenal"): "bid"}


def test_description_refers_to_article_subject(extract) -> None:
    claims = extract("Lens defender Marco Delacroix is attracting attention.\n\n"
                     "Tottenham are monitoring the 24-year-old ahead of the summer.")
    assert links(claims) == {("Marco Delacroix", "Tottenham Hotspur"): "interest"}


def test_two_players_each_with_own_claim(extract) -> None:
    claims = extract("Everton have signed Paulo Ferreiro from Porto.\n\n"
                     "Meanwhile, Newcastle United are monitoring Lille winger Oscar Lindqvist.")
    got = links(claims)
    assert got[("Oscar Lindqvist", "Newcastle United")] == "interest"
    assert ("Oscar Lindqvist", "Lille") not in got


def test_manager_is_not_a_player(extract) -> None:
    claims = extract("Arsenal manager Harold Finch wants to sign Jonas Brecht from Hamburg.")
    assert {p for p, _ in links(claims)} == {"Jonas Brecht"}


# ---- clubs
def test_nickname_resolved_from_article_context(extract) -> None:
    claims = extract("Chelsea winger Sam Okafor is wanted abroad.\n\n"
                     "Juventus are keen on the 23-year-old and the Blues are resigned to losing him.")
    assert ("Sam Okafor", "Chelsea") not in links(claims)
    assert links(claims)[("Sam Okafor", "Juventus")] == "interest"


def test_short_forms_map_to_english_names(extract) -> None:
    claims = extract("PSG and Spurs are both tracking Lucas Moreau.")
    assert set(links(claims)) == {("Lucas Moreau", "Paris Saint-Germain"), ("Lucas Moreau", "Tottenham Hotspur")}


def test_former_clubs_are_not_links(extract) -> None:
    claims = extract("Aston Villa are keen on the former Roma and Sevilla ace Dario Benedetti.")
    assert links(claims) == {("Dario Benedetti", "Aston Villa"): "interest"}


def test_comparison_club_is_not_a_link(extract) -> None:
    claims = extract("Fulham are tracking Ivan Petrov. Fulham may find it difficult to trump the likes of Napoli.")
    assert links(claims) == {("Ivan Petrov", "Fulham"): "interest"}


# ---- stages
def test_furthest_stage_wins(extract) -> None:
    claims = extract("Benfica are monitoring Kai Brandt.\n\nBenfica have now agreed personal terms with Brandt.")
    assert links(claims) == {("Kai Brandt", "Benfica"): "agreed"}


def test_off_wins(extract) -> None:
    claims = extract("Ajax held talks over Rui Salgado.\n\nAjax have since pulled out of the race for Salgado.")
    assert links(claims) == {("Rui Salgado", "Ajax"): "off"}


# ---- contract
def test_contract_stages_use_current_club(extract) -> None:
    claims = extract("Brentford midfielder Aaron Kilbride has rejected a new contract.\n\n"
                     "His contract expires in June and he wants to leave.")
    assert contracts(claims) >= {("Aaron Kilbride", "rejects_renewal"), ("Aaron Kilbride", "expiring")}
    assert all(c.club == "Brentford" for c in claims if c.type == "contract")


# ---- money
def test_figures_conversions_ranges_periods() -> None:
    figs = find_figures("a bid of €50 million (£43m) for him")
    assert [(f.amount, f.currency) for f in figs] == [(50_000_000, "EUR")]
    assert [(f.amount, f.per) for f in find_figures("on £120,000-a-week")] == [(120_000, "week")]
    assert [f.amount for f in find_figures("valued at €9-10m")] == [9_000_000]
    assert [(f.amount, f.per) for f in find_figures("worth £4m per year")] == [(4_000_000, "year")]
    assert [f.amount for f in find_figures("up to 30m euros")] == [30_000_000]


def test_money_kinds(extract) -> None:
    claims = extract("Wolves have made a £25m bid for Ezra Lowe.\n\n"
                     "Lowe has a release clause of €60m in his contract.\n\n"
                     "He is demanding wages of £90,000 per week.")
    kinds = {(k, a) for _, k, a, _, _ in money(claims)}
    assert ("fee", 25_000_000) in kinds
    assert ("release_clause", 60_000_000) in kinds
    assert ("wage_demand", 90_000) in kinds


# ---- sources
def test_sources(extract) -> None:
    claims = extract("Celtic are tracking Finn Aldous, according to Sky Sports.")
    assert [c.source for c in claims if c.type == "link"] == ["Sky Sports"]
    claims = extract("Celtic have opened talks with Finn Aldous, The Athletic reports.")
    assert [c.source for c in claims if c.type == "link"] == ["The Athletic"]


def test_adjective_before_reports_is_not_a_source(extract) -> None:
    claims = extract("Previous reports stated that Celtic are in talks with Finn Aldous.")
    assert [c.source for c in claims if c.type == "link"] == [None]


# ---- boilerplate
def test_boilerplate_gives_no_claims(extract) -> None:
    text = ("Porto are monitoring Leon Varga.\n\nNOW READ Liverpool agree deal for Chris Dalton\n\n"
            "Arsenal have made a bid for Leon Varga (Getty Images)\n\nAdvertisement")
    assert links(extract(text)) == {("Leon Varga", "Porto"): "interest"}


def test_fold_name() -> None:
    assert fold_name("Jürgen Ødegård-Müller") == "jurgen odegard muller"


def test_historic_year_ignored(extract) -> None:
    claims = extract("Fiorentina signed Bruno Tessaro from Torino in 2019 for €20m.", published=date(2024, 1, 1))
    assert claims == []


def test_figures_that_are_parts_of_a_sum_are_dropped() -> None:
    assert [f.amount for f in find_figures("a bid of €32m plus €5m in add-ons")] == [32_000_000]
    assert [f.amount for f in find_figures("a deal worth €45m, rising to €50m")] == [45_000_000]
    assert [f.amount for f in find_figures("an offer of €90m, made up of €70m cash and €20m in bonuses")] == [
        90_000_000]
    assert [f.amount for f in find_figures("a fee of £60m with a further €10m in performance-related add-ons")] == [
        60_000_000]



def test_an_increment_on_a_bid_is_not_a_fee() -> None:
    assert [f.amount for f in find_figures("Lazio bid €30m and are now willing to pay that extra €10m")] == [
        30_000_000]
    assert [f.amount for f in find_figures("an opening offer of £40m, with an additional £5m")] == [40_000_000]


def test_range_keeps_its_low_end_and_period() -> None:
    figs = find_figures("a salary of €12m to €14m (£10m to £12m) a year")
    assert [(f.amount, f.currency, f.per) for f in figs] == [(12_000_000, "EUR", "year")]


def test_figure_in_words() -> None:
    figs = find_figures("a one billion euros (£860m) release clause")
    assert [(f.amount, f.currency) for f in figs] == [(1_000_000_000, "EUR")]


def test_last_week_is_not_a_wage(extract) -> None:
    claims = extract("Wolves had a £25m bid for Ezra Lowe rejected last week.")
    assert money(claims) == [("Ezra Lowe", "fee", 25_000_000, "GBP", None)]


def test_price_paid_in_the_past_is_no_claim(extract) -> None:
    claims = extract("Wolves are tracking Ezra Lowe.\n\nHis club paid £12m for him.")
    assert money(claims) == []


def test_sale_of_tv_rights_is_no_transfer_money(extract) -> None:
    claims = extract("Lazio are tracking Oskar Lind after selling a share of their TV rights for €200m.")
    assert money(claims) == []
    assert links(claims) == {("Oskar Lind", "Lazio"): "interest"}


def test_a_fee_a_club_received_for_someone_else_is_price_history(extract) -> None:
    claims = extract("Any club wanting Oskar Lind would have to pay more than the €90m that Udinese received for "
                     "Ian Mabry.")
    assert money(claims) == []


def test_outlet_named_after_an_article_noun_is_credited(extract) -> None:
    claims = extract("A report on Football Italia claims Celtic are in talks with Finn Aldous.")
    assert [c.source for c in claims if c.type == "link"] == ["Football Italia"]


def test_sky_in_a_country_and_people_told_things(extract) -> None:
    claims = extract("According to Sky in Germany, Celtic are in talks with Finn Aldous.")
    assert [c.source for c in claims if c.type == "link"] == ["Sky Germany"]
    # the agent is told, not quoted as a source; an outlet that is told things is one
    claims = extract("Celtic told agent Piet Zandvoort that they are in talks with Finn Aldous.")
    assert [c.source for c in claims if c.type == "link"] == [None]
    claims = extract("Finn Aldous told Sky Sports he wants to join Celtic.")
    assert [c.source for c in claims if c.type == "link"] == ["Sky Sports"]


def test_reports_in_a_country_credit_no_one(extract) -> None:
    claims = extract("Celtic are in talks with Finn Aldous, according to reports in Spain.")
    assert [c.source for c in claims if c.type == "link"] == [None]


# ---- confidence
def test_a_link_only_a_direction_supports_is_weak(extract) -> None:
    claims = extract("Rennes forward Lucas Brennan has been tipped for a move to Marseille.")
    (claim,) = [c for c in claims if c.type == "link"]
    assert (claim.club, claim.confidence) == ("Marseille", 0.5)


def test_a_second_sentence_or_a_pursuit_cue_makes_a_link_strong(extract) -> None:
    again = extract("Lucas Brennan is open to a move to Marseille.\n\nA move to Marseille would suit him.")
    pursued = extract("Marseille are monitoring Lucas Brennan ahead of a move to Marseille next summer.")
    for claims in (again, pursued):
        (claim,) = [c for c in claims if c.type == "link" and c.club == "Marseille"]
        assert claim.confidence == 1.0


def test_every_movement_cue_is_a_link_cue() -> None:
    from bot.extraction.knowledge import load_knowledge

    k = load_knowledge()
    cues = {p for phrases in k.link_cues.values() for p in phrases}
    assert k.movement_cues and k.movement_cues <= cues
    assert 0 < k.weak_confidence < 1


def test_a_second_verb_phrase_of_the_club_takes_its_own_player(extract) -> None:
    claims = extract("Feyenoord have made an offer for Lisbon-born winger Tiago Mendes and are also keen on "
                     "Lyon's Rayan Diallo.")
    got = links(claims)
    assert got[("Tiago Mendes", "Feyenoord")] == "bid"
    assert got[("Rayan Diallo", "Feyenoord")] == "interest"
    assert ("Rayan Diallo", "Lyon") not in got


def test_a_bracketed_conversion_does_not_split_the_clause(extract) -> None:
    claims = extract("Porto winger Ivo Salgado is wanted abroad.\n\n"
                     "Monaco had a €18 million (£15.5m) opening bid for Salgado turned down last week.")
    assert links(claims)[("Ivo Salgado", "Monaco")] == "bid"
