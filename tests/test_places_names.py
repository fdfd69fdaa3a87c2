"""Place names the model tags otherwise or writes with more than the name, on the real model:
a direction before a town, a particle name, a small town where the text puts a place, an acronym."""

from __future__ import annotations

from tests.test_places import place_in as _place
from tests.test_places import stage  # noqa: F401  (the fixture)


def test_a_direction_before_a_town_is_no_part_of_its_name(nlp, stage):
    place = _place(nlp, stage, "Three men were killed when gunmen attacked the group in west Baghdad.", "killed")
    assert place is not None and place.resolved_place == "Baghdad" and place.country_code == "IRQ"


def test_a_name_that_opens_with_a_particle_is_a_town_whatever_the_model_tagged_it(nlp, stage):
    place = _place(nlp, stage, "This terrorist group has killed many of our people in al-Bab.", "killed")
    assert place is not None and place.country_code == "SYR" and place.extracted_place == "al-Bab"


def test_a_small_town_is_a_place_where_the_text_puts_one(nlp, stage):
    place = _place(nlp, stage, "Croatian and Bosnian Croat troops captured Grahovo and Glamoc last Friday.", "captured")
    assert place is not None and place.country_code == "BIH"


def test_a_name_a_verb_of_ground_takes_is_a_place_the_gazetteer_lacks(nlp, stage):
    place = _place(nlp, stage, "Islamist insurgents are reportedly shelling Fuah and Kafraya.", "shelling")
    assert place is not None and place.extracted_place == "Fuah" and place.resolved_place is None


def test_an_acronym_is_no_town_that_shares_its_letters(nlp, stage):
    place = _place(nlp, stage, "The deputy director of the BIS was shot and killed on Monday.", "shot")
    assert place is None


def test_each_name_before_a_plural_settlement_noun_is_a_place_finer_than_the_one_they_are_in(nlp, stage):
    # "Korora" and "Mafa" are both towns the gazetteer knows: "villages in Mafa" does not name Mafa
    text = "Armed men raided Korora and Bulabulin villages in Mafa, killing nine people."
    place = _place(nlp, stage, text, "raided", "COERCE")
    assert place is not None and place.extracted_place == "Korora"



def test_a_village_the_gazetteer_lacks_beats_the_town_the_verb_puts_the_event_in(nlp, stage):
    text = "Government troops stormed Kfar Harun in the Hama countryside on Monday."
    place = _place(nlp, stage, text, "stormed")
    assert place is not None and place.extracted_place == "Kfar Harun"


def test_a_name_the_text_calls_a_division_is_a_place_known_or_not(nlp, stage):
    place = _place(nlp, stage, "Gunmen killed eight people in Kudaru local government area of Nasarawa State.", "killed")
    assert place is not None and place.extracted_place == "Kudaru"


def test_a_noun_s_own_name_beats_the_place_it_belongs_to_when_both_are_as_fine(nlp, stage):
    place = _place(nlp, stage, "A bomb killed four people in Lagos's Ikeja district on Monday.", "killed")
    assert place is not None and place.extracted_place == "Ikeja"


def test_a_name_ending_in_a_noun_of_a_facility_is_a_place(nlp, stage):
    place = _place(nlp, stage, "Hundreds of students protested at Kenyatta University on Monday.", "protested",
                   "PROTEST")
    assert place is not None and place.extracted_place == "Kenyatta University"


def test_a_name_after_a_comma_says_where_the_town_before_it_lies_and_does_not_replace_it(nlp, stage):
    place = _place(nlp, stage, "Gunmen killed a local chief in Ogoja, Yala LGA, on Saturday.", "killed")
    assert place is not None and place.extracted_place == "Ogoja"
