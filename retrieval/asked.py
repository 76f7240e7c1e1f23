"""What a customer's question asks: the attribute (its terms) and the kinds of value that answer it.

"How long do I have to return an item?" asks about {return} and is answered by a duration; "支持七天无理由退货吗？"
asks about {return} and is answered yes or no. Terms are concepts, so English and Chinese words for one thing
meet (return = 退货 = send back), and the conflict check compares only the sentences that answer this.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from interlock.retrieval.lexical import tokenize
from interlock.retrieval.polarity import DEFAULT_LEXICON
from interlock.text.normalize import normalize_for_matching

# Concept -> the words (English stems, Chinese words) that name it. Editable data; a word names one concept.
CONCEPTS = {
    "return": ["return", "returned", "returning", "send back", "退货", "退回", "退换", "退换货", "寄回", "退"],
    "refund": ["refund", "refunded", "refunds", "money back", "退款", "退钱", "返还"],
    "exchange": ["exchange", "swap", "换货", "更换", "调换"],
    "warranty": ["warranty", "guarantee", "保修", "质保", "保修期", "保固"],
    # Customers say shipping and delivery for the same thing.
    "shipping": ["shipping", "ship", "shipped", "postage", "运费", "邮费", "包邮", "配送费", "免运费", "delivery",
                 "deliver", "delivered", "送达", "到货", "配送", "送货", "发货", "快递"],
    "arrival": ["arrive", "arrival", "arrives", "签收", "收货", "收到"],
    "support": ["support", "customer service", "service desk", "helpdesk", "help desk", "agent", "客服", "人工客服",
                "服务"],
    "weekend": ["weekend", "weekends", "saturday", "sunday", "周末", "周六", "周日", "星期六", "星期日", "双休日"],
    "holiday": ["holiday", "holidays", "节假日", "假日", "节日", "法定节假日"],
    "price": ["price", "prices", "cost", "costs", "priced", "售价", "价格", "价钱", "多少钱", "定价"],
    "fee": ["fee", "fees", "charge", "charged", "surcharge", "手续费", "费用", "收费"],
    "phone": ["phone", "telephone", "hotline", "call", "电话", "热线", "号码"],
    "email": ["email", "e-mail", "mail", "邮箱", "电子邮件", "邮件"],
    "order": ["order", "orders", "订单"],
    "cancel": ["cancel", "cancelled", "canceled", "cancellation", "取消", "退订"],
    "opened": ["opened", "unsealed", "unboxed", "拆封", "已拆封", "开封", "拆开"],
    "unused": ["unused", "unopened", "sealed", "未使用", "未拆封", "全新"],
    "final_sale": ["final-sale", "final sale", "clearance", "特价", "清仓", "特价清仓"],
    "gift_card": ["gift card", "gift cards", "gift-card", "voucher", "礼品卡", "购物卡"],
    "store": ["store", "stores", "shop", "branch", "门店", "实体店", "店铺"],
    "online": ["online", "website", "web", "app", "线上", "网上", "官网"],
    "international": ["international", "internationally", "abroad", "overseas", "worldwide", "国际", "海外", "境外"],
    "installation": ["installation", "install", "installed", "setup", "安装"],
    "repair": ["repair", "repairs", "fix", "维修", "修理"],
    "battery": ["battery", "batteries", "电池"],
    "membership": ["member", "members", "membership", "会员"],
    "points": ["points", "point", "积分"],
    "invoice": ["invoice", "invoices", "receipt", "发票", "收据"],
    "purchase": ["purchase", "purchased", "buy", "bought", "售出", "购买", "购买后", "下单"],
    "payment": ["payment", "pay", "paid", "付款", "支付"],
    "cash_on_delivery": ["cash on delivery", "cod", "货到付款"],
    "pickup": ["pickup", "pick up", "pick-up", "collect", "自提", "到店自提"],
    "hours": ["hours", "opening hours", "open hours", "营业时间", "服务时间"],
    "discount": ["discount", "off", "sale", "coupon", "折扣", "优惠", "打折", "优惠券"],
    "student": ["student", "students", "学生"],
    "trial": ["trial", "try", "试用"],
    "subscription": ["subscription", "subscribe", "plan", "订阅", "套餐"],
    "day": ["day", "days", "天", "日"],
    "window": ["window", "period", "deadline", "time limit", "期限", "时限", "时效", "有效期"],
    "processing": ["process", "processed", "processing", "处理", "到账", "审核"],
    "price_match": ["price match", "price matching", "价格保护", "保价"],
    "headphones": ["headphones", "headphone", "earbuds", "耳机"],
    "laptop": ["laptop", "notebook", "笔记本", "笔记本电脑"],
    "phone_device": ["smartphone", "手机"],
    "reason": ["reason", "理由", "原因"],
    "damaged": ["damaged", "broken", "defective", "faulty", "损坏", "破损", "故障", "质量问题"],
    "checkin": ["check-in", "checkin", "check in", "值机", "登机手续"],
    "baggage": ["baggage", "luggage", "bag", "bags", "行李", "托运"],
    "pet": ["pet", "pets", "dog", "dogs", "cat", "宠物"],
    "parking": ["parking", "停车"],
    "wifi": ["wifi", "wi-fi", "internet", "无线网络", "网络"],
    "breakfast": ["breakfast", "早餐"],
    "smoking": ["smoking", "smoke", "吸烟", "抽烟"],
    # Encyclopedic attributes: the words a question and a passage use for one fact.
    "height": ["tall", "tallest", "height", "high", "highest", "elevation", "altitude", "高", "高度", "海拔", "多高"],
    "length": ["length", "longest", "全长", "长度"],
    "depth": ["depth", "deep", "deepest", "深", "水深", "多深"],
    "width": ["width", "wide", "widest", "breadth", "宽", "宽度", "宽约"],
    "begin": ["begin", "began", "begun", "start", "started", "开业", "开通", "通车"],
    "found": ["found", "founded", "established", "set up", "formed", "成立", "创办", "建立", "创立"],
    "build": ["built", "build", "completed", "constructed", "建成", "竣工", "建造"],
    "born": ["born", "birth", "出生", "生于"],
    "die": ["die", "died", "death", "去世", "逝世"],
    "people": ["people", "population", "residents", "inhabitants", "人口", "居民"],
    "floor": ["floor", "floors", "storey", "storeys", "stories", "层"],
    "employee": ["employee", "employees", "staff", "workers", "employed", "员工", "职工"],
    "close_down": ["closed down", "stopped", "ceased", "停运", "停产"],
}  # fmt: skip
# Words that say nothing about which attribute is meant.
STOPWORDS = frozenset(
    str.split(
    "a an and are as at be been by can could did do does for from has have how i if in is it its me my of on or "
    "our please should so than that the their them there these they this those to us was we what when where which "
    "who why will with would you your yours any all also just about get got tell know want need much many long "
    "soon item items product products thing things customer customers there's what's it's i'm we're you're here "
    "able allowed may might must shall am per each every own same other such only then them now hi hello thanks "
    "take takes took taken make makes made give gives gave come comes came go goes went "
    "我 我们 你 你们 的 了 吗 呢 吧 啊 是 在 有 和 与 及 或 就 都 也 还 要 会 能 可 可以 请问 "
    "请 一下 什么 怎么 怎样 如何 多少 几 多久 哪 哪些 哪个 这 那 个 商品 产品 东西 貌似 您 贵 "
    "店 公司 之 后 内 起 为 对 把 被 给 让 从 到 于 上 下 一经 均 将 所有 全部"
    )
)  # fmt: skip

KINDS = ("duration", "money", "percent", "date", "year", "measure", "count", "phone", "email", "url", "yes_no")
# Cues (in folded text) that a question asks for a kind of value.
_KIND_CUES: dict[str, tuple[str, ...]] = {
    "duration": ("how long", "how many days", "how many weeks", "how many hours", "how many months",
                 "how many years", "how many business days", "how soon", "how quickly", "window", "period",
                 "deadline", "time limit", "多久", "多长时间", "几天", "多少天", "几个工作日", "几个月", "几年",
                 "期限", "时限", "时效", "多少个工作日", "几小时", "多少小时", "保修期", "多长", "life expectancy",
                 "how old", "多大年纪", "享年"),
    "money": ("how much", "price", "cost", "fee", "charge", "多少钱", "价格", "价钱", "费用", "售价", "运费",
              "收费多少", "贵", "budget", "revenue", "minimum order", "满多少"),
    "percent": ("discount", "percent", "%", "折扣", "几折", "优惠多少", "rate", "percentage", "what share",
                "覆盖率", "比例", "占比"),
    "date": ("what date", "which date", "which day", "when does", "when do", "when will", "when is", "start date",
             "end date", "哪天", "什么时候", "日期", "几号", "截止", "when did", "when was", "when were"),
    "year": ("what year", "which year", "since when", "founded", "哪一年", "哪年", "成立", "when did", "when was",
             "when were", "and when", "什么时候"),
    "measure": ("how tall", "how high", "height", "elevation", "how long is", "length", "how deep", "depth",
                "area", "how far", "distance", "wingspan", "speed", "how fast", "rainfall", "weigh", "how heavy",
                "多高", "高多少", "全长", "多深", "水深", "面积", "海拔", "多远", "距离", "多重"),
    "count": ("how many", "几个", "多少个", "几次", "多少次", "几家", "多少家", "几件", "多少件", "population",
              "capacity", "多少名", "多少枚", "多少栋", "多少座", "多少人", "人口", "多少条", "多少所"),
    "phone": ("phone", "number", "call", "hotline", "support line", "telephone", "电话", "热线", "号码", "致电"),
    "email": ("email", "e-mail", "mail", "write to", "邮箱", "邮件", "where can i", "where do i"),
    "url": ("website", "link", "url", "web page", "webpage", "网址", "链接", "网站", "where can i", "where do i"),
}  # fmt: skip
_AMOUNT_TOKEN = re.compile(r"^(?:[0-9][0-9.,:]*|[零〇一二两三四五六七八九十百]+)[a-z天日周年月个件次%]*$")
_UNIT_CONCEPTS = frozenset({"day", "week", "hour", "month", "year", "minute", "business", "周", "年", "月", "小时"})
_TIME_UNITS = ("day", "week", "hour", "month", "year", "business day", "minute")
_YES_NO_START = re.compile(
    r"^(?:(?:hi|hello|and|so|also|but|ok|okay)[, ]+)?(?:can|could|do|does|did|is|are|will|would|may|should|shall|"
    r"have|has|am|was|were)\b|\b(?:is it possible|am i able|are you able)\b"
)
_YES_NO_ZH = ("吗", "能不能", "可不可以", "是否", "有没有", "支不支持", "是不是", "能否", "可否", "行不行",
              "提不提供", "包不包邮", "允不允许")  # fmt: skip
_WORD_CONCEPT = {w: concept for concept, words in CONCEPTS.items() for w in words}
# Multi-word English names are replaced by one token before tokenizing ("gift card" -> "giftcardconcept").
_PHRASES = sorted(((w, c.replace("_", "") + "concept") for c, words in CONCEPTS.items() for w in words
                   if w.isascii() and (" " in w or "-" in w)), key=lambda p: (-len(p[0]), p[0]))  # fmt: skip
_WORD_CONCEPT |= {token: _WORD_CONCEPT[phrase] for phrase, token in _PHRASES}
_PHRASE_OF = dict(sorted((token, phrase) for phrase, token in _PHRASES))


def _stem(word: str) -> str:
    if not word.isascii() or len(word) <= 3:
        return word
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if suffix == "es" and not word.endswith(("ses", "xes", "zes", "ches", "shes")):
            continue  # "times" is "time" + s
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: -len(suffix)] + keep
            break
    # "approve" and "approved", "time" and "times" meet: a final e is dropped after stemming.
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


_CJK_WORDS = sorted((w for w in _WORD_CONCEPT if not w.isascii() and len(w) >= 2), key=len, reverse=True)


@lru_cache(maxsize=65536)
def _concepts(token: str) -> tuple[str, ...]:
    if token in _WORD_CONCEPT:
        return (_WORD_CONCEPT[token],)
    if not token.isascii():
        # A compound jieba keeps whole ("客服热线") names the concepts of the words inside it.
        inside = tuple(sorted({_WORD_CONCEPT[w] for w in _CJK_WORDS if w in token}))
        return inside or (token,)
    for candidate in _inflections(token):
        if candidate in _WORD_CONCEPT:
            return (_WORD_CONCEPT[candidate],)
    return (_stem(token),)


def _inflections(word: str) -> list[str]:
    """The word without its English inflection, every plausible way ("exchanges" -> "exchange", "priced" -> "price")."""
    found = []
    for suffix, keeps in (("ies", ("y",)), ("es", ("", "e")), ("s", ("",)), ("ing", ("", "e")), ("ed", ("", "e")),
                          ("d", ("",)), ("ly", ("",)), ("ally", ("al",))):  # fmt: skip
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            found += [word[: -len(suffix)] + keep for keep in keeps]
    return found


def tokens(folded: str) -> list[str]:
    """Tokens of folded text: multi-word concept phrases joined, hyphenated words split ("non-refundable")."""
    for phrase, token in _PHRASES:
        if phrase in folded:
            folded = re.sub(rf"(?<![a-z]){re.escape(phrase)}(?![a-z])", f" {token} ", folded)
    out: list[str] = []
    for token in tokenize(folded):
        out.extend(token.split("-") if "-" in token else [token])
    return _join_cjk(out)


def _join_cjk(words: list[str]) -> list[str]:
    """Adjacent Chinese words that together name a concept ("礼品" "卡" -> "礼品卡") become one token."""
    joined: list[str] = []
    i = 0
    while i < len(words):
        for size in (3, 2):
            group = "".join(words[i : i + size])
            if len(words) - i >= size and not group.isascii() and group in _WORD_CONCEPT:
                joined.append(group)
                i += size
                break
        else:
            joined.append(words[i])
            i += 1
    return joined


def _is_amount(token: str) -> bool:
    return bool(_AMOUNT_TOKEN.match(token))


def terms(words: list[str], ignore: frozenset[str] = frozenset()) -> frozenset[str]:
    """The concepts named by these tokens, without stopwords, amounts, units and the `ignore` words (polarity)."""
    return frozenset(
        concept for t in words
        if t not in STOPWORDS and t not in ignore and t.strip() and not _is_amount(t)
        for concept in _concepts(t) if concept not in _UNIT_CONCEPTS
    )  # fmt: skip


_QUESTION_WORDS = frozenset({"number", "policy", "rule", "rules", "政策", "规定"})


# One pattern per kind: its English cues as whole words, its Chinese ones anywhere.
_KIND_PATTERNS = {
    kind: re.compile("|".join(
        [rf"(?<![a-z]){re.escape(c)}(?![a-z])" for c in cues if c.isascii()]
        + [re.escape(c) for c in cues if not c.isascii()]
    ))
    for kind, cues in _KIND_CUES.items()
}  # fmt: skip


@dataclass(frozen=True)
class Asked:
    attribute: str  # the question's content words, for the record
    terms: frozenset[str]
    kinds: tuple[str, ...]  # value kinds that answer it; "yes_no" for a yes/no question; empty: not said
    names: frozenset[str] = frozenset()  # what the question is about by name ("halvorsen", "bridge"), folded
    said: frozenset[str] = frozenset()  # polarity words that name what is asked ("close" in "when did X close?")
    # An all-lowercase question's words that may be names: they are, where the evidence writes them capitalized.
    loose: frozenset[str] = frozenset()
    years: frozenset[str] = frozenset()  # years the question names ("in 2015"): the time of the asked fact

    @property
    def attribute_terms(self) -> frozenset[str]:
        """The terms that name what is asked about the subject: the question's terms less its names'."""
        return self.terms - terms(sorted(self.names))


_NAME = re.compile(r"\b[A-Z][A-Za-z0-9]*(?:[-'][A-Za-z0-9]+)*")
_NOT_NAMES = frozenset({"i", "the", "a", "an", "it", "its", "he", "she", "his", "her", "they", "their", "there",
                        "this", "that", "these", "those", "in", "on", "at", "by", "of", "for", "from", "to",
                        "after", "before", "between", "since", "until", "during", "about", "over", "only", "some",
                        "and", "but", "or", "as", "when", "while", "with", "we", "our", "you", "your", "what",
                        "which", "who", "how", "is", "are", "was", "were", "do", "does", "did", "can", "could",
                        "will", "would", "may", "all", "most", "both", "each", "one", "two", "three",
                        "four", "five", "six", "seven", "eight", "nine", "ten", "no", "not", "if", "so", "also",
                        "then", "here", "where", "why", "has", "have", "had", "be", "been", "many", "much",
                        "more", "less", "few", "under", "around", "near", "among", "within", "without", "monday",
                        "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mondays", "tuesdays",
                        "wednesdays", "thursdays", "fridays", "saturdays", "sundays", "january", "february",
                        "march", "april", "june", "july", "august", "september", "october", "november",
                        "december", "i'm", "i've", "i'd", "i'll", "hi", "hello", "hey", "thanks", "please",
                        "ok", "okay", "dear", "sorry"})  # fmt: skip


def _question_names(query: str) -> frozenset[str]:
    """The names in the question sentence itself ("Hi, I'm Anna. When did X open?" names X), its first word left
    out; none when most words are capitalized (a title-case or shouted question names nothing by case)."""
    sentences = [part.strip() for part in re.split(r"(?<=[.!?])\s+", query.strip()) if part.strip()]
    question = next((part for part in reversed(sentences) if part.endswith("?")), sentences[-1] if sentences else "")
    words = question.split()
    if len(words) < 2 or sum(w[:1].isupper() for w in words) > 0.6 * len(words):
        return frozenset()
    return names_in(question.split(" ", 1)[1])


_QUESTION_YEAR = re.compile(r"(?<![0-9])(?:1[5-9]|20)[0-9]{2}(?![0-9])")
_CUE_WORDS = frozenset(w for cues in _KIND_CUES.values() for cue in cues for w in cue.split())


def _uncommon_words(query: str) -> frozenset[str]:
    """An all-lowercase English question gives no case cues: its words that name no concept, no kind of value and
    no polarity stand for its subject ("when was the halvorsen bridge completed" -> halvorsen, bridge)."""
    if query != query.lower() or not query.isascii():
        return frozenset()
    words = re.findall(r"[a-z][a-z0-9'-]+", query)
    return frozenset(
        w.removesuffix("'s") for w in words
        if w not in STOPWORDS and w not in _NOT_NAMES and w not in _CUE_WORDS and w not in DEFAULT_LEXICON.words
        and _concepts(w) == (_stem(w),) and len(w) > 2
    )  # fmt: skip


def names_in(text: str) -> frozenset[str]:
    """The capitalized words of English text (folded) that are not sentence starters: names of things."""
    found = (w.casefold().removesuffix("'s").removesuffix("'") for w in _NAME.findall(text))
    return frozenset(w for w in found if w not in _NOT_NAMES and len(w) > 1)


def asked_from_query(query: str) -> Asked:
    folded = normalize_for_matching(query)
    kinds = [kind for kind, pattern in _KIND_PATTERNS.items() if pattern.search(folded)]
    if "count" in kinds and re.search(r"how many (?:" + "|".join(_TIME_UNITS) + ")", folded):
        kinds.remove("count")
    if "date" in kinds and "duration" in kinds and "when" not in folded:
        kinds.remove("date")
    if _YES_NO_START.search(folded) or any(cue in folded for cue in _YES_NO_ZH):
        kinds.append("yes_no")
    phone_named = any(c in folded for c in ("phone", "call", "电话", "热线"))
    if "phone" in kinds and not phone_named and any(w in folded for w in ("order", "tracking", "订单")):
        kinds.remove("phone")  # "what is my order number"
    words = [t for t in tokens(folded) if t not in _QUESTION_WORDS]
    found = terms(words, DEFAULT_LEXICON.words)
    attribute = " ".join(dict.fromkeys(_PHRASE_OF.get(t, t) for t in words if t not in STOPWORDS))
    names = _question_names(query)
    loose = frozenset() if names else _uncommon_words(query)
    said = frozenset() if "yes_no" in kinds else stems([t for t in words if t in DEFAULT_LEXICON.words])
    return Asked(attribute=attribute, terms=found, kinds=tuple(k for k in KINDS if k in kinds), names=names,
                 said=said, loose=loose, years=frozenset(_QUESTION_YEAR.findall(query)))  # fmt: skip


def stems(words: list[str] | tuple[str, ...]) -> frozenset[str]:
    """The words stemmed, for matching inflections of a word that is not a concept ("close", "closed")."""
    return frozenset(_stem(w) for w in words if w.isascii())
