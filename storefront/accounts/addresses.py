"""Postal addresses per country: which fields, in which order, and how to check them."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..i18n.translate import lazy_gettext as _l

US_STATES = ["AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY"]
AU_STATES = ("ACT", "NSW", "NT", "QLD", "SA", "TAS", "VIC", "WA")
JP_PREFECTURES = ["北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県"]

POSTCODES = {
    "FR": r"\d{5}", "DE": r"\d{5}", "ES": r"\d{5}", "IT": r"\d{5}", "FI": r"\d{5}", "BE": r"\d{4}", "AT": r"\d{4}",
    "AU": r"\d{4}", "NL": r"\d{4} ?[A-Z]{2}", "PT": r"\d{4}-\d{3}", "SE": r"\d{3} ?\d{2}", "GR": r"\d{3} ?\d{2}",
    "SK": r"\d{3} ?\d{2}", "US": r"\d{5}(-\d{4})?", "JP": r"\d{3}-?\d{4}",
    "IE": r"[AC-FHKNPRTV-Y]\d{2}|D6W ?[0-9AC-FHKNPRTV-Y]{4}|[AC-FHKNPRTV-Y]\d{2} ?[0-9AC-FHKNPRTV-Y]{4}",
    "GB": r"(GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})",
}

LABELS = {
    # NOTE: address form field labels.
    "name": _l("Full name"),
    "line1": _l("Street and number"),
    "line2": _l("Apartment, floor (optional)"),
    "postcode": _l("Postcode"),
    "city": _l("City"),
    "region": _l("Region"),
    "phone": _l("Phone (for the courier)"),
}
REGION_LABELS = {"US": _l("State"), "AU": _l("State or territory"), "JP": _l("Prefecture")}
POSTCODE_LABELS = {"US": _l("ZIP code"), "IE": _l("Eircode"), "JP": _l("Postal code")}
# An empty required field says which one is missing (never "doesn't look like …": nothing was typed).
REQUIRED = {
    # NOTE: shown under an address field left empty.
    "name": _l("Please enter the recipient's full name."),
    "line1": _l("Please enter the street and number."),
    "postcode": _l("Please enter the postcode."),
    "city": _l("Please enter the city."),
    "region": _l("Please choose the region."),
    "phone": _l("Please enter a phone number for the courier."),
}
REGION_REQUIRED = {"US": _l("Please choose the state."), "AU": _l("Please choose the state or territory."),
                   "JP": _l("Please choose the prefecture.")}
POSTCODE_REQUIRED = {"US": _l("Please enter the ZIP code."), "IE": _l("Please enter the Eircode."),
                     "JP": _l("Please enter the postal code.")}


@dataclass(frozen=True)
class AddressFormat:
    country: str
    order: tuple[str, ...]  # fields in the order the country writes them
    regions: tuple[str, ...] = ()

    def label(self, field: str):
        if field == "region":
            return REGION_LABELS.get(self.country, LABELS["region"])
        if field == "postcode":
            return POSTCODE_LABELS.get(self.country, LABELS["postcode"])
        return LABELS[field]

    def required(self, field: str):
        """What an empty `field` says."""
        if field == "region":
            return REGION_REQUIRED.get(self.country, REQUIRED["region"])
        if field == "postcode":
            return POSTCODE_REQUIRED.get(self.country, REQUIRED["postcode"])
        return REQUIRED[field]


WESTERN = ("name", "line1", "line2", "postcode", "city", "phone")


def address_format(country: str) -> AddressFormat:
    if country == "US":
        return AddressFormat("US", ("name", "line1", "line2", "city", "region", "postcode", "phone"), tuple(US_STATES))
    if country == "AU":
        return AddressFormat("AU", ("name", "line1", "line2", "city", "region", "postcode", "phone"), AU_STATES)
    if country == "JP":  # 〒 postcode, prefecture, city, then street: the Japanese order
        return AddressFormat("JP", ("postcode", "region", "city", "line1", "line2", "name", "phone"), tuple(JP_PREFECTURES))
    if country in ("GB", "IE"):
        return AddressFormat(country, ("name", "line1", "line2", "city", "postcode", "phone"))
    return AddressFormat(country, WESTERN)


OPTIONAL = {"line2"}
MAX_LENGTH = 120


def validate(country: str, data) -> tuple[dict, dict]:
    """Clean and check an address for `country`; returns (fields, errors by field). Never raises."""
    fmt = address_format(country)
    fields, errors = {}, {}
    for name in fmt.order:
        value = " ".join(str(data.get(name, "") or "").split())[:MAX_LENGTH]
        fields[name] = value
        if not value and name not in OPTIONAL:
            errors[name] = fmt.required(name)
    postcode = fields.get("postcode", "").upper()
    fields["postcode"] = postcode
    if postcode and not re.fullmatch(POSTCODES.get(country, r"[A-Z0-9 -]{2,10}"), postcode):
        errors["postcode"] = _l("This doesn't look like a postcode from this country.")
    if fmt.regions and fields.get("region") and fields["region"] not in fmt.regions:
        errors["region"] = _l("Please choose from the list.")
    phone = fields.get("phone", "")
    if phone and not re.fullmatch(r"\+?[\d ()./-]{6,20}", phone):
        errors["phone"] = _l("Digits, spaces and + only, please.")
    return fields, errors


def lines(country: str, fields: dict) -> list[str]:
    """The address as the country prints it on a parcel: a few lines ("New York, NY 10001"), empty fields left
    out; the phone last. The country's name is the caller's to add."""
    f = {name: str(fields.get(name) or "") for name in ("name", "line1", "line2", "postcode", "city", "region", "phone")}

    def join(*parts: str, sep: str = " ") -> str:
        return sep.join(part for part in parts if part)

    if country == "US":
        printed = [f["name"], f["line1"], f["line2"], join(f["city"], join(f["region"], f["postcode"]), sep=", ")]
    elif country == "AU":
        printed = [f["name"], f["line1"], f["line2"], join(f["city"], f["region"], f["postcode"])]
    elif country == "JP":  # 〒 postcode, then prefecture, city and street as one run, then the name
        printed = [join("〒", f["postcode"], sep="") if f["postcode"] else "",
                   join(f["region"], f["city"], f["line1"], sep=""), f["line2"], f["name"]]
    elif country in ("GB", "IE"):  # the post town and the postcode on lines of their own
        printed = [f["name"], f["line1"], f["line2"], f["city"], f["postcode"]]
    else:
        printed = [f["name"], f["line1"], f["line2"], join(f["postcode"], f["city"])]
    return [line for line in [*printed, f["phone"]] if line]
