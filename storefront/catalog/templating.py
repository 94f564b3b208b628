"""Template helpers that turn catalog codes into translated names."""
from flask import Flask

from .grades import BY_CODE, GRADES
from .services import categories_with_counts
from .labels import CATEGORY_NAMES, CATEGORY_TAGLINES, COLOR_FAMILIES, KEYBOARDS, SPEC_NAMES, storage_label


def variant_summary(variant, grade_code: str | None = None) -> str:
    """"128 GB · Midnight · AZERTY (French)", with the grade name first when given."""
    parts = [str(BY_CODE[grade_code].name)] if grade_code else []
    if variant.storage_gb:
        parts.append(str(storage_label(variant.storage_gb)))
    parts.append(variant.color_name)
    if variant.keyboard:
        parts.append(str(KEYBOARDS.get(variant.keyboard, variant.keyboard)))
    return " · ".join(parts)


def init_app(app: Flask) -> None:
    app.add_template_global(variant_summary, "variant_summary")
    app.add_template_global(categories_with_counts, "popular_categories")
    app.add_template_global(lambda key: SPEC_NAMES.get(key, key), "spec_name")
    app.add_template_global(GRADES, "all_grades")
    app.add_template_global(lambda slug: CATEGORY_NAMES.get(slug, slug), "category_name")
    app.add_template_global(lambda slug: CATEGORY_TAGLINES.get(slug, ""), "category_tagline")
    app.add_template_global(lambda family: COLOR_FAMILIES.get(family, family), "color_family_name")
    app.add_template_global(lambda code: KEYBOARDS.get(code, code), "keyboard_name")
    app.add_template_global(storage_label, "storage_label")
    app.add_template_global(BY_CODE.__getitem__, "grade")
    app.add_template_filter(lambda codes: [BY_CODE[code] for code in codes], "grades")
