"""Environmental impact of buying refurbished instead of new: the figures the pages print.

The savings are category averages for refurbished devices versus new ones, in percent; a device model's
CO₂e saved applies the greenhouse-gas saving to its manufacturing footprint (Product.footprint_kg).
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple


class Savings(NamedTuple):
    """How much less a refurbished device costs the planet than a new one, in percent."""

    greenhouse_gas: int
    raw_materials: int
    water: int
    e_waste: int


SAVINGS = Savings(greenhouse_gas=92, raw_materials=91, water=86, e_waste=89)


def co2e_saved_kg(footprint_kg: int, savings: Savings = SAVINGS) -> int:
    """Kilograms of CO₂e saved by buying refurbished a device whose new unit costs `footprint_kg` to make."""
    saved = Decimal(footprint_kg) * savings.greenhouse_gas / 100
    return int(saved.quantize(Decimal(1), ROUND_HALF_UP))
