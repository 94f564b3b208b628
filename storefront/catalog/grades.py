"""Condition grades: one scale for every seller. Grades describe appearance only."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..i18n.jokes import lazy_joke
from ..i18n.translate import lazy_gettext as _l


@dataclass(frozen=True)
class Grade:
    code: str
    rank: int  # 0 is the best-looking
    battery_floor: int  # minimum battery health in percent a seller may list at this grade
    # Lazy strings, left out of equality and hashing (a template memo keyed by a grade would translate them).
    name: object = field(compare=False)
    rubric: object = field(compare=False)
    quip: object = field(compare=False)


GRADES = (
    Grade(
        "premium", 0, 90,
        # NOTE: condition grade name, shown on chips and buttons. Keep it one short word.
        _l("Premium"),
        # NOTE: condition grade rubric; plain and precise, no jokes (this is trust copy).
        _l("Flawless screen and body, no signs of use, genuine parts, battery at least %(floor)s %%.", floor=90),
        # BRIEF: a wink next to the rubric, max 60 characters.
        lazy_joke("Basically new, minus the plastic wrap guilt."),
    ),
    Grade(
        "excellent", 1, 85,
        # NOTE: condition grade name.
        _l("Excellent"),
        # NOTE: condition grade rubric.
        _l("Hardly any signs of wear: micro-scratches on the body invisible at 20 cm, no screen scratches."),
        # BRIEF: a wink next to the rubric, max 60 characters.
        lazy_joke("You'd need a magnifying glass. Please don't."),
    ),
    Grade(
        "good", 2, 85,
        # NOTE: condition grade name.
        _l("Good"),
        # NOTE: condition grade rubric.
        _l("Light signs of wear invisible at 50 cm, no screen scratches."),
        # BRIEF: a wink next to the rubric, max 60 characters.
        lazy_joke("Lived a little. Looks great at arm's length."),
    ),
    Grade(
        "fair", 3, 80,
        # NOTE: condition grade name.
        _l("Fair"),
        # NOTE: condition grade rubric.
        _l("Visible scratches or small dents that do not affect use; light screen scratches may show when on."),
        # BRIEF: a wink next to the rubric, max 60 characters.
        lazy_joke("Some scratches. Zero drama. Works like the day it was made."),
    ),
)

BY_CODE = {g.code: g for g in GRADES}
CODES = tuple(g.code for g in GRADES)
