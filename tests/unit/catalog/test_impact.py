"""The impact figures: the greenhouse-gas saving applied to a device's manufacturing footprint."""
from storefront.catalog.impact import SAVINGS, Savings, co2e_saved_kg


def test_co2e_saved_is_the_greenhouse_gas_saving_of_the_footprint_in_whole_kilograms():
    assert co2e_saved_kg(100) == 92
    assert co2e_saved_kg(80) == 74  # 73.6
    assert co2e_saved_kg(56) == 52  # 51.52
    assert co2e_saved_kg(0) == 0


def test_half_a_kilogram_rounds_up():
    assert co2e_saved_kg(25, Savings(greenhouse_gas=90, raw_materials=0, water=0, e_waste=0)) == 23  # 22.5


def test_the_savings_are_percentages_below_new():
    assert all(0 < figure < 100 for figure in SAVINGS)
    assert SAVINGS.greenhouse_gas == 92
