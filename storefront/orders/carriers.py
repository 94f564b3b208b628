"""The carriers a seller can pick per storefront country, and where a shopper follows a parcel.

A carrier not listed is "other": the shopper then sees the tracking number without a link.
"""
from __future__ import annotations

from urllib.parse import quote

from ..i18n.translate import lazy_gettext as _l

OTHER = "other"
# code → (name, tracking page with {number}). Names are brands: never translated.
CARRIERS = {
    "dhl": ("DHL", "https://www.dhl.com/global-en/home/tracking/tracking-parcel.html?tracking-id={number}"),
    "ups": ("UPS", "https://www.ups.com/track?tracknum={number}"),
    "dpd": ("DPD", "https://tracking.dpd.de/status/en_US/parcel/{number}"),
    "gls": ("GLS", "https://gls-group.com/track/{number}"),
    "fedex": ("FedEx", "https://www.fedex.com/fedextrack/?trknbr={number}"),
    "colissimo": ("Colissimo", "https://www.laposte.fr/outils/suivre-vos-envois?code={number}"),
    "chronopost": ("Chronopost", "https://www.chronopost.fr/tracking-no-cms/suivi-page?listeNumerosLT={number}"),
    "bpost": ("bpost", "https://track.bpost.cloud/btr/web/#/search?itemCode={number}"),
    "postnl": ("PostNL", "https://jouw.postnl.nl/track-and-trace/{number}"),
    "hermes": ("Hermes", "https://www.myhermes.de/empfangen/sendungsverfolgung/sendungsinformation#{number}"),
    "post_at": ("Österreichische Post", "https://www.post.at/s/sendungsdetails?snr={number}"),
    "correos": ("Correos", "https://www.correos.es/es/es/herramientas/localizador/envios/detalle?tracking-number={number}"),
    "poste_it": ("Poste Italiane", "https://www.poste.it/cerca/index.html#/risultati-spedizioni/{number}"),
    "brt": ("BRT", "https://www.mybrt.it/it/mybrt/my-parcels/search?parcelNumber={number}"),
    "ctt": ("CTT", "https://appserver.ctt.pt/CustomerArea/PublicArea_Detail?ObjectCodeInput={number}"),
    "an_post": ("An Post", "https://www.anpost.com/Post-Parcels/Track/History?item={number}"),
    "elta": ("ELTA", "https://itemsearch.elta.gr/en-GB/Query/Direct/{number}"),
    "sps": ("Slovenská pošta", "https://tandt.posta.sk/en/items/{number}"),
    "posti": ("Posti", "https://www.posti.fi/en/tracking#/lahetys/{number}"),
    "postnord": ("PostNord", "https://tracking.postnord.com/se/?id={number}"),
    "royal_mail": ("Royal Mail", "https://www.royalmail.com/track-your-item#/tracking-results/{number}"),
    "evri": ("Evri", "https://www.evri.com/track/parcel/{number}"),
    "usps": ("USPS", "https://tools.usps.com/go/TrackConfirmAction?tLabels={number}"),
    "yamato": ("Yamato Transport", "https://toi.kuronekoyamato.co.jp/cgi-bin/tneko?number01={number}"),
    "sagawa": ("Sagawa Express", "https://k2k.sagawa-exp.co.jp/p/web/okurijosearch.do?okurijoNo={number}"),
    "japan_post": ("Japan Post", "https://trackings.post.japanpost.jp/services/srv/search/direct?reqCodeNo1={number}"),
    "auspost": ("Australia Post", "https://auspost.com.au/mypost/track/details/{number}"),
}
# NOTE: the carrier choice for a parcel sent by a carrier not in the list.
OTHER_LABEL = _l("Another carrier")
BY_COUNTRY = {
    "FR": ("colissimo", "chronopost", "dpd", "ups", "dhl", "gls"),
    "BE": ("bpost", "postnl", "dpd", "ups", "dhl", "gls"),
    "DE": ("dhl", "dpd", "hermes", "gls", "ups"),
    "AT": ("post_at", "dhl", "dpd", "gls", "ups"),
    "ES": ("correos", "dhl", "ups", "gls", "dpd"),
    "IT": ("poste_it", "brt", "dhl", "ups", "gls"),
    "NL": ("postnl", "dhl", "dpd", "ups", "gls"),
    "PT": ("ctt", "dhl", "ups", "dpd", "gls"),
    "IE": ("an_post", "dpd", "ups", "dhl", "fedex"),
    "GR": ("elta", "dhl", "ups", "fedex"),
    "SK": ("sps", "dpd", "gls", "dhl", "ups"),
    "FI": ("posti", "dhl", "ups", "postnord"),
    "SE": ("postnord", "dhl", "ups", "dpd"),
    "GB": ("royal_mail", "dpd", "evri", "ups", "dhl"),
    "US": ("usps", "ups", "fedex", "dhl"),
    "JP": ("yamato", "sagawa", "japan_post", "dhl"),
    "AU": ("auspost", "dhl", "ups", "fedex"),
}
DEFAULT = ("dhl", "ups", "fedex", "dpd")


def choices(country: str) -> list[tuple[str, str]]:
    """(code, name) of the carriers a seller may pick for a parcel to `country`, "other" last."""
    return [(code, CARRIERS[code][0]) for code in BY_COUNTRY.get(country, DEFAULT)] + [(OTHER, str(OTHER_LABEL))]


def name(code: str) -> str:
    return CARRIERS[code][0] if code in CARRIERS else str(OTHER_LABEL)


def tracking_url(code: str, number: str) -> str | None:
    """Where the shopper follows the parcel on the carrier's site; None for another carrier."""
    if code not in CARRIERS:
        return None
    return CARRIERS[code][1].format(number=quote(number, safe=""))
