"""Words shoppers type that are filters, not model names, per language; and model aliases.

Grade and colour words become filters (grade=…, color=…); storage written any local way becomes
storage=…. Entries are folded (lower case, no accents) like the query itself.
"""

LANGUAGES = ("en", "fr", "nl", "de", "es", "it", "pt", "el", "sk", "fi", "sv", "ja")

# Grade words per language, besides the grade names themselves: a storefront's translated grade names are
# read from its catalog at search time (`search.services`) and always mean their own grade, so a
# synonym can never contradict a label ("goed" is the Dutch name of Fair, "ottimo" the Italian of Excellent).
# English words count in every storefront. Reviewed per language: each word means one grade there.
GRADE_SYNONYMS = {
    "en": {"premium": ["premium", "like new", "as new", "mint"], "excellent": ["excellent", "excellent condition"],
           "good": ["good", "good condition", "very good"], "fair": ["fair", "fair condition"]},
    "fr": {"premium": ["comme neuf"], "excellent": ["excellent", "excellent etat", "parfait etat"],
           "good": ["tres bon etat", "bon etat", "tres bon"], "fair": ["etat correct", "correct"]},
    "nl": {"premium": ["als nieuw"], "excellent": ["uitstekend"], "good": ["zeer goed"], "fair": ["goed", "redelijk"]},
    "de": {"premium": ["wie neu"], "excellent": ["hervorragend", "hervorragender zustand"], "good": ["sehr gut"],
           "fair": ["gut"]},
    "es": {"premium": ["como nuevo"], "excellent": ["excelente"], "good": ["muy bueno", "buen estado"],
           "fair": ["correcto", "aceptable"]},
    "it": {"premium": ["come nuovo"], "excellent": ["ottimo", "eccellente"], "good": ["buono", "molto buono"],
           "fair": ["discreto"]},
    "pt": {"premium": ["como novo"], "excellent": ["excelente"], "good": ["muito bom", "bom estado"],
           "fair": ["razoavel"]},
    "el": {"premium": ["σαν καινουργιο"], "excellent": ["αριστη", "αριστο"], "good": ["πολυ καλη", "πολυ καλο"],
           "fair": ["καλη", "καλο", "ικανοποιητικη"]},
    "sk": {"premium": ["ako novy"], "excellent": ["vyborny", "vyborna"], "good": ["velmi dobry", "velmi dobra"],
           "fair": ["dobry", "dobra", "uspokojivy"]},
    "fi": {"premium": ["kuin uusi"], "excellent": ["erinomainen"], "good": ["hyva", "erittain hyva"],
           "fair": ["tyydyttava"]},
    "sv": {"premium": ["som ny"], "excellent": ["utmarkt"], "good": ["mycket bra"], "fair": ["bra", "bra skick", "godtagbar"]},
    "ja": {"premium": ["プレミアム", "新品同様"], "excellent": ["極美品"], "good": ["美品"], "fair": ["良品"]},
}

# Colour words of every language (they rarely mean another colour elsewhere); a storefront's translated colour
# names are added at search time and win over these.
COLOR_WORDS = {
    "black": ["black", "noir", "noire", "zwart", "schwarz", "negro", "negra", "nero", "nera", "preto", "preta", "μαυρο",
              "cierna", "cierny", "musta", "svart", "ブラック", "黒"],
    "white": ["white", "blanc", "blanche", "wit", "weiss", "blanco", "blanca", "bianco", "bianca", "branco", "branca",
              "λευκο", "biela", "biely", "valkoinen", "vit", "ホワイト", "白"],
    "grey": ["grey", "gray", "gris", "grijs", "grau", "grigio", "cinzento", "cinza", "γκρι", "siva", "sivy", "harmaa",
             "gra", "グレー", "グレイ"],
    "silver": ["silver", "argent", "zilver", "silber", "plata", "argento", "prateado", "ασημι", "strieborna",
               "hopea", "シルバー", "銀"],
    "gold": ["gold", "goud", "oro", "dourado", "χρυσο", "zlata", "kulta", "guld", "ゴールド", "金"],
    "blue": ["blue", "bleu", "bleue", "blauw", "blau", "azul", "blu", "μπλε", "modra", "modry", "sininen", "bla",
             "ブルー", "青"],
    "green": ["green", "vert", "verte", "groen", "grun", "verde", "πρασινο", "zelena", "vihrea", "gron", "グリーン", "緑"],
    "red": ["red", "rouge", "rood", "rot", "rojo", "roja", "rosso", "rossa", "vermelho", "κοκκινο", "cervena",
            "punainen", "rod", "レッド", "赤"],
    "pink": ["pink", "rose", "roze", "rosa", "ροζ", "ruzova", "vaaleanpunainen", "ピンク"],
    "purple": ["purple", "violet", "paars", "lila", "morado", "viola", "roxo", "μωβ", "fialova", "violetti", "パープル", "紫"],
    "yellow": ["yellow", "jaune", "geel", "gelb", "amarillo", "giallo", "amarelo", "κιτρινο", "zlta", "keltainen",
               "gul", "イエロー", "黄"],
    "orange": ["orange", "oranje", "naranja", "arancione", "laranja", "πορτοκαλι", "oranzova", "oranssi", "オレンジ"],
    "brown": ["brown", "marron", "bruin", "braun", "marron", "marrone", "castanho", "καφε", "hneda", "ruskea", "brun",
              "ブラウン"],
}

KEYBOARD_WORDS = {
    "azerty": ["azerty"], "qwertz": ["qwertz"], "qwerty": ["qwerty us", "qwerty"], "qwerty-uk": ["qwerty uk"],
    "qwerty-nordic": ["qwerty nordic", "nordic"], "jis": ["jis"],
}

# Storage units as shoppers write them: GB / Go (fr) / Gt (fi); TB / To / Tt.
STORAGE_UNITS = {"gb": 1, "go": 1, "gt": 1, "g": 1, "gig": 1, "giga": 1, "tb": 1024, "to": 1024, "tt": 1024, "t": 1024}

# Names shoppers split in two: "i phone 13" means the iPhone 13.
SPLIT_NAMES = ("iphone", "ipad", "imac", "ipod", "macbook", "airpods", "playstation", "oneplus", "thinkpad")

# Query-side rewrites: what shoppers type → what model names say.
ALIASES = {
    "iph": "iphone", "ifone": "iphone", "aifon": "iphone", "αιφον": "iphone", "αϊφον": "iphone",
    "ps5": "playstation 5", "ps4": "playstation 4",
    "xsx": "xbox series x", "xss": "xbox series s", "xbx": "xbox",
    "mba": "macbook air", "mbp": "macbook pro", "macbookair": "macbook air", "macbookpro": "macbook pro",
    "tab": "galaxy tab", "airpod": "airpods",
    "アイフォン": "iphone", "アイフォーン": "iphone", "サムスン": "samsung", "ギャラクシー": "galaxy",
    "プレステ": "playstation", "プレイステーション": "playstation", "エアポッズ": "airpods", "エアーポッズ": "airpods",
    "ピクセル": "pixel", "スイッチ": "switch", "ニンテンドー": "nintendo", "任天堂": "nintendo",
    "マックブック": "macbook", "アイパッド": "ipad", "アップル": "apple", "ウォッチ": "watch", "ソニー": "sony",
    "エクスペリア": "xperia", "プロ": "pro", "ミニ": "mini", "エアー": "air", "エア": "air", "ウルトラ": "ultra",
    "プラス": "plus", "マックス": "max", "グーグル": "google", "シャオミ": "xiaomi", "ワンプラス": "oneplus",
    "スチームデック": "steam deck", "スチーム": "steam", "デック": "deck", "有機el": "oled", "アップルウォッチ": "apple watch",
    "ニンテンドースイッチ": "nintendo switch", "ライト": "lite", "ギャラクシーバッズ": "galaxy buds", "バッズ": "buds",
    "ボーズ": "bose", "ビーツ": "beats", "ガーミン": "garmin", "サーフェス": "surface", "シンクパッド": "thinkpad",
    "qc": "quietcomfort", "qc45": "quietcomfort 45", "qc35": "quietcomfort 35", "qcii": "quietcomfort ii",
}

# Words that name a category; they stay in the query as text (the documents carry them too).
CATEGORY_WORDS = {
    "smartphones": ["smartphone", "phone", "telephone", "mobile", "portable", "handy", "telefono", "movil", "cellulare",
                    "telemovel", "kannykka", "puhelin", "mobil", "mobiltelefon", "κινητο", "telefon", "スマホ", "スマートフォン"],
    "laptops": ["laptop", "notebook", "ordinateur", "pc portable", "portatil", "portatile", "kannettava", "barbar dator",
                "φορητος", "notebooky", "ノートパソコン", "ノートpc"],
    "tablets": ["tablet", "tablette", "tableta", "tablette", "surfplatta", "tabletti", "ταμπλετα", "タブレット"],
    "consoles": ["console", "konsole", "consola", "consolle", "konsoli", "konsol", "κονσολα", "konzola", "ゲーム機"],
    "smartwatches": ["smartwatch", "montre", "uhr", "reloj", "orologio", "relogio", "klocka", "kello", "ρολοι",
                     "hodinky", "スマートウォッチ", "時計"],
    "headphones": ["headphones", "earbuds", "casque", "ecouteurs", "kopfhorer", "auriculares", "cuffie", "auscultadores",
                   "hoofdtelefoon", "horlurar", "kuulokkeet", "ακουστικα", "sluchadla", "ヘッドホン", "イヤホン"],
}
