# ruff: noqa: E501
"""Sentences with gold PII spans, and hard negatives (order ids, tracking numbers, timestamps, prices, model
numbers) with no spans.

Templates name a PII slot as {type} and a non-PII filler as {_name}. Values are generated (checksums valid where
the type has one: Luhn for cards, mod 97 for IBANs, the GB 11643 check digit for Chinese ids) and each span is
checked against the value that was inserted.

Span conventions: a person span is the name without an honorific ("Mr.", "Frau", "先生" stay outside); an
address span is the street part (number, street, flat) when the city and postcode follow as separate words,
which are then `location` and `zip`; a Chinese or Japanese address written as one unit (province to room) is one
`address` span; a date of birth span is the date only; a 〒 mark stays outside the zip span.
"""

from __future__ import annotations

import random
import re

from devset_common import unique

PII_TYPES = ("email", "phone", "card", "iban", "person", "address", "location", "organization", "ssn", "ip", "date_of_birth", "zip",
             "passport", "driver_licence", "cn_id", "cn_mobile")  # fmt: skip

# ---------------------------------------------------------------------------------------------------------------
FIRST_M = {
    "en": ["James", "Michael", "David", "Daniel", "Robert", "Kevin", "Aiden", "Mohammed", "Tom", "Luis"],
    "de": ["Jürgen", "Lukas", "Tobias", "Matthias", "Stefan", "Jonas"], "es": ["José", "Javier", "Alejandro", "Diego", "Pablo"],
    "fr": ["Jean-Pierre", "Nicolas", "Mathieu", "Antoine", "François"], "ru": ["Иван", "Дмитрий", "Алексей", "Сергей", "Никита"],
}  # fmt: skip
FIRST_F = {
    "en": ["Sarah", "Emily", "Jessica", "Ashley", "Olivia", "Grace", "Priya", "Chloe", "Aisha", "Mei"],
    "de": ["Anna", "Sabine", "Katrin", "Lea", "Monika", "Ursula"], "es": ["María", "Lucía", "Carmen", "Sofía", "Elena"],
    "fr": ["Camille", "Élodie", "Chloé", "Manon", "Inès"], "ru": ["Анна", "Екатерина", "Ольга", "Мария", "Татьяна"],
}  # fmt: skip
FIRST = {lang: FIRST_M[lang] + FIRST_F[lang] for lang in FIRST_M}
LAST = {
    "en": ["Johnson", "Smith", "O'Brien", "Williams", "Nguyen", "Patel", "Brown", "Garcia", "Miller", "Thompson", "Walker", "Kowalski", "Clarke", "Hughes"],
    "de": ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Schäfer", "Koch", "Richter"],
    "es": ["García López", "Martínez", "Rodríguez", "Fernández Ruiz", "Sánchez", "Pérez", "Gómez", "Díaz", "Moreno", "Jiménez"],
    "fr": ["Dubois", "Martin", "Bernard", "Lefèvre", "Moreau", "Laurent", "Girard", "Roux", "Fontaine", "Mercier"],
}  # fmt: skip
RU_LAST_M = ["Петров", "Иванов", "Соколов", "Волков", "Морозов", "Кузнецов"]
RU_LAST_F = ["Петрова", "Смирнова", "Кузнецова", "Попова", "Новикова", "Лебедева"]
ZH_NAMES = [
    "张伟",
    "王芳",
    "李娜",
    "刘洋",
    "陈静",
    "杨磊",
    "赵敏",
    "黄晓明",
    "周杰",
    "吴秀英",
    "徐子涵",
    "孙浩然",
    "马丽",
    "欧阳娜娜",
    "林小红",
]
JA_NAMES = [
    "山田太郎",
    "佐藤花子",
    "鈴木一郎",
    "高橋美咲",
    "田中健太",
    "伊藤さくら",
    "渡辺翔",
    "中村優子",
    "小林大輔",
    "加藤愛",
]
JA_NAMES_SPACED = ["山田 太郎", "佐藤 花子", "鈴木 一郎", "高橋 美咲"]
ROMAN = {"en": None, "de": ["juergen.mueller", "anna.schmidt", "t.weber", "katrin.koch"], "es": ["maria.garcia", "jlopez", "lucia.m"],
         "fr": ["jp.dubois", "camille.martin", "n.bernard"], "ru": ["ivan.petrov", "a.smirnova", "dmitry77"], "zh": ["zhangwei", "wangfang88", "lina.liu", "chenjing_sh"],
         "ja": ["yamada.taro", "hanako.s", "k.tanaka"]}  # fmt: skip
DOMAINS = {"en": ["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "hotmail.co.uk", "protonmail.com", "company.example"],
           "de": ["web.de", "gmx.de", "t-online.de", "gmail.com"], "es": ["gmail.com", "hotmail.es", "telefonica.net"], "fr": ["orange.fr", "free.fr", "laposte.net", "gmail.com"],
           "ru": ["yandex.ru", "mail.ru", "gmail.com"], "zh": ["qq.com", "163.com", "126.com", "sina.com"], "ja": ["yahoo.co.jp", "docomo.ne.jp", "gmail.com"]}  # fmt: skip

CITIES = {"en": ["London", "Chicago", "Toronto", "Sydney", "Manchester", "Boston", "Dublin", "San Francisco", "Edinburgh", "Austin", "Canada", "Ireland"],
          "de": ["Berlin", "München", "Hamburg", "Köln", "Wien", "Zürich", "Frankfurt am Main", "Österreich"],
          "es": ["Madrid", "Barcelona", "Sevilla", "Valencia", "Ciudad de México", "Buenos Aires", "Bogotá", "Argentina"],
          "fr": ["Paris", "Lyon", "Marseille", "Bordeaux", "Bruxelles", "Montréal", "Genève", "Belgique"],
          "ru": ["Москва", "Санкт-Петербург", "Казань", "Новосибирск", "Екатеринбург", "Минск", "Казахстан"],
          "zh": ["上海", "北京", "深圳", "杭州", "成都", "广州", "香港", "台北"], "ja": ["東京", "大阪", "名古屋", "福岡", "札幌", "横浜", "京都"]}  # fmt: skip
ORGS = {"en": ["Globex Logistics", "Initech", "Barclays", "Deloitte", "Northwind Traders", "St Mary's Hospital", "the University of Leeds", "Wells Fargo", "Microsoft"],
        "de": ["Siemens", "Deutsche Bank", "Sparkasse Köln", "Bosch", "Allianz", "TU München"], "es": ["Telefónica", "Banco Santander", "BBVA", "Iberdrola", "Mercadona"],
        "fr": ["BNP Paribas", "Crédit Agricole", "Renault", "la SNCF", "Carrefour"], "ru": ["Сбербанк", "Газпром", "Яндекс", "МГУ", "Тинькофф"],
        "zh": ["阿里巴巴", "腾讯", "中国银行", "华为", "招商银行", "清华大学"], "ja": ["トヨタ自動車", "三菱UFJ銀行", "ソニー", "東京大学", "楽天"]}  # fmt: skip
STREETS = {"en": ["Elm Street", "Baker Street", "Maple Avenue", "Oak Road", "High Street", "Kingsway", "Park Lane", "Sunset Boulevard", "Church Road"],
           "de": ["Hauptstraße", "Berliner Allee", "Goethestraße", "Am Markt", "Lindenweg", "Bahnhofstraße"],
           "es": ["Calle Mayor", "Avenida de la Constitución", "Calle de Alcalá", "Paseo de Gracia", "Calle Real"],
           "fr": ["rue de la Paix", "avenue Jean Jaurès", "boulevard Voltaire", "rue Victor Hugo", "place de la République"],
           "ru": ["ул. Ленина", "Тверская ул.", "пр. Мира", "ул. Гагарина", "Невский пр."]}  # fmt: skip


def person(rng: random.Random, lang: str, gender: str | None = None) -> str:
    if lang == "zh":
        return rng.choice(ZH_NAMES)
    if lang == "ja":
        return rng.choice(JA_NAMES + JA_NAMES_SPACED)
    gender = gender or rng.choice("mf")
    first = rng.choice(FIRST_M[lang] if gender == "m" else FIRST_F[lang])
    if lang == "ru":
        last = rng.choice(RU_LAST_M if gender == "m" else RU_LAST_F)
        return f"{last} {first}" if rng.random() < 0.3 else f"{first} {last}"
    last = rng.choice(LAST[lang])
    if lang == "en" and rng.random() < 0.15:
        return f"{first} {rng.choice('ABCDEJKMRT')}. {last}"
    return f"{first} {last}" if rng.random() < 0.85 else first


def email(rng: random.Random, lang: str) -> str:
    if lang == "en" or ROMAN.get(lang) is None or rng.random() < 0.3:
        first, last = rng.choice(FIRST["en"]).lower(), rng.choice(LAST["en"]).lower().replace("'", "")
        local = rng.choice(
            (
                f"{first}.{last}",
                f"{first}{last[0]}",
                f"{first[0]}{last}{rng.randrange(1, 99)}",
                f"{first}_{last}",
                f"{first}+orders",
            )
        )
    else:
        local = rng.choice(ROMAN[lang])
    value = f"{local}@{rng.choice(DOMAINS[lang])}"
    return value.upper() if rng.random() < 0.05 else value


def _d(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randrange(10)) for _ in range(n))


def phone(rng: random.Random, lang: str) -> str:
    d = lambda n: _d(rng, n)  # noqa: E731
    formats = {
        "en": [
            lambda: f"({rng.randrange(201, 989)}) 555-0{d(3)}",
            lambda: f"+1 {rng.randrange(201, 989)} 555 0{d(3)}",
            lambda: f"{rng.randrange(201, 989)}-555-0{d(3)}",
            lambda: f"+44 20 7946 0{d(3)}",
            lambda: f"07700 900{d(3)}",
            lambda: f"+44 7700 900{d(3)}",
            lambda: f"+61 4{d(2)} {d(3)} {d(3)}",
            lambda: f"{rng.randrange(201, 989)}.555.0{d(3)}",
        ],
        "de": [
            lambda: f"+49 30 {d(8)}",
            lambda: f"030 {d(8)}",
            lambda: f"0151 {d(8)}",
            lambda: f"+49 (0)89 {d(3)} {d(4)}",
            lambda: f"+43 1 {d(7)}",
        ],
        "es": [
            lambda: f"+34 6{d(2)} {d(3)} {d(3)}",
            lambda: f"6{d(2)} {d(2)} {d(2)} {d(2)}",
            lambda: f"91 {d(3)} {d(2)} {d(2)}",
            lambda: f"+52 55 {d(4)} {d(4)}",
        ],
        "fr": [
            lambda: f"+33 6 {d(2)} {d(2)} {d(2)} {d(2)}",
            lambda: f"06 {d(2)} {d(2)} {d(2)} {d(2)}",
            lambda: f"01.{d(2)}.{d(2)}.{d(2)}.{d(2)}",
            lambda: f"+32 4{d(2)} {d(2)} {d(2)} {d(2)}",
        ],
        "ru": [
            lambda: f"+7 (9{d(2)}) {d(3)}-{d(2)}-{d(2)}",
            lambda: f"8 (495) {d(3)}-{d(2)}-{d(2)}",
            lambda: f"+7 9{d(2)} {d(3)} {d(2)} {d(2)}",
            lambda: f"8-9{d(2)}-{d(3)}-{d(2)}-{d(2)}",
        ],
        "zh": [
            lambda: f"010-{d(8)}",
            lambda: f"021-{d(8)}",
            lambda: f"(0755) {d(4)} {d(4)}",
            lambda: f"+852 {d(4)} {d(4)}",
        ],
        "ja": [
            lambda: f"090-{d(4)}-{d(4)}",
            lambda: f"03-{d(4)}-{d(4)}",
            lambda: f"+81 90 {d(4)} {d(4)}",
            lambda: f"06-{d(4)}-{d(4)}",
            lambda: f"080{d(8)}",
        ],
    }
    return rng.choice(formats[lang])()


def cn_mobile(rng: random.Random, lang: str) -> str:
    prefix = rng.choice(("138", "139", "135", "186", "159", "177", "150", "188", "199", "131"))
    body = _d(rng, 8)
    shape = rng.randrange(5)
    if shape == 0:
        return f"{prefix}{body}"
    if shape == 1:
        return f"{prefix} {body[:4]} {body[4:]}"
    if shape == 2:
        return f"+86 {prefix} {body[:4]} {body[4:]}"
    if shape == 3:
        return f"{prefix}-{body[:4]}-{body[4:]}"
    return f"+86{prefix}{body}"


def _luhn_complete(partial: str) -> str:
    total = 0
    for index, char in enumerate(reversed(partial)):
        value = int(char) * (1 if index % 2 else 2)
        total += value - 9 if value > 9 else value
    return partial + str((10 - total % 10) % 10)


def card(rng: random.Random, lang: str) -> str:
    kind = rng.choice(("visa", "visa", "mc", "mc", "amex", "unionpay", "jcb", "mir"))
    prefix, length = {"visa": ("4", 16), "mc": (rng.choice(("51", "53", "55", "2221")), 16), "amex": (rng.choice(("34", "37")), 15),
                      "unionpay": ("62", 16), "jcb": ("35", 16), "mir": ("220", 16)}[kind]  # fmt: skip
    number = _luhn_complete(prefix + _d(rng, length - len(prefix) - 1))
    style = rng.choice(("space", "space", "dash", "none"))
    if kind == "amex":
        groups = [number[:4], number[4:10], number[10:]]
    else:
        groups = [number[i : i + 4] for i in range(0, len(number), 4)]
    return {"space": " ".join(groups), "dash": "-".join(groups), "none": number}[style]


_IBAN = {"DE": "8n10n", "FR": "5n5n11c2n", "ES": "4n4n2n10n", "GB": "4a6n8n", "NL": "4a10n", "IT": "1a5n5n12c", "AT": "5n11n", "BE": "3n7n2n",
         "CH": "5n12c", "PL": "8n16n"}  # fmt: skip
_IBAN_BY_LANG = {"en": ["GB", "GB", "NL", "BE"], "de": ["DE", "DE", "AT", "CH"], "es": ["ES"], "fr": ["FR", "FR", "BE"], "ru": ["DE", "PL"], "zh": ["GB", "DE"],
                 "ja": ["GB", "FR"]}  # fmt: skip


def iban(rng: random.Random, lang: str) -> str:
    country = rng.choice(_IBAN_BY_LANG[lang])
    bban = ""
    for count, kind in re.findall(r"(\d+)([nac])", _IBAN[country]):
        for _ in range(int(count)):
            if kind == "n":
                bban += str(rng.randrange(10))
            elif kind == "a":
                bban += rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
            else:
                bban += rng.choice("0123456789ABCDEFGHJKLMNPRSTUVWXYZ")
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    compact = f"{country}{98 - int(numeric) % 97:02d}{bban}"
    if rng.random() < 0.6:
        return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))
    return compact


def cn_id(rng: random.Random, lang: str) -> str:
    region = rng.choice(("110105", "310104", "440305", "330106", "510107", "420111", "320102"))
    birth = f"{rng.randrange(1955, 2006)}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}"
    body = region + birth + _d(rng, 3)
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(a) * w for a, w in zip(body, weights, strict=True)) % 11]


def ssn(rng: random.Random, lang: str) -> str:
    if lang == "en" and rng.random() < 0.25:
        return f"{rng.choice(('QQ', 'AB', 'JG', 'NE'))} {_d(rng, 2)} {_d(rng, 2)} {_d(rng, 2)} {rng.choice('ABCD')}"
    area = rng.choice([n for n in range(1, 900) if n != 666])
    return f"{area:03d}-{rng.randrange(1, 100):02d}-{rng.randrange(1, 10000):04d}"


def ip(rng: random.Random, lang: str) -> str:
    if rng.random() < 0.2:
        return f"2001:db8:{rng.randrange(4096):x}:{rng.randrange(65536):x}::{rng.randrange(65536):x}"
    first = rng.choice((81, 93, 185, 203, 198, 62, 212, 91, 112, 176, 10, 192))
    if first == 192:
        return f"192.168.{rng.randrange(0, 5)}.{rng.randrange(2, 254)}"
    return f"{first}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"


_MONTHS = {"en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
           "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
           "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
           "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
           "ru": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"]}  # fmt: skip


def date_of_birth(rng: random.Random, lang: str) -> str:
    y, m, d = rng.randrange(1940, 2007), rng.randrange(1, 13), rng.randrange(1, 29)
    if lang in ("zh", "ja"):
        return rng.choice((f"{y}年{m}月{d}日", f"{y}-{m:02d}-{d:02d}", f"{y}/{m:02d}/{d:02d}"))
    if lang == "en":
        return rng.choice(
            (
                f"{d:02d}/{m:02d}/{y}",
                f"{m}/{d}/{y}",
                f"{_MONTHS['en'][m - 1]} {d}, {y}",
                f"{d} {_MONTHS['en'][m - 1]} {y}",
                f"{y}-{m:02d}-{d:02d}",
            )
        )
    if lang == "de":
        return rng.choice((f"{d:02d}.{m:02d}.{y}", f"{d}. {_MONTHS['de'][m - 1]} {y}"))
    if lang == "es":
        return rng.choice((f"{d:02d}/{m:02d}/{y}", f"{d} de {_MONTHS['es'][m - 1]} de {y}"))
    if lang == "fr":
        return rng.choice((f"{d:02d}/{m:02d}/{y}", f"{d} {_MONTHS['fr'][m - 1]} {y}"))
    return rng.choice((f"{d:02d}.{m:02d}.{y}", f"{d} {_MONTHS['ru'][m - 1]} {y}"))


def zip_code(rng: random.Random, lang: str) -> str:
    if lang == "en":
        return rng.choice(
            (
                f"{rng.randrange(10000, 99950)}",
                f"{rng.randrange(10000, 99950)}-{_d(rng, 4)}",
                rng.choice(("SW1A 1AA", "M1 1AE", "EH1 2NG", "LS6 3QW", "B33 8TH", "W1D 4FA")),
                f"M5V {rng.randrange(1, 9)}L{rng.randrange(1, 9)}",
            )
        )
    if lang == "ja":
        return f"{rng.randrange(100, 999)}-{_d(rng, 4)}"
    if lang == "zh":
        return f"{rng.choice(('100', '200', '518', '310', '610'))}{_d(rng, 3)}"
    if lang == "ru":
        return f"{rng.choice(('101', '119', '190', '420', '630'))}{_d(rng, 3)}"
    return f"{rng.randrange(10, 99)}{_d(rng, 3)}"


def address(rng: random.Random, lang: str) -> str:
    n = rng.randrange(1, 250)
    if lang == "en":
        base = rng.choice(
            (
                f"{n} {rng.choice(STREETS['en'])}",
                f"{n}B {rng.choice(STREETS['en'])}",
                f"{n} {rng.choice(STREETS['en'])}, Apt {rng.randrange(1, 30)}{rng.choice('ABCD')}",
                f"Flat {rng.randrange(1, 20)}, {n} {rng.choice(STREETS['en'])}",
            )
        )
        return base
    if lang == "de":
        return f"{rng.choice(STREETS['de'])} {n}{rng.choice(('', '', 'a', 'b'))}"
    if lang == "es":
        return rng.choice(
            (
                f"{rng.choice(STREETS['es'])} {n}",
                f"{rng.choice(STREETS['es'])} {n}, {rng.randrange(1, 9)}º {rng.choice('ABCD')}",
            )
        )
    if lang == "fr":
        return rng.choice((f"{n} {rng.choice(STREETS['fr'])}", f"{n} bis {rng.choice(STREETS['fr'])}"))
    if lang == "ru":
        return rng.choice(
            (
                f"{rng.choice(STREETS['ru'])}, д. {n}",
                f"{rng.choice(STREETS['ru'])}, д. {n}, кв. {rng.randrange(1, 200)}",
            )
        )
    if lang == "zh":
        return rng.choice(
            (
                f"北京市朝阳区建国路{n}号",
                f"上海市浦东新区世纪大道{n}号{rng.randrange(1, 30)}楼",
                f"广东省深圳市南山区科技园南区{n}栋{rng.randrange(101, 2500)}室",
                f"杭州市西湖区文三路{n}号",
                f"成都市武侯区人民南路四段{n}号",
            )
        )
    return rng.choice(
        (
            f"東京都新宿区西新宿{rng.randrange(1, 9)}-{rng.randrange(1, 20)}-{rng.randrange(1, 30)}",
            f"大阪府大阪市北区梅田{rng.randrange(1, 4)}丁目{rng.randrange(1, 20)}番{rng.randrange(1, 30)}号",
            f"神奈川県横浜市西区みなとみらい{rng.randrange(1, 6)}-{rng.randrange(1, 9)}-{rng.randrange(1, 9)}",
        )
    )


def passport(rng: random.Random, lang: str) -> str:
    letters = "CFGHJKLMNPRTVWXYZ"
    if lang == "de":
        return "C" + "".join(rng.choice(letters + "0123456789") for _ in range(8))
    if lang == "zh":
        return rng.choice(("E", "G", "EA")) + _d(rng, 8 if rng.random() < 0.5 else 7)
    if lang == "ru":
        return f"{rng.randrange(70, 79)} {_d(rng, 7)}"
    if lang == "ja":
        return rng.choice(("TK", "TR", "MZ")) + _d(rng, 7)
    if lang == "fr":
        return f"{_d(rng, 2)}{rng.choice(letters)}{rng.choice(letters)}{_d(rng, 5)}"
    if lang == "es":
        return rng.choice(("PAA", "PAB", "AAF")) + _d(rng, 6)
    return rng.choice((_d(rng, 9), "A" + _d(rng, 8), "GB" + _d(rng, 7)))


def driver_licence(rng: random.Random, lang: str) -> str:
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    if lang == "en":
        return rng.choice(
            (
                f"{rng.choice(letters)}{_d(rng, 7)}",
                f"{rng.choice(letters)}{_d(rng, 3)}-{_d(rng, 4)}-{_d(rng, 4)}",
                "".join(rng.choice(letters) for _ in range(5))
                + _d(rng, 6)
                + "".join(rng.choice(letters + "0123456789") for _ in range(5)),
            )
        )
    if lang == "de":
        return f"B{_d(rng, 3)}{''.join(rng.choice(letters) for _ in range(3))}{_d(rng, 1)}{rng.choice(letters)}{_d(rng, 2)}"
    if lang == "fr":
        return _d(rng, 12)
    if lang == "es":
        number = _d(rng, 8)
        return number + "TRWAGMYFPDXBNJZSQVHLCKE"[int(number) % 23]
    if lang == "ru":
        return f"{_d(rng, 2)} {_d(rng, 2)} {_d(rng, 6)}"
    if lang == "ja":
        return _d(rng, 12)
    return cn_id(rng, lang)  # a Chinese licence carries the resident id number


VALUES = {"person_m": lambda r, lang: person(r, lang, "m"), "person_f": lambda r, lang: person(r, lang, "f"), "email": email, "phone": phone, "card": card, "iban": iban, "person": person, "address": address, "location": lambda r, lang: r.choice(CITIES[lang]),
          "organization": lambda r, lang: r.choice(ORGS[lang]), "ssn": ssn, "ip": ip, "date_of_birth": date_of_birth, "zip": zip_code, "passport": passport,
          "driver_licence": driver_licence, "cn_id": cn_id, "cn_mobile": cn_mobile}  # fmt: skip

# Non-PII fillers (hard negatives): never spans.
NON_PII = {
    "_order": ["AC-1002345678", "AC-2210987", "SO-2026-11873", "W-553201", "#4471902", "LM-77120", "ORD-88219034"],
    "_tracking": ["4829103375", "1Z999AA10123456784", "JD014600006871234567", "SF1234567890123", "RR123456785CN", "9405511899223197428490", "0031203577",
                  "7712849302", "LX123456789DE", "2847562910"],
    "_timestamp": ["2026-11-23 12:00:05", "2026-03-14T08:15:00Z", "23/11/2026 14:32", "2026/11/02 09:41:17", "12:00:05", "Nov 23, 2026 at 3:05 PM"],
    "_price": ["$1,299.00", "€49,99", "£7.99", "¥2,380", "4 990 ₽", "1.299,00 €", "USD 120.50", "399元", "12,000円"],
    "_model": ["X1-2000", "K7-Pro 2024", "NH-450", "SM-G991B", "A2894", "QN65Q80C", "WH-1000XM5", "V2-Lite-128"],
    "_sku": ["SKU 88-1200-334", "item 400-221-87", "part no. 5512-7734-01", "EAN 4006381333931", "ISBN 978-3-16-148410-0"],
    "_invoice": ["INV-2026-000123", "RE-2026-04417", "F2026/0932", "invoice 2026-11-00087"],
    "_flight": ["LH 441", "BA 117", "UA 901", "CA 1831", "NH 212", "SU 1404", "IB 3166"],
    "_booking": ["QX7P2L", "K9M4TZ", "AB12CD", "ZT8W3Q"],
    "_serial": ["SN: 4J2K-88H1-0PQ3", "S/N 2281-7730-9921-004", "serial C02XK1ABJGH5"],
    "_version": ["2.10.3.1", "v4.1.0", "1.0.0.27", "build 10.0.22631"],
    "_house": ["12", "27", "4a", "118", "3B"],
    "_qty": ["2", "3", "10", "24"], "_last4": ["4242", "0019", "8812", "1133"],
    "_date": ["2026-11-23", "23 November", "last Tuesday", "14/03", "Black Friday"],
    "_gift": ["GC-7781-2290-1145", "GIFT-44KD-9921"],
}  # fmt: skip

NON_PII_LANG = {
    "zh": {"_date": ["11月23日", "上周二", "2026年11月23日", "双十一"]}, "ja": {"_date": ["11月23日", "先週の火曜日", "2026年11月23日"]},
    "de": {"_date": ["3. Dezember", "letzten Dienstag", "23.11.2026"]}, "es": {"_date": ["el 3 de diciembre", "el martes pasado"]},
    "fr": {"_date": ["le 3 décembre", "mardi dernier"]}, "ru": {"_date": ["3 декабря", "в прошлый вторник"]},
}  # fmt: skip

TEMPLATES = {
    "en": [
        "Hi, I'm {person} and my email is {email}.", "You can reach me at {phone} or {email}.", "Please send the replacement to {address}, {location} {zip}.",
        "My card {card} was charged twice for order {_order}.", "The refund should go to IBAN {iban}, account holder {person}.", "Call me back on {phone} after 5pm please.",
        "This is {person} from {organization}, we ordered 40 chairs for the office.", "My date of birth is {date_of_birth} if you need it for verification.",
        "I was born on {date_of_birth}, and the account is under {email}.", "My SSN is {ssn}, the bank asked me to give it to you?", "Our public IP is {ip} and your API blocks it.",
        "Passport number {passport}, expiring next year, for the flight booking {_booking}.", "Driver's licence {driver_licence} for the car rental pick-up in {location}.",
        "Ship it to {person}, {address}, {location}, {zip}.", "Update my phone to {phone} and delete the old one.", "email: {email}\nphone: {phone}\nname: {person}",
        "I moved from {location} to {location}. New address: {address}, {zip}.", "I paid with the card ending {_last4}, full number {card}.",
        "My wife {person_f} placed the order but I'm the one calling from {phone}.", "Can you confirm the account {email} belongs to {person}?",
        "I work at {organization} and need an invoice with our address: {address}, {location} {zip}.", "Login attempts came from {ip}, which isn't me. I'm in {location}.",
        "The courier called me from {phone} but I missed it. Tracking {_tracking}.", "Name: {person}\nDOB: {date_of_birth}\nPassport: {passport}",
        "Please refund to my account {iban} instead of the card.", "My national insurance number is {ssn} — do you need that for the contract?",
        "Contact {person} at {organization} on {phone} for the delivery.", "I'm writing on behalf of my mother, {person_f}, born {date_of_birth}.",
        "my email is {email} pls update", "call {phone}", "{person} here, order {_order} is missing a part.", "The zip code on the order is wrong, it should be {zip}.",
        "Deliver to {address} — the entrance is around the back.", "Hi {person}, thanks for the quick help yesterday!", "Transfer details: {person}, {iban}, reference {_invoice}.",
        "I'm a student at {organization} in {location}, do you have a discount?", "card number: {card} exp 09/28", "I live in {location}, can you deliver this week?",
        "My colleague {person_f} will pick it up, her Chinese number is {cn_mobile}.", "Please contact my assistant at {email} or {phone}.",
        "Our office is at {address}, {location}. Ask for {person} at reception.", "The card {card} expired, please use the new one.",
        "SSN {ssn}. DOB {date_of_birth}. Please verify and unlock my account.", "IP address {ip} shows in the login history, is that your server?",
        "I'm {person}, my licence number is {driver_licence}.", "Mr. {person_m} will sign for the parcel.", "Ms {person_f} ordered this as a gift.",
    ],
    "zh": [
        "我叫{person}，手机号{cn_mobile}。", "收货地址：{address}，收件人{person}，电话{cn_mobile}。", "我的邮箱是{email}，麻烦把发票发过来。", "身份证号{cn_id}，用于实名认证。",
        "请联系{person}先生，电话{cn_mobile}。", "我在{organization}上班，需要开公司抬头的发票。", "退款请打到这张卡：{card}。", "我的出生日期是{date_of_birth}。",
        "护照号码{passport}，用于机票预订。", "我人在{location}，能送货上门吗？", "公司座机{phone}，工作日可以打。", "登录记录里有个IP {ip}，不是我本人。",
        "收件人：{person}\n电话：{cn_mobile}\n地址：{address}", "寄到{location}，邮编{zip}。", "{person}女士的订单{_order}还没发货。", "请把我的手机号改成{cn_mobile}。",
        "我是{organization}的{person}，我们要批量采购。", "实名信息：{person}，{cn_id}。", "驾驶证号{driver_licence}，租车用。", "我的银行卡号是{card}，为什么扣了两次？",
        "手机{cn_mobile}，邮箱{email}，有问题随时联系。", "生日{date_of_birth}，会员生日券怎么领？",
    ],
    "de": [
        "Ich bin {person}, meine E-Mail ist {email}.", "Bitte schicken Sie den Ersatz an {address}, {zip} {location}.", "Sie erreichen mich unter {phone}.",
        "Die Erstattung bitte auf mein Konto {iban}, Kontoinhaber {person}.", "Mein Geburtsdatum ist der {date_of_birth}.", "Ich arbeite bei {organization} und brauche eine Rechnung.",
        "Reisepassnummer {passport} für die Buchung {_booking}.", "Führerscheinnummer {driver_licence} für die Anmietung.", "Meine Kreditkarte {card} wurde doppelt belastet.",
        "Frau {person_f} nimmt das Paket an, Telefon {phone}.", "Neue Adresse: {address}, {zip} {location}.", "Ich wohne in {location}, liefern Sie dorthin?",
        "Herr {person_m} von {organization} hat die Bestellung aufgegeben.", "Die Anmeldungen kamen von der IP {ip}.", "Name: {person}\nGeb.: {date_of_birth}\nTel.: {phone}",
        "Bitte rufen Sie {person} unter {phone} an.", "IBAN: {iban}", "Meine Mail: {email}, Handy: {phone}",
    ],
    "es": [
        "Soy {person} y mi correo es {email}.", "Envíen el cambio a {address}, {zip} {location}.", "Pueden llamarme al {phone}.", "El reembolso a la cuenta {iban}, titular {person}.",
        "Mi fecha de nacimiento es {date_of_birth}.", "Trabajo en {organization} y necesito factura.", "Número de pasaporte {passport} para el vuelo.", "Mi tarjeta {card} tiene un cargo doble.",
        "Vivo en {location}, ¿hacen envíos?", "La Sra. {person_f} recogerá el paquete, teléfono {phone}.", "Nueva dirección: {address}, {zip} {location}.",
        "Mi carnet de conducir es {driver_licence}.", "Los accesos venían de la IP {ip}.", "Nombre: {person}\nTeléfono: {phone}\nCorreo: {email}", "Llamen a {person} de {organization} al {phone}.",
    ],
    "fr": [
        "Je suis {person}, mon e-mail est {email}.", "Merci d'envoyer le remplacement au {address}, {zip} {location}.", "Vous pouvez me joindre au {phone}.",
        "Le remboursement sur mon compte {iban}, titulaire {person}.", "Ma date de naissance est le {date_of_birth}.", "Je travaille chez {organization} et j'ai besoin d'une facture.",
        "Numéro de passeport {passport} pour la réservation.", "Ma carte {card} a été débitée deux fois.", "J'habite à {location}, vous livrez là-bas ?",
        "Mme {person_f} réceptionnera le colis, tél. {phone}.", "Nouvelle adresse : {address}, {zip} {location}.", "Mon numéro de permis est {driver_licence}.",
        "Les connexions venaient de l'IP {ip}.", "Nom : {person}\nTél : {phone}\nE-mail : {email}", "Appelez {person} chez {organization} au {phone}.",
    ],
    "ru": [
        "Меня зовут {person}, почта {email}.", "Отправьте замену по адресу: {address}, {location}, {zip}.", "Мой телефон {phone}.", "Верните деньги на счёт {iban}, владелец {person}.",
        "Дата рождения: {date_of_birth}.", "Я работаю в компании {organization}, нужен счёт.", "Номер загранпаспорта {passport} для бронирования.", "С карты {card} списали дважды.",
        "Я живу в городе {location}, доставите?", "Посылку получит {person}, телефон {phone}.", "Новый адрес: {address}, {location}.", "Номер водительского удостоверения {driver_licence}.",
        "Входы были с IP {ip}.", "ФИО: {person}\nТел.: {phone}\nПочта: {email}", "Позвоните {person} из {organization} по номеру {phone}.",
    ],
    "ja": [
        "{person}と申します。メールは{email}です。", "交換品は〒{zip} {address}に送ってください。", "電話番号は{phone}です。", "返金は口座{iban}にお願いします。名義は{person}です。",
        "生年月日は{date_of_birth}です。", "{organization}に勤めています。領収書が必要です。", "パスポート番号は{passport}です。", "カード{card}で二重に請求されました。",
        "{location}に住んでいます。配送できますか？", "{person}様が受け取ります。電話は{phone}です。", "新しい住所：〒{zip} {address}", "運転免許証番号は{driver_licence}です。",
        "ログイン履歴にIP {ip}があります。", "氏名：{person}\n電話：{phone}\nメール：{email}", "{organization}の{person}さんに{phone}で連絡してください。",
    ],
}  # fmt: skip

NEGATIVES = {
    "en": [
        "My order {_order} hasn't shipped yet.", "Tracking number {_tracking} shows no movement since {_timestamp}.", "The {_model} costs {_price} on your site but {_price} in the store.",
        "I need {_qty} units of {_sku}.", "Invoice {_invoice} has the wrong VAT amount.", "Flight {_flight}, booking reference {_booking}, seat 14C.", "The serial on the box is {_serial}.",
        "Firmware {_version} broke the Wi-Fi.", "The parcel was left at number {_house}, not mine.", "The card ending in {_last4} was declined.", "Error logged at {_timestamp}: payment timeout.",
        "Can I return the {_model} I bought on {_date}?", "Order {_order} and tracking {_tracking}.", "My gift card {_gift} shows a zero balance.", "Price shows {_price}, total with shipping {_price}.",
        "Ticket #58213 was closed without an answer.", "Room 1204, check-in {_date}.", "The X1-2000 and the X1-3000 look the same, what's the difference?", "Please cancel {_order}.",
        "I was charged {_price} at {_timestamp} for {_invoice}.", "The package weighs 2.5 kg and is 40 x 30 x 20 cm.", "Part {_sku} is missing from the box.",
        "It says error code 0x80070005 when I install the app.", "Delivered at {_timestamp} according to tracking {_tracking}.", "My loyalty number is 0012-3344 and I have 2,380 points.",
        "Hi, I have a question about my refund.", "hello, is the blue version in stock?", "Your code is 482913, it expired before I could use it.",
        "Customer number 10023847, I can't see my invoices.", "Gate B12, boarding 10:40, flight {_flight} — will I make the connection?",
        "Call reference 2026-000123 from yesterday, nobody called back.", "I ordered on 10/11/2025 and it still says pending.", "It's 3 x {_model} at {_price} each.",
    ],
    "zh": ["订单{_order}还没发货。", "运单号{_tracking}一直没更新。", "{_model}官网卖{_price}，门店贵多了。", "发票{_invoice}税额不对。", "航班{_flight}，订单号{_booking}。",
           "{_timestamp}下的单，到现在没消息。", "产品序列号{_serial}。", "固件{_version}升级后连不上网。", "尾号{_last4}的卡支付失败。", "我想退{_date}买的{_model}。"],
    "de": ["Bestellung {_order} ist noch nicht verschickt.", "Sendungsnummer {_tracking} bewegt sich seit {_timestamp} nicht.", "Der {_model} kostet {_price}.",
           "Rechnung {_invoice} hat den falschen Betrag.", "Flug {_flight}, Buchungscode {_booking}.", "Das Paket wurde bei Hausnummer {_house} abgegeben.", "Firmware {_version} macht Probleme."],
    "es": ["El pedido {_order} no ha salido.", "El número de seguimiento {_tracking} no se mueve desde {_timestamp}.", "El {_model} cuesta {_price}.", "La factura {_invoice} está mal.",
           "Vuelo {_flight}, localizador {_booking}.", "La tarjeta que termina en {_last4} fue rechazada."],
    "fr": ["La commande {_order} n'est pas partie.", "Le suivi {_tracking} ne bouge plus depuis {_timestamp}.", "Le {_model} coûte {_price}.", "La facture {_invoice} est erronée.",
           "Vol {_flight}, référence {_booking}.", "Le colis a été laissé au numéro {_house}."],
    "ru": ["Заказ {_order} ещё не отправлен.", "Трек-номер {_tracking} не обновляется с {_timestamp}.", "{_model} стоит {_price}.", "В счёте {_invoice} ошибка.",
           "Рейс {_flight}, код брони {_booking}.", "Карта с последними цифрами {_last4} отклонена."],
    "ja": ["注文{_order}がまだ発送されていません。", "追跡番号{_tracking}が{_timestamp}から更新されていません。", "{_model}は{_price}です。", "請求書{_invoice}の金額が違います。",
           "便名{_flight}、予約番号{_booking}。", "シリアル番号は{_serial}です。"],
}  # fmt: skip


CONTEXT = {
    "en": ["Hi there.", "Sorry to bother you again.", "My parcel still hasn't arrived and I'm getting worried.", "I need to update a few details on my account.",
           "Thanks for getting back to me so quickly.", "This is about the return I started last week.", "Let me know if you need anything else."],
    "zh": ["你好。", "不好意思又来打扰。", "我的快递还没到，有点着急。", "我想更新一下账户信息。", "谢谢你这么快回复。"],
    "de": ["Hallo zusammen.", "Entschuldigung für die erneute Nachricht.", "Mein Paket ist immer noch nicht da.", "Ich muss ein paar Daten ändern."],
    "es": ["Hola.", "Perdón por escribir otra vez.", "Mi paquete sigue sin llegar.", "Necesito actualizar algunos datos."],
    "fr": ["Bonjour.", "Désolé de vous relancer.", "Mon colis n'est toujours pas arrivé.", "Je dois mettre à jour quelques informations."],
    "ru": ["Здравствуйте.", "Извините, что снова пишу.", "Посылка так и не пришла.", "Нужно обновить данные в профиле."],
    "ja": ["こんにちは。", "何度もすみません。", "荷物がまだ届きません。", "登録情報を更新したいです。"],
}  # fmt: skip


def _render(rng: random.Random, template: str, lang: str) -> dict:
    text, spans, cursor = "", [], 0
    # Some people type everything in lower case, names and postcodes included.
    case = str.lower if lang in ("en", "de", "es", "fr", "ru") and rng.random() < 0.12 else str
    for match in re.finditer(r"\{(_?[a-z_]+)\}", template):
        text += case(template[cursor : match.start()])
        name = match.group(1)
        if name.startswith("_"):
            text += case(rng.choice(NON_PII_LANG.get(lang, {}).get(name, NON_PII[name])))
        else:
            value = case(VALUES[name](rng, lang))
            start = len(text)
            text += value
            spans.append(
                {"start": start, "end": len(text), "type": name.split("_")[0] if name.startswith("person") else name}
            )
            assert text[start : len(text)] == value
        cursor = match.end()
    text += case(template[cursor:])
    return {"text": text, "lang": lang, "spans": spans}


def generate(rng: random.Random) -> list[dict]:
    rows = []
    for lang, templates in TEMPLATES.items():
        for template in templates:
            for _ in range(4 if lang == "en" else 3):
                sep = "" if lang in ("zh", "ja") else " "
                shape, wrapped = rng.random(), template
                if shape < 0.15:
                    wrapped = rng.choice(CONTEXT[lang]) + sep + template
                elif shape < 0.25:
                    wrapped = template + sep + rng.choice(CONTEXT[lang])
                rows.append(_render(rng, wrapped, lang))
    for lang, templates in NEGATIVES.items():
        for template in templates:
            for _ in range(3 if lang == "en" else 2):
                rows.append(_render(rng, template, lang))
    rows = unique(rows)
    for row in rows:  # the self-check: every span slices to what was inserted, in bounds, without overlap
        last = 0
        for span in row["spans"]:
            assert 0 <= last <= span["start"] < span["end"] <= len(row["text"]), row
            last = span["end"]
    return rows
