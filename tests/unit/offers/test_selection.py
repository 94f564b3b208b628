"""Resolving a product page's picks against what is on sale."""
from types import SimpleNamespace as NS

from storefront.offers.services import Choice, select_entry

VARIANTS = [
    NS(id=1, storage_gb=128, color_name="Black", keyboard=""),
    NS(id=2, storage_gb=256, color_name="Black", keyboard=""),
    NS(id=3, storage_gb=128, color_name="Pink", keyboard=""),
]


def entry(id, variant_id, grade, price, keyboard=""):
    return NS(id=id, variant_id=variant_id, grade=grade, price=price, keyboard=keyboard)


ENTRIES = [
    entry(1, 1, "excellent", 400), entry(2, 1, "fair", 300), entry(3, 2, "excellent", 480),
    entry(4, 3, "good", 350), entry(5, 1, "premium", 460),
]


def test_no_choice_opens_on_the_cheapest_excellent_offer():
    s = select_entry(VARIANTS, ENTRIES, Choice())
    assert s.entry.id == 1 and s.exact and s.choice == Choice("excellent", 128, "Black", "")


def test_an_exact_choice_is_honoured():
    s = select_entry(VARIANTS, ENTRIES, Choice(grade="good", color="Pink"))
    assert s.entry.id == 4 and s.exact and s.choice.storage == 128


def test_an_unavailable_combination_keeps_the_ask_and_offers_the_nearest():
    s = select_entry(VARIANTS, ENTRIES, Choice(grade="fair", storage=256, color="Black"))
    assert not s.exact
    assert s.choice == Choice("fair", 256, "Black", "")
    assert s.entry.grade == "fair"  # the grade, asked first, is kept when possible


def test_the_ladder_is_the_chosen_variant_in_every_grade():
    s = select_entry(VARIANTS, ENTRIES, Choice(grade="excellent", storage=128, color="Black"))
    assert {g: (e.id if e else None) for g, e in s.ladder.items()} == {"premium": 5, "excellent": 1, "good": None, "fair": 2}


def test_availability_is_given_the_other_picks():
    s = select_entry(VARIANTS, ENTRIES, Choice(grade="excellent", storage=128, color="Black"))
    assert s.available["storage"] == {128: True, 256: True}
    assert s.available["color"] == {"Black": True, "Pink": False}
    assert s.available["grade"]["good"] is False and s.available["grade"]["fair"] is True


def test_nothing_on_sale_gives_an_empty_selection():
    s = select_entry(VARIANTS, [], Choice(grade="fair"))
    assert s.entry is None and not s.exact


def test_the_storefront_keyboard_comes_first():
    laptops = [NS(id=1, storage_gb=256, color_name="Grey", keyboard="qwerty"), NS(id=2, storage_gb=256, color_name="Grey", keyboard="azerty")]
    entries = [entry(1, 1, "excellent", 500, "qwerty"), entry(2, 2, "excellent", 520, "azerty")]
    assert select_entry(laptops, entries, Choice(), keyboard="azerty").entry.id == 2
    assert select_entry(laptops, entries, Choice(), keyboard="jis").entry.id == 1
