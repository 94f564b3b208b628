"""Translatable names for catalog codes stored in the database (categories, colour families)."""
from ..i18n.jokes import lazy_joke
from ..i18n.translate import lazy_gettext as _l
from .grades import BY_CODE

CATEGORY_NAMES = {
    # NOTE: category name, plural, as in a shop's navigation.
    "smartphones": _l("Smartphones"),
    # NOTE: category name, plural.
    "laptops": _l("Laptops"),
    # NOTE: category name, plural.
    "tablets": _l("Tablets"),
    # NOTE: category name, plural (game consoles).
    "consoles": _l("Consoles"),
    # NOTE: category name, plural.
    "smartwatches": _l("Smartwatches"),
    # NOTE: category name, plural (headphones and earbuds).
    "headphones": _l("Headphones"),
}

CATEGORY_TAGLINES = {
    # BRIEF: one-line tease on the category tile, max 40 characters.
    "smartphones": lazy_joke("Flagships without the flagship bill."),
    # BRIEF: one-line tease on the category tile, max 40 characters.
    "laptops": lazy_joke("Work, play, procrastinate. For less."),
    # BRIEF: one-line tease on the category tile, max 40 characters.
    "tablets": lazy_joke("Big screens, small prices."),
    # BRIEF: one-line tease on the category tile, max 40 characters.
    "consoles": lazy_joke("Same games. Same high scores."),
    # BRIEF: one-line tease on the category tile, max 40 characters.
    "smartwatches": lazy_joke("Time flies. Your money doesn't."),
    # BRIEF: one-line tease on the category tile, max 40 characters.
    "headphones": lazy_joke("Silence the world, not your wallet."),
}

COLOR_FAMILIES = {
    # NOTE: colour family names, used in filters ("black", "white"…).
    "black": _l("Black"),
    "white": _l("White"),
    "grey": _l("Grey"),
    "silver": _l("Silver"),
    "gold": _l("Gold"),
    "blue": _l("Blue"),
    "green": _l("Green"),
    "red": _l("Red"),
    "pink": _l("Pink"),
    "purple": _l("Purple"),
    "yellow": _l("Yellow"),
    "orange": _l("Orange"),
    "brown": _l("Brown"),
}


KEYBOARDS = {
    # NOTE: laptop keyboard layouts in the filters and pickers.
    "azerty": _l("AZERTY (French)"),
    "qwertz": _l("QWERTZ (German)"),
    "qwerty": _l("QWERTY (US)"),
    "qwerty-uk": _l("QWERTY (UK)"),
    "qwerty-nordic": _l("QWERTY (Nordic)"),
    "jis": _l("JIS (Japanese)"),
}


def storage_label(gb: int):
    """128 → "128 GB", 1024 → "1 TB"."""
    if gb >= 1024 and gb % 1024 == 0:
        # NOTE: storage size in terabytes; the unit is written the local way (Finnish: "Tt").
        return _l("%(size)s TB", size=gb // 1024)
    # NOTE: storage size in gigabytes; the unit is written the local way (French: "Go", Finnish: "Gt").
    return _l("%(size)s GB", size=gb)

SPEC_NAMES = {
    # NOTE: names of technical specs on the product page.
    "screen": _l("Screen"),
    "display": _l("Display"),
    "chip": _l("Chip"),
    "ram": _l("Memory (RAM)"),
    "camera": _l("Camera"),
    "battery": _l("Battery"),
    "battery_life": _l("Battery life"),
    "connectivity": _l("Connectivity"),
    "ports": _l("Ports"),
    "os": _l("Operating system"),
    "noise_cancelling": _l("Noise cancelling"),
    "water_resistance": _l("Water resistance"),
}


def variant_summary(variant, grade_code: str | None = None) -> str:
    """"128 GB · Midnight · AZERTY (French)", with the grade name first when given."""
    parts = [str(BY_CODE[grade_code].name)] if grade_code else []
    if variant.storage_gb:
        parts.append(str(storage_label(variant.storage_gb)))
    parts.append(variant.color_name)
    if variant.keyboard:
        parts.append(str(KEYBOARDS.get(variant.keyboard, variant.keyboard)))
    return " · ".join(parts)
