"""Template helpers that turn catalog codes into translated names."""
from flask import Flask

from .grades import BY_CODE
from .labels import CATEGORY_NAMES, CATEGORY_TAGLINES, COLOR_FAMILIES


def init_app(app: Flask) -> None:
    app.add_template_global(lambda slug: CATEGORY_NAMES.get(slug, slug), "category_name")
    app.add_template_global(lambda slug: CATEGORY_TAGLINES.get(slug, ""), "category_tagline")
    app.add_template_global(lambda family: COLOR_FAMILIES.get(family, family), "color_family_name")
    app.add_template_global(BY_CODE.__getitem__, "grade")
