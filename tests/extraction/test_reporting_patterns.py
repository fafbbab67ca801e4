"""One test per way transfer reporting phrases a claim, each on a sentence written for it (no corpus text)."""

from datetime import date

from tests.extraction.conftest import contracts, links, money


# ---- who a link is about, and with which clubs
def test_clubs_listed_together_share_one_cue(extract) -> None:
    claims = extract("Lazio, Fiorentina and Torino are all keeping tabs on Emil Sandqvist.")
    assert links(claims) == {("Emil Sandqvist", "Lazio"): "interest", ("Emil Sandqvist", "Fiorentina"): "interest",
                             ("Emil Sandqvist", "Torino"): "interest"}


def test_players_listed_together_each_get_the_link(extract) -> None:
    claims = extract("Fulham are considering Ruben Lasso, Tomas Krejci and Ian Mabry as alternatives.")
    assert links(claims) == {("Ruben Lasso", "Fulham"): "interest", ("Tomas Krejci", "Fulham"): "interest",
                             ("Ian Mabry", "Fulham"): "interest"}


def test_relative_clause_cue_describes_its_clubs(extract) -> None:
    claims = extract("Porto and Braga are among the clubs who hold an interest in Tiago Mendes.")
    assert links(claims) == {("Tiago Mendes", "Porto"): "interest", ("Tiago Mendes", "Braga"): "interest"}


def test_club_after_from_is_the_seller(extract) -> None:
    claims = extract("Sevilla have bought Pablo Ortega from Valencia.")
    assert links(claims) == {("Pablo Ortega", "Sevilla"): "done"}


def test_interest_from_a_club_names_the_suitor(extract) -> None:
    claims = extract("Getafe winger Pablo Ortega has attracted interest from Villarreal.")
    assert links(claims) == {("Pablo Ortega", "Villarreal"): "interest"}


def test_the_club_a_player_would_be_sold_to_is_a_suitor_and_the_seller_is_not(extract) -> None:
    claims = extract("Udinese want to sell Oskar Lind to Everton to fund their own signings.")
    assert links(claims) == {("Oskar Lind", "Everton"): "interest"}


def test_a_club_that_could_sign_players_is_interested(extract) -> None:
    claims = extract("Lazio could instead sign Oskar Lind and Ian Mabry.")
    assert links(claims) == {("Oskar Lind", "Lazio"): "interest", ("Ian Mabry", "Lazio"): "interest"}


# ---- stages
def test_negated_cue_does_not_count(extract) -> None:
    claims = extract("Everton have yet to reach an agreement for Oskar Lind, although they are still tracking him.")
    assert links(claims) == {("Oskar Lind", "Everton"): "interest"}


def test_decided_not_to_pursue_is_off(extract) -> None:
    claims = extract("Wolves were tracking Oskar Lind.\n\nWolves have now decided not to pursue a deal for Lind.")
    assert links(claims) == {("Oskar Lind", "Wolverhampton Wanderers"): "off"}


def test_record_fee_is_the_current_deal(extract) -> None:
    claims = extract("Brentford have agreed a club-record £40m fee with Lorient for Yann Petit.")
    assert links(claims)[("Yann Petit", "Brentford")] == "agreed"
    assert ("Yann Petit", "fee", 40_000_000, "GBP", None) in money(claims)


def test_history_in_one_clause_leaves_the_next_clause_alone(extract) -> None:
    claims = extract("Genoa signed Leo Farr in 2019, but Roma are now monitoring the midfielder.",
                     published=date(2024, 3, 1))
    assert links(claims) == {("Leo Farr", "Roma"): "interest"}


def test_club_and_player_parting_ways_is_no_link(extract) -> None:
    assert links(extract("Udinese and Oskar Lind could be on the verge of parting ways this summer.")) == {}


def test_club_he_parts_ways_with_is_his_own(extract) -> None:
    claims = extract("Oskar Lind is set to part ways with Udinese, and Everton are interested.")
    assert links(claims) == {("Oskar Lind", "Everton"): "interest"}


def test_a_denied_exit_is_not_off(extract) -> None:
    claims = extract("Everton were tracking Oskar Lind.\n\nEverton have not given up on Oskar Lind.")
    assert links(claims) == {("Oskar Lind", "Everton"): "interest"}


def test_an_agreement_that_could_be_reached_is_not_agreed(extract) -> None:
    claims = extract("Everton are tracking Oskar Lind and believe an agreement could be reached with Udinese.")
    assert links(claims)[("Oskar Lind", "Everton")] == "interest"


def test_a_bid_that_would_be_accepted_is_still_a_bid(extract) -> None:
    claims = extract("Everton's bid would be accepted for Oskar Lind.")
    assert links(claims) == {("Oskar Lind", "Everton"): "bid"}


def test_players_a_club_moved_on_to_are_new_targets(extract) -> None:
    claims = extract("Everton have moved on to other targets, with Oskar Lind and Ian Mabry both on the list.")
    assert links(claims) == {("Oskar Lind", "Everton"): "interest", ("Ian Mabry", "Everton"): "interest"}


def test_a_club_that_moved_on_has_ended_its_pursuit(extract) -> None:
    claims = extract("Everton were keen on Ian Mabry.\n\nEverton have now moved on.")
    assert links(claims) == {("Ian Mabry", "Everton"): "off"}


def test_a_club_aware_of_interest_in_its_player_is_the_seller(extract) -> None:
    claims = extract("Everton are tracking Oskar Lind. Udinese are well aware of the interest being shown in the "
                     "22-year-old.")
    assert links(claims) == {("Oskar Lind", "Everton"): "interest"}


def test_a_club_describing_the_subject_is_never_his_suitor(extract) -> None:
    claims = extract("Everton are tracking Genoa's Oskar Lind, who spent last season on loan at Udinese. "
                     "Lazio are also keen on the Udinese loanee.")
    assert links(claims) == {("Oskar Lind", "Everton"): "interest", ("Oskar Lind", "Lazio"): "interest"}


def test_terms_that_were_agreed_are_an_agreement(extract) -> None:
    claims = extract("Oskar Lind will only accept Everton, as personal terms were agreed in May.")
    assert links(claims) == {("Oskar Lind", "Everton"): "agreed"}


def test_a_club_told_he_only_wants_another_is_turned_down(extract) -> None:
    claims = extract("Oskar Lind has just informed Lazio that he only wants to join Everton.")
    assert links(claims) == {("Oskar Lind", "Lazio"): "off", ("Oskar Lind", "Everton"): "interest"}


def test_joining_after_a_club_lost_him_is_a_move_made(extract) -> None:
    claims = extract("Everton lost Oskar Lind and Ian Mabry to Italian football, with the duo joining Lazio and "
                     "Udinese respectively.")
    assert links(claims) == {("Oskar Lind", "Lazio"): "done", ("Ian Mabry", "Udinese"): "done"}


def test_clubs_whose_interest_was_seen_off_are_out(extract) -> None:
    claims = extract("Everton were tracking Oskar Lind. Lazio saw off interest from rival clubs, including Everton, "
                     "to win the race for the midfielder.")
    assert links(claims)[("Oskar Lind", "Everton")] == "off"
    assert links(claims)[("Oskar Lind", "Lazio")] != "off"


def test_a_player_offered_as_part_of_a_bid_is_not_its_target(extract) -> None:
    claims = extract("Everton want Oskar Lind. Everton offered Ian Mabry as a part of their bid for Lind.")
    assert ("Ian Mabry", "Everton") not in links(claims)


def test_not_to_say_they_have_given_up_is_no_off(extract) -> None:
    claims = extract("Lazio were tracking Oskar Lind. However, that's not to say that Lazio have given up hope of "
                     "signing the midfielder.")
    assert links(claims) == {("Oskar Lind", "Lazio"): "interest"}


def test_a_bid_that_has_yet_to_arrive_was_not_made(extract) -> None:
    claims = extract("Everton are tracking Oskar Lind. A suitable bid from Everton for Oskar Lind, which would fund a "
                     "move for Ian Mabry, has yet to arrive.")
    assert links(claims) == {("Oskar Lind", "Everton"): "interest"}
    claims = extract("Everton have made a bid for Oskar Lind, while a second offer from Lazio is yet to arrive.")
    assert links(claims)[("Oskar Lind", "Everton")] == "bid"


# ---- what is and is not a club
def test_weekday_is_not_a_club(extract) -> None:
    claims = extract("Bologna held talks with the agent of Dan Price on Wednesday.")
    assert set(links(claims)) == {("Dan Price", "Bologna")}


def test_nickname_needs_the_club_named_plainly(extract) -> None:
    claims = extract("The Blues are said to be tracking Dan Price.")
    assert links(claims) == {}


def test_place_is_not_a_club(extract) -> None:
    claims = extract("Karl Weber is set to join Getafe after a medical in Valencia.")
    assert links(claims) == {("Karl Weber", "Getafe"): "advanced"}


def test_club_inside_an_outlet_name_is_not_a_club(extract) -> None:
    claims = extract("Besiktas are tracking Ali Kaya, according to Mundo Deportivo.")
    assert links(claims) == {("Ali Kaya", "Besiktas"): "interest"}


# ---- contract situations
def test_overlapping_contract_cues_resolve_to_the_strongest(extract) -> None:
    claims = extract("Hamburg midfielder Jonas Brecht has refused to sign a new deal.")
    assert contracts(claims) == {("Jonas Brecht", "rejects_renewal")}


def test_another_clubs_offer_is_not_a_renewal_offer(extract) -> None:
    claims = extract("Hamburg midfielder Jonas Brecht is wanted elsewhere.\n\n"
                     "Hamburg have rejected Wolfsburg's latest offer for Brecht.")
    assert ("Jonas Brecht", "renewal_offer") not in contracts(claims)


def test_long_contract_is_not_expiring(extract) -> None:
    claims = extract("Lille defender Bruno Vidal has a contract that is due to expire in 2028.",
                     published=date(2024, 3, 1))
    assert contracts(claims) == set()


def test_years_left_is_not_expiring(extract) -> None:
    claims = extract("Lille defender Bruno Vidal has three years left on his contract.")
    assert contracts(claims) == set()


def test_contract_extension_with_length_is_renewed(extract) -> None:
    claims = extract("Ivo Saric has signed a three-year contract extension with Anderlecht.")
    assert ("Ivo Saric", "renewed") in contracts(claims)


def test_club_trying_to_keep_him_is_renewal_talks(extract) -> None:
    claims = extract("Lille are trying to convince Bruno Vidal to stay beyond the summer.")
    assert contracts(claims) == {("Bruno Vidal", "renewal_talks")}


def test_past_departure_of_listed_players_is_no_contract_news(extract) -> None:
    claims = extract("Burnley want Bruno Vidal after seeing Sam Hale and Joe Ward leave for free.")
    assert contracts(claims) == set()


def test_renewal_words_after_a_refusal_are_its_object_not_talks(extract) -> None:
    claims = extract("Udinese want to keep Oskar Lind, but his reluctance to sign a contract extension means they "
                     "must sell him.")
    assert contracts(claims) == {("Oskar Lind", "rejects_renewal")}


def test_a_coach_wanting_a_player_to_stay_is_not_the_players_wish(extract) -> None:
    claims = extract("Brighton coach Marco Rossi wants Oskar Lind to stay at Brighton until the summer.")
    assert contracts(claims) == set()
    assert contracts(extract("Oskar Lind has told Brighton he wants to stay.")) == {("Oskar Lind", "wants_to_stay")}


def test_his_club_wanting_him_to_stay_is_no_link(extract) -> None:
    claims = extract("Brighton want him to stay, but Oskar Lind has told them he wants to leave.")
    assert links(claims) == {}
    assert contracts(claims) == {("Oskar Lind", "wants_to_leave")}


def test_a_free_transfer_already_made_is_no_contract_running_out(extract) -> None:
    claims = extract("Oskar Lind joined Lazio on a free transfer last week.")
    assert contracts(claims) == set()
    assert contracts(extract("Oskar Lind could join Lazio on a free transfer next summer.")) == {
        ("Oskar Lind", "expiring")}


def test_pen_to_paper_on_a_lucrative_new_deal_is_a_renewal(extract) -> None:
    claims = extract("Oskar Lind has put pen to paper on a lucrative new deal at Udinese.")
    assert contracts(claims) == {("Oskar Lind", "renewed")}


def test_persuading_a_player_to_commit_is_not_his_wish_to_stay(extract) -> None:
    claims = extract("Marco Rossi has even tried to persuade Oskar Lind to commit his future to Udinese.")
    assert ("Oskar Lind", "wants_to_stay") not in contracts(claims)
    assert ("Marco Rossi", "wants_to_stay") not in contracts(claims)


# ---- attribution
def test_origin_beats_the_outlet_relaying_it(extract) -> None:
    claims = extract("Sky Italy, as reported by Calciomercato, claims Atalanta have made an offer for Noah Brandt.")
    assert [c.source for c in claims if c.type == "link"] == ["Sky Italy"]


def test_journalist_named_after_role_is_credited(extract) -> None:
    claims = extract("According to Sky Sports News chief reporter Anna Pike, Leeds have opened talks for Noah Brandt.")
    assert [c.source for c in claims if c.type == "link"] == ["Anna Pike"]


def test_outlet_referred_back_to(extract) -> None:
    claims = extract("Stuttgart are tracking Noah Brandt, Kicker reports.\n\n"
                     "The German outlet adds that Stuttgart have opened talks with his agent.")
    assert [(c.stage, c.source) for c in claims if c.type == "link"] == [("talks", "Kicker")]


def test_possessive_source_is_trimmed(extract) -> None:
    claims = extract("Hugo Meyer's report claims Mainz have made contact over Noah Brandt.")
    assert [c.source for c in claims if c.type == "link"] == ["Hugo Meyer"]


def test_outlets_reporter_is_not_a_player(extract) -> None:
    claims = extract("The Guardian's Ed Aarons says Brighton are keen on Noah Brandt.")
    assert {c.player for c in claims} == {"Noah Brandt"}


def test_role_word_is_not_part_of_a_name(extract) -> None:
    claims = extract("Journalist Pablo Ruiz says Getafe want to sign Noah Brandt.")
    assert {c.player for c in claims} == {"Noah Brandt"}
    assert [c.source for c in claims if c.type == "link"] == ["Pablo Ruiz"]


def test_club_describing_a_listed_player_is_not_a_suitor(extract) -> None:
    claims = extract("Celtic are weighing up Ian Mabry of Hibernian and Porto's Tiago Mendes.")
    assert links(claims) == {("Ian Mabry", "Celtic"): "interest", ("Tiago Mendes", "Celtic"): "interest"}


def test_own_short_name_beats_another_clubs_nickname(extract) -> None:
    claims = extract("Wolves are tracking Oskar Lind.")
    assert links(claims) == {("Oskar Lind", "Wolverhampton Wanderers"): "interest"}


def test_player_after_the_cue_is_its_object(extract) -> None:
    claims = extract("After Lyon brought in Hugo Ekitike, Nantes completed the signing of Jonas Brecht.")
    got = links(claims)
    assert got[("Jonas Brecht", "Nantes")] == "done"
    assert ("Hugo Ekitike", "Nantes") not in got


def test_respectively_pairs_players_with_clubs(extract) -> None:
    claims = extract("Ruben Lasso and Ian Mabry are joining Lyon and Nice respectively.")
    assert set(links(claims)) == {("Ruben Lasso", "Lyon"), ("Ian Mabry", "Nice")}


def test_selling_club_behind_a_description(extract) -> None:
    claims = extract("Karl Weber joins Getafe on a four-year deal from Bundesliga side Mainz.")
    assert set(links(claims)) == {("Karl Weber", "Getafe")}


def test_own_contract_news_reveals_the_current_club(extract) -> None:
    claims = extract("Ivo Saric has signed a new contract at Anderlecht.\n\nAnderlecht rejected a bid for Saric.")
    assert ("Ivo Saric", "Anderlecht") not in links(claims)
    assert [c.club for c in claims if c.type == "contract"] == ["Anderlecht"]


def test_capitalised_word_opening_a_quote_is_no_player(extract) -> None:
    claims = extract('Lens are closing in on Marco Delacroix.\n\nOne reporter tweeted: "Looks like Lens will do it."\n\n'
                     'Another wrote: "Looks done."')
    assert {c.player for c in claims} == {"Marco Delacroix"}


def test_hypothetical_clause_reports_nothing(extract) -> None:
    claims = extract("Celtic are monitoring Ian Mabry.\n\nIf Celtic walk away from the deal, Hibernian will keep him.")
    assert links(claims) == {("Ian Mabry", "Celtic"): "interest"}


def test_negation_a_few_words_before_the_cue(extract) -> None:
    claims = extract("Lazio have yet to reach an agreement with Udinese for Dario Benedetti.")
    assert links(claims).get(("Dario Benedetti", "Lazio")) != "agreed"


def test_team_mate_of_a_player_does_not_make_him_a_manager(extract) -> None:
    claims = extract("Porto are tracking Tiago Mendes.\n\nMendes's team-mate Rui Salgado says he is happy.")
    assert ("Tiago Mendes", "Porto") in links(claims)


def test_financing_a_signing_is_not_a_done_deal(extract) -> None:
    claims = extract("The sale would help Lyon finance the signing of Karl Weber.")
    assert links(claims).get(("Karl Weber", "Lyon")) != "done"


def test_possessor_before_the_object_is_not_the_object(extract) -> None:
    claims = extract("Porto have signed Mendes's former team-mate Rui Salgado from Braga.\n\n"
                     "Tiago Mendes is wanted by Porto too.")
    assert links(claims)[("Rui Salgado", "Porto")] == "done"
    assert links(claims)[("Tiago Mendes", "Porto")] == "interest"


def test_suitor_turning_down_the_chance_is_off_not_a_seller(extract) -> None:
    claims = extract("Everton rejected the chance to sign Oskar Lind this week.")
    assert links(claims) == {("Oskar Lind", "Everton"): "off"}


def test_club_refusing_a_bid_is_the_seller(extract) -> None:
    claims = extract("Hamburg rejected a bid from Wolfsburg for Jonas Brecht.")
    assert links(claims) == {("Jonas Brecht", "Wolfsburg"): "bid"}


def test_they_cannot_afford_does_not_make_a_seller(extract) -> None:
    claims = extract("Everton have decided not to pursue Oskar Lind.\n\nEverton accept they cannot afford him.")
    assert links(claims) == {("Oskar Lind", "Everton"): "off"}


def test_clubs_introduced_by_including_share_the_cue(extract) -> None:
    claims = extract("Oskar Lind is wanted by several clubs, including Everton and Fulham.")
    assert links(claims) == {("Oskar Lind", "Everton"): "interest", ("Oskar Lind", "Fulham"): "interest"}


def test_cue_of_another_clubs_clause_is_not_borrowed(extract) -> None:
    claims = extract("After Lyon brought in Hugo Ekitike, Nantes had to act fast.")
    assert ("Hugo Ekitike", "Nantes") not in links(claims)


def test_description_after_the_cue_is_the_articles_subject(extract) -> None:
    claims = extract("Hibernian winger Ian Mabry is in demand.\n\n"
                     "Celtic's latest offer for the 21-year-old, after selling Ruben Lasso, was rejected.")
    assert links(claims)[("Ian Mabry", "Celtic")] == "bid"
    assert ("Ruben Lasso", "Celtic") not in links(claims)


def test_club_before_a_position_without_a_name_is_the_subjects_club(extract) -> None:
    claims = extract("Ian Mabry is wanted by Celtic.\n\nAberdeen are interested in Hibernian winger too.\n\n"
                     "Hibernian have made an offer to keep him.")
    assert ("Ian Mabry", "Hibernian") not in links(claims)


def test_club_holding_firm_is_the_seller(extract) -> None:
    claims = extract("Celtic have bid for Ian Mabry.\n\nHibernian held firm over Mabry as talks went on.")
    assert ("Ian Mabry", "Hibernian") not in links(claims)


def test_currency_sign_does_not_split_a_clause(extract) -> None:
    claims = extract("Lorient have turned down Brentford's £40m bid for Yann Petit.")
    assert links(claims) == {("Yann Petit", "Brentford"): "bid"}


def test_but_with_a_verb_keeps_the_subject_club(extract) -> None:
    claims = extract("Celtic remain keen on Ruben Lasso but missed out on Ian Mabry.")
    assert links(claims) == {("Ruben Lasso", "Celtic"): "interest", ("Ian Mabry", "Celtic"): "off"}


def test_one_named_target_among_other_names_still_counts(extract) -> None:
    claims = extract("Celtic are tracking Ian Mabry as they try to replace Ruben Lasso and Tomas Krejci.")
    assert links(claims) == {("Ian Mabry", "Celtic"): "interest"}


def test_leaving_clubs_as_the_last_suitors_is_not_a_departure(extract) -> None:
    claims = extract("Lyon have pulled out of the race for Yann Petit, leaving Lille and Nice as the clubs battling "
                     "for his signature.")
    assert links(claims) == {("Yann Petit", "Lyon"): "off", ("Yann Petit", "Lille"): "interest",
                             ("Yann Petit", "Nice"): "interest"}


def test_contract_news_about_a_list_set_off_by_dashes(extract) -> None:
    claims = extract("Burnley could lose two defenders - Sam Hale and Joe Ward - who are out of contract in June.")
    assert contracts(claims) == {("Sam Hale", "expiring"), ("Joe Ward", "expiring")}


def test_outlet_with_the_is_not_a_player(extract) -> None:
    claims = extract("The Athletic reported that Leeds are keen on Noah Brandt.\n\nThe Athletic also said it is close.")
    assert {c.player for c in claims} == {"Noah Brandt"}


def test_free_transfer_to_a_club_does_not_make_it_his_club(extract) -> None:
    claims = extract("Napoli are confident of signing Leo Farr on a free transfer.")
    assert links(claims) == {("Leo Farr", "Napoli"): "advanced"}


def test_contract_running_down_at_a_club_makes_it_his(extract) -> None:
    claims = extract("Nico Berg's contract is running down at Bologna.\n\nBologna have made an offer to Berg.")
    assert ("Nico Berg", "Bologna") not in links(claims)


def test_renewal_named_after_a_club_makes_it_his(extract) -> None:
    claims = extract("Nico Berg rejects a Bologna renewal as Torino open talks.")
    assert links(claims) == {("Nico Berg", "Torino"): "talks"}


def test_new_contract_at_a_club_is_the_move_not_his_club(extract) -> None:
    claims = extract("Torino have unveiled Nico Berg.\n\nBerg has agreed a five-year contract at Torino.")
    assert links(claims)[("Nico Berg", "Torino")] == "done"


def test_club_name_used_as_a_surname_is_the_player(extract) -> None:
    # "Alvarado" is also the name of a club in the gazetteer
    claims = extract("Sevilla have confirmed the signing of winger Diego Alvarado.\n\n"
                     "Alvarado turned down a new contract to make the move.")
    assert links(claims) == {("Diego Alvarado", "Sevilla"): "done"}
    assert contracts(claims) == {("Diego Alvarado", "rejects_renewal")}


def test_furthest_stage_within_a_clubs_clause(extract) -> None:
    claims = extract("Jonas Brecht is on the verge of concluding talks with Wolfsburg.")
    assert links(claims) == {("Jonas Brecht", "Wolfsburg"): "advanced"}


def test_sentence_opening_with_they_goes_on_about_the_club_before(extract) -> None:
    claims = extract("Celtic are in the market for a winger. They have made a bid for Ian Mabry.")
    assert links(claims) == {("Ian Mabry", "Celtic"): "bid"}


def test_they_after_the_players_own_club_is_not_a_suitor(extract) -> None:
    claims = extract("Hibernian winger Ian Mabry is wanted by Celtic.\n\n"
                     "Hibernian are adamant he is not for sale. They have rejected a bid for Mabry.")
    assert ("Ian Mabry", "Hibernian") not in links(claims)


def test_former_club_in_a_description_is_not_a_suitor(extract) -> None:
    claims = extract("Lens have signed Marco Delacroix's former Nantes team-mate Hugo Ekitike.")
    assert links(claims) == {("Hugo Ekitike", "Lens"): "done"}


def test_birthplace_is_not_a_suitor(extract) -> None:
    claims = extract("Everton have made contact with the agent of the Burnley native Sam Hale.")
    assert links(claims) == {("Sam Hale", "Everton"): "talks"}


def test_club_that_lost_players_is_their_former_club(extract) -> None:
    claims = extract("Burnley are tracking Oskar Lind after losing Sam Hale and Joe Ward on free transfers.")
    assert links(claims) == {("Oskar Lind", "Burnley"): "interest"}


def test_club_stalwart_is_described_not_courted(extract) -> None:
    claims = extract("Porto have drawn up a shortlist with Braga stalwart Rui Salgado and Tiago Mendes.")
    assert ("Rui Salgado", "Braga") not in links(claims)


def test_ending_a_pursuit_belongs_to_the_nearest_club(extract) -> None:
    claims = extract("Lazio are willing to end their interest in Dario Benedetti and leave Roma as favourites.")
    assert links(claims) == {("Dario Benedetti", "Lazio"): "off", ("Dario Benedetti", "Roma"): "advanced"}


def test_club_described_by_country_or_league(extract) -> None:
    claims = extract("Groningen midfielder Sem Vos is wanted by Twente.\n\n"
                     "The Eredivisie side have now agreed personal terms with Vos.")
    assert links(claims) == {("Sem Vos", "Twente"): "agreed"}


def test_manager_wanting_players_is_not_a_player(extract) -> None:
    claims = extract("Eddie Howe is an admirer of Sam Hale and Newcastle United are tracking Hale.")
    assert {c.player for c in claims} == {"Sam Hale"}


def test_he_after_the_cue_is_the_articles_subject(extract) -> None:
    claims = extract("Lens winger Marco Delacroix is on Rennes' radar.\n\n"
                     "Rennes are confident that he will join Hugo Ekitike and Yann Petit in their squad.")
    assert links(claims) == {("Marco Delacroix", "Rennes"): "advanced"}  # also: Rennes, not "Stade Rennais"


def test_surname_particles_run_on(extract) -> None:
    claims = extract("Ajax are tracking Frenkie van der Berg.")
    assert links(claims) == {("Frenkie van der Berg", "Ajax"): "interest"}


def test_he_before_the_cue_is_the_articles_subject(extract) -> None:
    claims = extract("Lens winger Marco Delacroix has been a success.\n\n"
                     "He is now set to join Rennes, who saw Hugo Ekitike join Lorient last summer.")
    assert links(claims) == {("Marco Delacroix", "Rennes"): "advanced"}


def test_hijacking_club_advances_and_the_other_club_is_off(extract) -> None:
    claims = extract("Lyon were in talks for Yann Petit.\n\n"
                     "Nice have hijacked Lyon's move and agreed a fee for Petit.")
    assert links(claims) == {("Yann Petit", "Lyon"): "off", ("Yann Petit", "Nice"): "agreed"}


def test_a_later_clause_carries_the_club_but_an_earlier_one_does_not(extract) -> None:
    claims = extract("The London club have agreed a deal for Yann Petit and want it done before Nice bid for him.")
    assert links(claims) == {("Yann Petit", "Nice"): "bid"}


def test_turning_down_an_extension_is_a_rejection(extract) -> None:
    claims = extract("Southampton striker Danny Cole asked to leave after turning down a contract extension.")
    assert contracts(claims) >= {("Danny Cole", "rejects_renewal"), ("Danny Cole", "wants_to_leave")}
    assert ("Danny Cole", "renewal_talks") not in contracts(claims)


def test_told_the_club_he_wants_to_stay(extract) -> None:
    claims = extract("Tomas Alves has told the club he wants to stay.")
    assert contracts(claims) == {("Tomas Alves", "wants_to_stay")}


def test_talks_over_a_new_contract_are_with_his_own_club(extract) -> None:
    claims = extract("Braga have opened talks with Tomas Alves over a new contract.")
    assert links(claims) == {}
    assert [(c.club, c.stage) for c in claims if c.type == "contract"] == [("Braga", "renewal_talks")]


def test_club_accepting_another_clubs_offer_is_the_seller(extract) -> None:
    claims = extract("Bologna have accepted Aston Villa's £25m offer for Marco Santoro.")
    assert links(claims) == {("Marco Santoro", "Aston Villa"): "agreed"}


def test_agreement_in_principle_with_a_club_makes_it_the_seller(extract) -> None:
    claims = extract("Aston Villa have reached an agreement in principle with Bologna for Marco Santoro.")
    assert links(claims) == {("Marco Santoro", "Aston Villa"): "agreed"}


def test_choosing_one_club_over_another(extract) -> None:
    claims = extract("Marco Santoro has rejected a move to Aston Villa in favour of a move to Everton.")
    assert links(claims) == {("Marco Santoro", "Aston Villa"): "off", ("Marco Santoro", "Everton"): "advanced"}


def test_they_in_talks_with_the_selling_club_carries_the_first_clubs_talks(extract) -> None:
    claims = extract("Udinese defender Oskar Lind is keen on a move to Everton.\n\n"
                     "Everton are not willing to pay that much, but they are in negotiations with Udinese over a deal.")
    assert links(claims)[("Oskar Lind", "Everton")] == "talks"


def test_players_bought_from_different_clubs_each_get_the_link(extract) -> None:
    claims = extract("Sevilla have also bought Pablo Ortega from Valencia and the left-back Tomas Krejci from Getafe.")
    assert links(claims) == {("Pablo Ortega", "Sevilla"): "done", ("Tomas Krejci", "Sevilla"): "done"}


def test_who_after_a_club_is_that_club_even_when_its_clause_names_another(extract) -> None:
    claims = extract("Everton, who signed Porto defender Oskar Lind earlier this month, will keep looking for "
                     "a striker.")
    assert links(claims) == {("Oskar Lind", "Everton"): "done"}


def test_which_is_why_after_a_club_is_not_that_club(extract) -> None:
    claims = extract("Oskar Lind has decided to join Everton, which is why Lazio have now pulled out of the race.")
    assert links(claims)[("Oskar Lind", "Lazio")] == "off"
    assert links(claims)[("Oskar Lind", "Everton")] != "off"


def test_a_name_with_an_official_role_in_apposition_is_no_player(extract) -> None:
    claims = extract("Marco Rossi, Everton's sporting director, says Oskar Lind is out of contract in the summer.")
    assert all(player != "Marco Rossi" for player, _ in contracts(claims))


# ---- descriptions by nationality
def test_a_nationality_description_names_the_player_given_that_nationality(extract) -> None:
    claims = extract("Everton have agreed a deal for Polish striker Oskar Lind.\n\n"
                     "Everton are also tracking Netherlands international Ian Mabry.\n\n"
                     "The Dutchman has two years left on his Udinese contract and has told the club he wants to leave.")
    assert contracts(claims) == {("Ian Mabry", "wants_to_leave")}


def test_a_nationality_other_than_the_subjects_names_the_player_just_named(extract) -> None:
    claims = extract("Everton have agreed a deal for Oskar Lind. The Poland international will join in July.\n\n"
                     "Lind's move helps Udinese fund a bid for Ian Mabry. "
                     "The Dutchman has told Lazio he wants to leave.")
    assert contracts(claims) == {("Ian Mabry", "wants_to_leave")}


def test_a_nationality_description_of_unknown_reference_stays_with_the_subject(extract) -> None:
    claims = extract("Everton have agreed a deal for Oskar Lind. Udinese want Ian Mabry.\n\n"
                     "The Dutchman has told Lazio he wants to leave.")
    assert contracts(claims) == {("Oskar Lind", "wants_to_leave")}


def test_possessive_club_before_a_nationality_and_position_is_his_club(extract) -> None:
    claims = extract("Amadou Sarr could be on the move.\n\n"
                     "Rennes are tracking Lorient's Senegal international winger, whose contract expires next summer.")
    assert links(claims) == {("Amadou Sarr", "Rennes"): "interest"}
    assert [(c.club, c.stage) for c in claims if c.type == "contract"] == [("Lorient", "expiring")]


def test_offer_of_a_figure_from_a_club_names_the_bidder(extract) -> None:
    claims = extract("Lorient have rebuffed offers of €15m from Rennes and a bid worth €18 million from Lille "
                     "for Amadou Sarr.")
    assert links(claims) == {("Amadou Sarr", "Rennes"): "bid", ("Amadou Sarr", "Lille"): "bid"}
    assert {(c.kind, c.club, c.amount) for c in claims if c.type == "money"} == {
        ("fee", "Rennes", 15_000_000), ("fee", "Lille", 18_000_000)}


def test_description_after_a_cue_is_the_player_just_named_in_the_sentence(extract) -> None:
    claims = extract("Everton are close to signing Dan Morley.\n\n"
                     "Leeds have been concentrating on Norwich's Tom Castell, who is also a target for Fulham, "
                     "and have seen two offers for the teenager rejected.")
    assert links(claims) == {("Dan Morley", "Everton"): "advanced", ("Tom Castell", "Leeds United"): "bid",
                             ("Tom Castell", "Fulham"): "interest"}


def test_club_inside_beat_to_lost_out_and_the_winner_is_not_off(extract) -> None:
    claims = extract("Real Madrid beat Liverpool to the signature of Karim Osei.")
    assert links(claims) == {("Karim Osei", "Liverpool"): "off"}
    assert links(extract("Real Madrid beat them all to the signature of Karim Osei.")) == {}


def test_trying_to_beat_a_rival_is_a_race_still_on(extract) -> None:
    claims = extract("Bayern Munich are working hard to beat Chelsea to the signature of Karim Osei.")
    assert links(claims) == {("Karim Osei", "Bayern Munich"): "interest", ("Karim Osei", "Chelsea"): "interest"}


def test_a_sale_that_earns_the_club_a_figure_is_a_fee_not_a_wage(extract) -> None:
    assert [c.kind for c in extract("Ajax hope the sale of Lucas Moreau will earn them up to €50m.")
            if c.type == "money"] == ["fee"]
    assert [(c.kind, c.per) for c in extract("Lucas Moreau will earn €5m a year at Lyon.")
            if c.type == "money"] == [("wage", "year")]


def test_talks_with_a_club_are_not_taken_by_a_club_named_after_it(extract) -> None:
    claims = extract("Ajax defender Finn Aldous is wanted by Celtic.\n\n"
                     "His agent met with Ajax's directors on Monday to explain his client's wish to leave for "
                     "Feyenoord.")
    assert links(claims) == {("Finn Aldous", "Celtic"): "interest"}
    assert links(extract("Feyenoord have held talks with Ajax over Finn Aldous.")) == {
        ("Finn Aldous", "Feyenoord"): "talks"}


def test_a_move_completed_months_earlier_in_the_year_is_history(extract) -> None:
    text = "Interest in Finn Aldous is curious, as Celtic snapped up Ruben Lasso in January from Hibernian."
    assert links(extract(text, published=date(2024, 5, 10))) == {}
    assert links(extract("Celtic snapped up Ruben Lasso from Hibernian.", published=date(2024, 5, 10))) == {
        ("Ruben Lasso", "Celtic"): "done"}


def test_the_club_man_is_his_club_even_when_the_sentence_names_others(extract) -> None:
    claims = extract("Luis Prado is wanted across Europe.\n\n"
                     "Porto are favourites to land the Benfica man's signature, while Sporting have turned to "
                     "Tiago Mendes.\n\nBraga have hijacked yet another Porto target, Andre Vilas.")
    got = links(claims)
    assert got[("Luis Prado", "Porto")] == "advanced"
    assert ("Luis Prado", "Benfica") not in got
    assert got[("Andre Vilas", "Porto")] == "off"  # "another Porto target": Porto's pursuit, not his club


def test_an_announcement_still_awaited_is_not_done(extract) -> None:
    claims = extract("Porto are now only awaiting official confirmation of the deal for Luis Prado.")
    assert links(claims) == {("Luis Prado", "Porto"): "advanced"}


def test_interest_told_as_background_is_no_current_link(extract) -> None:
    claims = extract("Luis Prado, who was also of interest to Braga, wants to move to Porto.")
    assert ("Luis Prado", "Braga") not in links(claims)
    claims = extract("Luis Prado had long been the subject of interest from Braga.")
    assert links(claims) == {}
    assert links(extract("Braga were keen on Luis Prado, reports say.")) == {("Luis Prado", "Braga"): "interest"}


def test_a_step_overtaken_by_what_followed_is_not_reported(extract) -> None:
    claims = extract("Porto had essentially bought Luis Prado before Braga swooped in.")
    assert links(claims).get(("Luis Prado", "Porto")) != "done"


def test_former_clubs_in_a_description_take_no_offer_and_pay_no_wage(extract) -> None:
    claims = extract("Luis Prado is out of contract at Porto next summer.\n\n"
                     "Despite their latest contract offer to the former Braga and Benfica ace being worth around "
                     "€3 million per year, he is set to leave.")
    assert ("Luis Prado", "renewal_offer") in contracts(claims)
    assert [(c.club, c.amount) for c in claims if c.type == "money"] == [("Porto", 3_000_000)]


def test_a_bid_denied_further_back_in_its_clause_is_not_made(extract) -> None:
    claims = extract("Braga are interested in Luis Prado, though they have not formalised this interest by way of "
                     "a bid.")
    assert links(claims) == {("Luis Prado", "Braga"): "interest"}


def test_a_denied_contract_step_is_not_reported(extract) -> None:
    claims = extract("Luis Prado is out of contract at Porto and is yet to agree an extension.")
    assert contracts(claims) == {("Luis Prado", "expiring")}
    claims = extract("Luis Prado has not signed a new contract at Porto.")
    assert ("Luis Prado", "renewed") not in contracts(claims)


def test_a_u_turn_over_a_move_ends_it(extract) -> None:
    claims = extract("Luis Prado has made a U-turn over his move to Porto.")
    assert links(claims) == {("Luis Prado", "Porto"): "off"}


def test_the_player_inside_a_contract_cue_is_its_subject(extract) -> None:
    claims = extract("The arrival of Tomas Krejci could be enough to convince Luis Prado to stay at Porto.")
    assert contracts(claims) == {("Luis Prado", "renewal_talks")}


def test_city_alone_is_the_one_city_club_the_article_named(extract) -> None:
    claims = extract("Luis Prado was wanted by Manchester City and Liverpool.\n\n"
                     "Liverpool and City have now pulled out of the race.")
    assert links(claims) == {("Luis Prado", "Manchester City"): "off", ("Luis Prado", "Liverpool"): "off"}
    # two "United" clubs named: "United" alone is left unread
    claims = extract("Luis Prado is wanted by Manchester United and Newcastle United.\n\nUnited have made a bid.")
    assert links(claims) == {("Luis Prado", "Manchester United"): "interest",
                             ("Luis Prado", "Newcastle United"): "interest"}


def test_a_makeweight_named_in_passing_is_not_the_target(extract) -> None:
    claims = extract("Darren Lowe is Everton's top target.\n\n"
                     "Porto are aware of Everton's interest, with Tom Castell having been offered as a potential "
                     "makeweight.")
    assert ("Tom Castell", "Everton") not in links(claims)


def test_a_cue_in_a_clause_naming_nobody_is_about_the_described_subject(extract) -> None:
    claims = extract("Luis Prado is wanted by Porto.\n\n"
                     "A bid from Braga for Tom Castell – which would fund a move for the former Benfica striker – "
                     "has yet to arrive, though an agreement with Porto has been reached.")
    got = links(claims)
    assert got[("Luis Prado", "Porto")] == "agreed"
    assert ("Tom Castell", "Porto") not in got


def test_he_is_the_player_who_opens_the_sentence(extract) -> None:
    claims = extract("Porto are close to signing Luis Prado.\n\n"
                     "Tom Castell has two years left on his Braga contract and has told the club he is keen to "
                     "join Benfica.")
    got = links(claims)
    assert got[("Tom Castell", "Benfica")] == "interest"
    assert ("Luis Prado", "Benfica") not in got


def test_a_deal_announced_subject_to_a_medical_is_agreed(extract) -> None:
    claims = extract("Porto announced the signing of Luis Prado, subject to a medical.")
    assert links(claims) == {("Luis Prado", "Porto"): "agreed"}


def test_a_club_then_the_deal_is_not_a_description(extract) -> None:
    claims = extract("Luis Prado has signed for Porto, the deal is done.")
    assert links(claims) == {("Luis Prado", "Porto"): "done"}


def test_a_contract_step_under_a_modal_is_a_possibility(extract) -> None:
    claims = extract("Luis Prado's contract at Porto runs out next year, and Porto could persuade him to stay.")
    assert contracts(claims) == {("Luis Prado", "expiring")}


def test_his_agent_named_without_a_verb_of_contact_is_no_talks(extract) -> None:
    claims = extract("That allows Porto to work their magic on Luis Prado and his representatives.")
    assert links(claims).get(("Luis Prado", "Porto")) != "talks"
    claims = extract("Porto have held talks with Luis Prado's representatives.")
    assert links(claims) == {("Luis Prado", "Porto"): "talks"}
