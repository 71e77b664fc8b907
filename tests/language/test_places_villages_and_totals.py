"""Villages the gazetteer lacks, named in ways the first rules missed, and the districts named
with them. Every sentence and every village name here is invented."""
from newslib.language import gazetteer as gz


def local(text: str) -> list[str]:
    return [h.text for h in gz.local_places(text)]


def local_values(text: str) -> dict[str, dict]:
    return {h.text: h.value for h in gz.local_places(text)}


# ----------------------------------------------------------------------------- how a village is named
def test_a_list_of_names_with_a_plural_settlement_noun():
    assert local("Rebels killed 40 people in the villages of Kavumbi and Mutoro on Monday.") == ["Kavumbi", "Mutoro"]
    assert local("The towns of Abaru, Kelemi and Sodoro were shelled.") == ["Abaru", "Kelemi", "Sodoro"]
    assert local("Rebels raided Kavumbi and Mutoro, two villages in North Kivu, on Monday.") == ["Kavumbi", "Mutoro"]
    # guards: known cities are the gazetteer's; a plural noun with no list names nothing
    assert local("Goma and Bukavu, two cities in the east, were calm.") == []
    assert local("The villages of the region were empty, and the villages of Kavumbi were not named.") == []


def test_a_name_after_its_people_in_it():
    assert local("Villagers in Kavumbi said 30 people died.") == ["Kavumbi"]
    assert local("Residents of the Kavumbi commune buried 30 people.") == ["Kavumbi"]
    # guard: a name before a noun is no place of its people ("the Darfur city of El-Fasher")
    assert "Darfur" not in local("Thousands of people in the Darfur city of El-Fasher fled.")


def test_the_city_or_the_outskirts_of_a_name():
    assert local("Gunmen killed 20 in the city of Tanvelogo in central Burkina Faso.") == ["Tanvelogo"]
    assert local("Militants shot people on the outskirts of Tanvelogo.") == ["Tanvelogo"]
    # guard: the name before 'city' is no city ('the Darfur city of El-Fasher')
    assert local("Shelling killed 9 people in the Darfur city of El-Fasher.") == []


def test_a_name_twice_with_a_weak_cue_is_a_village():
    text = ("Gunmen killed 20 people in Tanvelogo on Saturday. The army sent troops to Tanvelogo, and "
            "Tanvelogo residents buried the dead.")
    assert local(text) == ["Tanvelogo", "Tanvelogo", "Tanvelogo"]
    # guards: once is not enough; a word the text also writes in lower case; a name before a
    # harm word or a noun of people; a district
    assert local("Gunmen struck in Tanvelogo on Saturday.") == []
    assert local("Five were hurt in Parliament. Protests in Parliament went on, parliament said.") == []
    assert local("Five died in Marobi attack. Ten died in Marobi attacks.") == []
    assert local("Gunmen killed 85 people in Tudun Kaya village in Igabi council area. An Igabi resident "
                 "counted the dead in Igabi council area.")[0] == "Tudun Kaya"
    assert "Igabi" not in local("Gunmen killed 85 people in Tudun Kaya village in Igabi council area. An Igabi "
                                "resident counted the dead in Igabi council area.")


def test_spellings_of_one_village_in_an_article_are_one_place():
    values = local_values("Gunmen attacked the town of Tanvelogho on Saturday. Residents of Tanvelogho fled. "
                          "The toll in the village of Tanvelogo rose.")
    assert values["Tanvelogo"]["place"] == values["Tanvelogho"]["place"] == "Tanvelogho"


# ----------------------------------------------------------------------------- a village's district
def test_the_district_named_with_a_village_is_its_area():
    v = local_values("A jet struck a school in Lakon Mye village of Tabin Township, killing 12 people.")
    assert v["Lakon Mye"]["area"] == "Tabin"
    v = local_values("The jets bombed a ceremony in Nyaung Pin village, Kanbalu Township of Sagaing Region.")
    assert v["Nyaung Pin"]["area"] == "Kanbalu"
