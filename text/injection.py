"""Prompt-injection findings in customer text, tool results and knowledge paragraphs: deterministic, explained,
linear time.

`injection_findings(text)` reads a customer's turn or a tool's result; `planted_findings(text)` reads a knowledge
paragraph. Both return `Finding`s whose offsets point into the text as sent and whose `feature` names what fired.

How a text is read:

1. It is folded once, keeping its lines (`fold_keeping_lines`): width, case, look-alikes, accents, zero-width
   and bidi characters, Traditional Chinese fold away, but a role line in the middle of a message stays a line.
2. One RE2 set pass says which grammar rules can match at all; only those run, and each match passes a small
   check of who is addressed and whose words these are (a customer's "ignore my previous message" is theirs).
3. Features no grammar can see: hidden text (format and tag characters, HTML comments, hidden styles), encoded
   payloads (base64 blocks, leetspeak, tag characters: decoded and read again), padding (a long run of one
   character, token or line, reported only when a payload follows it).

Kinds: `override`, `role_injection`, `template_tokens`, `output_forcing`, `prompt_extraction`,
`roleplay_jailbreak`, `hidden_text`, `encoded`, `padding`; in documents also `reply_injection` (what the
assistant's reply must contain or how it must start), `user_directive` (tell the user to ...),
`assistant_address` (text that speaks to the AI: "Note to AI:", "when summarizing, ...", "as an AI, you ...") and
`exfiltration` (asks for bank details, passwords or card numbers to be sent somewhere).

The override grammar is verb x scope x object with up to three words between, in English, Chinese, German,
Spanish, French, Russian, Japanese, Portuguese, Italian, Dutch and Korean; long English keywords also match with
one typo. A scope ("all", "previous", "above", "system", "your", ...) is required: "ignore the instructions in the
manual" is a customer talking about a manual.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from urllib.parse import unquote

import re2

from interlock.text.findings import Finding
from interlock.text.linear_regex import compile_re2
from interlock.text.normalize import FoldedText, fold_keeping_lines

# --------------------------------------------------------------------------------------------------------------
# Building blocks. Every literal word below is folded like the text it is matched against, so the lists are
# written naturally ("précédentes", "規則") and still meet the folded text ("precedentes", "规则").

_SEP = r"[\s,_-]+"  # "ignore-all-previous-instructions" joins its words with hyphens
_WORD = r"[^\s,.!?;:()\[\]{}\"<>。！？；：，、]+"
_B = r"(?:^|[^\pL\pN_])"  # a word starts here (RE2's \b knows ASCII only; Cyrillic needs this)
_E = r"(?:$|[^\pL\pN_])"
_QUOTE = "[\"'`«»「」『』]"
_CJK_GAP = "[^\\n.!?;:,。！？；：，、\"']"
_OPTIONS = re2.Options()
_OPTIONS.log_errors = False
# The grammar set is larger than the service's other sets; with too little memory RE2's DFA gives up and a set
# would report nothing at all.
_OPTIONS.max_mem = 64 << 20


def _fold(word: str) -> str:
    return fold_keeping_lines(word).text


def _compile_folded(pattern: str) -> re2._Regexp:
    """A check's pattern, its letters folded like the text it meets ("無視" meets "无视", "ё" meets "е")."""
    return compile_re2("".join(c if c.isascii() or not c.isalpha() else _fold(c) for c in pattern))


# One typo in a long keyword ("ingore", "instrucitons") still reads as the keyword. Inflections are not typos:
# "ignored" and "ignores" are not the imperative.
_TYPO_WORDS = frozenset(
    ("ignore", "disregard", "instructions", "instruction", "previous", "preceding", "guidelines", "directions",
     "directives", "commands", "constraints", "restrictions", "original", "initial", "earlier", "following",
     "override", "neglect", "everything")
)  # fmt: skip


def _typos(word: str) -> list[str]:
    variants = {word}
    letters = "[a-z]"
    for i in range(len(word)):
        variants.add(word[:i] + word[i + 1 :])  # a letter left out
        variants.add(word[:i] + letters + word[i + 1 :])  # a letter mistyped
        if i + 1 < len(word):
            variants.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])  # two letters swapped
        if i > 0:
            variants.add(word[:i] + letters + word[i:])  # a letter too many, not at the end
    return sorted(variants, key=lambda v: (-len(v), v))  # a fixed order: the same pattern on every run


def _phrase(phrase: str, fuzzy: bool) -> str:
    words = _fold(phrase).split()
    pieces = []
    for word in words:
        if fuzzy and word in _TYPO_WORDS:
            pieces.append("(?:" + "|".join(v if "[" in v else re2.escape(v) for v in _typos(word)) + ")")
        else:
            pieces.append(re2.escape(word))
    return r"\s+".join(pieces)


def _alt(words: Iterable[str], fuzzy: bool = False) -> str:
    """Alternation of words or phrases (longest first, so that a phrase wins over its first word)."""
    unique = sorted({_fold(w) for w in words}, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(_phrase(w, fuzzy) for w in unique) + ")"


def _gap(words: int) -> str:
    """Up to `words` words between two parts of a phrase."""
    return f"(?:{_SEP}{_WORD}){{0,{words}}}?{_SEP}"


def _cjk_gap(chars: int) -> str:
    return f"{_CJK_GAP}{{0,{chars}}}?"


def _tokens(text: str) -> list[str]:
    """Words, without the punctuation around them (str methods: the checks run on every match)."""
    return [word for word in (w.strip(_PUNCTUATION) for w in text.split()) if word]


_PUNCTUATION = ",.!?;:()[]{}<>\"'`«»「」“”‘’-*#"


# --------------------------------------------------------------------------------------------------------------
# Override grammars, one per language.


@dataclass(frozen=True)
class _Grammar:
    lang: str
    verbs: tuple[str, ...]
    scopes: tuple[str, ...]  # before the object: "all", "previous", "your"
    objects: tuple[str, ...]  # what is overridden: instructions, rules, prompts
    soft_objects: tuple[str, ...]  # messages, text: a customer may mean their own (see _self_correction)
    tails: tuple[str, ...] = ()  # a scope after the object: "above", "you were given", "anteriores"
    first_person: frozenset[str] = frozenset()
    # Scopes that make a soft object someone else's text: "all messages", "the system messages". "The previous
    # message" and "the last message" are what customers say about their own (an empty tuple: all scopes count).
    soft_scopes: tuple[str, ...] = ()
    verbs_last: tuple[str, ...] = ()  # object-verb order: "alle Anweisungen ignorieren", "指示を無視"
    spaced: bool = True  # words are separated by spaces (not Chinese, Japanese)


_EN = _Grammar(
    "en",
    verbs=(
        "ignore", "disregard", "forget", "skip", "override", "overrule", "bypass", "drop", "neglect",
        "pay no attention to", "don't pay attention to", "do not pay attention to", "stop paying attention to",
        "do not follow", "don't follow", "dont follow", "stop following", "no longer follow",
        "do not obey", "don't obey", "stop obeying", "disobey", "abandon", "discard", "dismiss", "set aside",
        "put aside", "throw away", "throw out", "forgo", "circumvent", "nullify", "invalidate", "violate",
        "overwrite", "erase", "wipe", "get rid of", "let go of", "look past", "never mind", "nevermind",
        "do not adhere to", "don't adhere to", "do not listen to", "don't listen to", "stop listening to",
        "leave behind", "remove", "delete", "clear", "unlearn", "break",
    ),
    scopes=(
        "all", "any", "every", "each", "previous", "prior", "above", "earlier", "preceding", "foregoing", "former",
        "aforementioned", "initial", "original", "system", "below", "following", "subsequent", "past", "old",
        "existing", "current", "given", "provided", "these", "those", "your", "default", "preset", "pre-set",
        "pre-programmed", "preprogrammed", "programmed", "built-in", "hidden", "secret", "safety", "ethical",
        "moral", "content", "openai", "openai's", "developer", "developer's", "starting", "first", "base",
        "underlying", "other", "last", "prev", "pre-existing", "standing", "ur", "yr",
    ),
    objects=(
        "instructions", "instruction", "prompts", "prompt", "rules", "rule", "directions", "guidelines",
        "guidance", "directives", "directive", "commands", "command", "constraints", "restrictions",
        "limitations", "limits", "programming", "training", "filters", "safeguards", "guardrails", "protocols",
        "boundaries", "tasks", "task", "assignments", "context", "system prompt", "system message", "conditioning",
        "principles", "ethics", "morals", "content policy", "content policies", "safety policy", "usage policy",
        "usage policies", "policies of openai", "openai policies", "ethical guidelines", "setup", "briefing",
    ),
    soft_objects=(
        "messages", "message", "text", "texts", "content", "input", "inputs", "information", "info", "words",
        "conversation", "orders", "requests", "sentences", "statements", "comments", "data", "stuff", "things",
    ),
    tails=(
        "above", "below", "before", "beforehand", "earlier", "previously", "prior", "hitherto", "so far",
        "until now", "till now", "up to now", "up until now", "to date", "from before", "from earlier",
        "you were given", "you have been given", "you've been given", "you got", "you received", "you have",
        "you've got", "you were told", "you have been told", "you've been told", "you were trained on",
        "you were programmed with", "you are following", "you follow", "you are under", "you're under",
        "given to you", "given before", "given earlier", "given above", "given previously", "that came before",
        "that preceded", "in the system prompt", "in your system prompt", "in the prompt", "in your prompt",
        "in this conversation", "in this chat", "of the system", "of this conversation", "of your developers",
        "of your creators", "from the system", "from your developers", "from your creators", "from openai",
        "from the developer", "from the developers", "provided above", "provided before", "provided earlier",
        "stated above", "stated before", "written above", "mentioned above", "mentioned before", "listed above",
        "set by the system", "set by your developers", "set by openai",
    ),
    first_person=frozenset(
        ("i", "i'm", "im", "i've", "ive", "i'd", "i'll", "my", "mine", "our", "ours", "we", "we've", "we're",
         "myself", "ourselves")
    ),  # fmt: skip
    soft_scopes=("all", "any", "every", "each", "system", "initial", "original", "preceding", "foregoing",
                 "aforementioned", "your", "prior", "hidden", "developer", "default"),
)  # fmt: skip

_DE = _Grammar(
    "de",
    verbs=(
        "ignoriere", "ignorier", "ignorieren", "ignoriert", "vergiss", "vergesst", "vergessen", "missachte",
        "missachtet", "missachten", "übergehe", "übergeht", "übergehen", "überspringe", "überspringen", "verwirf",
        "verwerft", "verwerfen", "umgehe", "umgehen", "überschreibe", "überschreiben", "vernachlässige",
        "vernachlässigen", "lösche", "löschen", "beachte nicht", "beachten sie nicht", "befolge nicht",
        "ignorierst", "vergisst", "missachtest", "übergehst", "überspringst", "verwirfst", "umgehst",
        "befolgen sie nicht", "lass", "lasse", "lassen sie",
    ),
    scopes=(
        "alle", "allen", "aller", "sämtliche", "sämtlichen", "jegliche", "jeglichen", "jede", "jeden",
        "vorherigen", "vorherige", "vorigen", "vorige", "bisherigen", "bisherige", "obigen", "obige",
        "vorangegangenen", "vorangegangene", "vorangehenden", "vorangehende", "vorhergehenden", "vorhergehende",
        "früheren", "frühere", "ursprünglichen", "ursprüngliche", "anfänglichen", "anfängliche", "ersten",
        "oberen", "system", "deine", "deinen", "deiner", "ihre", "ihren", "eure", "euren", "gegebenen",
        "genannten", "erhaltenen", "bestehenden", "aktuellen", "nachfolgenden", "folgenden", "alten",
    ),
    objects=(
        "anweisungen", "anweisung", "instruktionen", "instruktion", "befehle", "befehl", "regeln", "regel",
        "vorgaben", "vorgabe", "richtlinien", "anordnungen", "aufforderungen", "anleitungen", "prompts", "prompt",
        "systemprompt", "systemanweisungen", "einschränkungen", "beschränkungen", "direktiven", "aufgaben",
        "aufgabe", "vorschriften", "hinweise", "aufträge", "auftrag", "instruktionen",
    ),
    soft_objects=("informationen", "nachrichten", "nachricht", "eingaben", "texte", "inhalte", "gespräch"),
    tails=(
        "davor", "zuvor", "vorher", "bisher", "oben", "von oben", "von vorhin", "von vorher", "bis jetzt",
        "bis hierher", "die du bekommen hast", "die du erhalten hast", "die dir gegeben wurden",
        "die ihnen gegeben wurden", "des systems", "außer acht",
    ),
    first_person=frozenset(
        ("ich", "mein", "meine", "meinen", "meinem", "meiner", "meines", "mir", "mich", "wir", "unser", "unsere",
         "unseren")
    ),  # fmt: skip
    soft_scopes=("alle", "allen", "sämtliche", "sämtlichen", "jegliche", "system", "deine", "deinen", "ursprünglichen"),
    verbs_last=(
        "ignorieren", "vergessen", "missachten", "übergehen", "verwerfen", "außer acht lassen", "nicht beachten",
        "nicht befolgen", "nicht mehr beachten", "nicht mehr befolgen", "überspringen", "sind ungültig",
        "sind ab sofort ungültig", "gelten nicht mehr", "sind nicht mehr gültig", "sind aufgehoben",
        "sind hinfällig", "zu ignorieren", "beiseite",
    ),
)  # fmt: skip

_ES = _Grammar(
    "es",
    verbs=(
        "ignora", "ignore", "ignoren", "ignorad", "ignorar", "olvida", "olvide", "olviden", "olvidad", "olvidar",
        "olvídate de", "olvidate de", "olvídese de", "descarta", "descarte", "descarten", "omite", "omita",
        "omitan", "pasa por alto", "pase por alto", "haz caso omiso a", "haz caso omiso de", "haga caso omiso de",
        "hagan caso omiso de", "no hagas caso a", "no hagas caso de", "no sigas", "no siga", "no sigan",
        "deja de seguir", "desobedece", "desatiende", "sáltate", "salta", "anula", "anule", "elimina", "borra",
        "prescinde de", "no tengas en cuenta", "no tomes en cuenta", "no obedezcas", "deja de lado", "deja atrás",
    ),
    scopes=(
        "todas", "todos", "toda", "cualquier", "cualquiera", "tus", "sus", "anteriores", "previas", "previos",
        "precedentes", "iniciales", "originales", "primeras", "antiguas", "viejas", "existentes", "actuales",
    ),
    objects=(
        "instrucciones", "instrucción", "indicaciones", "órdenes", "reglas", "directrices", "directivas",
        "comandos", "normas", "pautas", "prompt", "prompts", "restricciones", "limitaciones", "consignas",
        "tareas", "mandatos",
    ),
    soft_objects=("mensajes", "mensaje", "textos", "contenido", "información", "conversación"),
    tails=(
        "anteriores", "anterior", "previas", "previos", "precedentes", "de arriba", "de antes", "del sistema",
        "de sistema", "iniciales", "originales", "dadas", "recibidas", "mencionadas", "hasta ahora",
        "que te dieron", "que te di", "que te han dado", "que se te dieron", "que recibiste", "que tienes",
    ),
    first_person=frozenset(["mi", "mis", "mí", "yo", "nuestro", "nuestra", "nuestros", "nuestras", "nosotros"]),
    soft_scopes=("todas", "todos", "cualquier", "tus", "originales", "iniciales"),
)  # fmt: skip

_FR = _Grammar(
    "fr",
    verbs=(
        "ignore", "ignorez", "ignorer", "oublie", "oubliez", "oublier", "ne tiens pas compte de",
        "ne tiens pas compte des", "ne tenez pas compte de", "ne tenez pas compte des", "ne prends pas en compte",
        "ne prenez pas en compte", "fais abstraction de", "fais abstraction des", "faites abstraction de",
        "faites abstraction des", "néglige", "négligez", "écarte", "écartez", "contourne", "contournez",
        "passe outre", "passez outre", "outrepasse", "outrepassez", "n'obéis pas à", "n'obéis pas aux",
        "n'obéissez pas à", "n'obéissez pas aux", "ne suis pas", "ne suivez pas", "ne respecte pas",
        "ne respectez pas", "désobéis à", "annule", "annulez", "efface", "effacez", "supprime", "supprimez",
        "laisse de côté", "laissez de côté", "mets de côté", "mettez de côté", "abandonne", "abandonnez",
    ),
    scopes=("toutes", "tous", "toute", "tes", "vos", "ton", "votre", "ces", "précédentes", "précédents"),
    objects=(
        "instructions", "instruction", "consignes", "consigne", "règles", "directives", "directive", "ordres",
        "commandes", "indications", "prompt", "prompts", "restrictions", "limitations", "contraintes", "tâches",
        "recommandations",
    ),
    soft_objects=("messages", "message", "textes", "contenu", "informations", "conversation"),
    tails=(
        "précédentes", "précédents", "précédente", "antérieures", "antérieurs", "ci-dessus", "ci dessus",
        "au-dessus", "plus haut", "initiales", "initiaux", "originales", "d'origine", "du système", "système",
        "données", "reçues", "fournies", "passées", "anciennes", "d'avant", "jusqu'ici", "jusqu'à présent",
        "qui précèdent", "que tu as reçues", "que vous avez reçues", "qu'on t'a données",
    ),
    first_person=frozenset(["mon", "ma", "mes", "notre", "nos", "je", "j'", "moi"]),
    soft_scopes=("toutes", "tous", "tes"),
)  # fmt: skip

_RU = _Grammar(
    "ru",
    verbs=(
        "игнорируй", "игнорируйте", "проигнорируй", "проигнорируйте", "игнорировать", "забудь", "забудьте",
        "забыть", "не обращай внимания на", "не обращайте внимания на", "пропусти", "пропустите", "отбрось",
        "отбросьте", "отмени", "отмените", "не слушай", "не слушайте", "не следуй", "не следуйте", "не выполняй",
        "не выполняйте", "нарушь", "нарушьте", "обойди", "обойдите", "сотри", "сотрите", "удали", "удалите",
        "откажись от", "откажитесь от", "пренебреги", "пренебрегите", "не учитывай", "не учитывайте",
        "не соблюдай", "не соблюдайте", "не подчиняйся",
    ),
    scopes=(
        "все", "всех", "всем", "всеми", "любые", "любых", "предыдущие", "предыдущих", "предыдущим", "прежние",
        "прежних", "прошлые", "прошлых", "вышеуказанные", "вышеизложенные", "вышеупомянутые",
        "вышеперечисленные", "приведенные", "системные", "системных", "свои", "своих", "твои", "твоих", "ваши",
        "ваших", "изначальные", "изначальных", "исходные", "исходных", "первоначальные", "первоначальных",
        "своим", "твоим", "вашим", "системным", "прежним", "прошлым",
        "начальные", "начальных", "полученные", "ранее", "старые", "эти", "текущие", "заданные", "установленные",
    ),
    objects=(
        "инструкции", "инструкций", "инструкциям", "инструкцию", "указания", "указаний", "указаниям", "правила",
        "правил", "правилам", "команды", "команд", "командам", "подсказки", "подсказок", "промпт", "промпты",
        "промпта", "ограничения", "ограничений", "установки", "установок", "директивы", "директив",
        "распоряжения", "распоряжений", "запреты", "запретов", "задания", "заданий", "задачи",
    ),
    soft_objects=("сообщения", "сообщений", "сообщение", "текст", "информацию", "информация"),
    tails=("выше", "ранее", "до этого", "раньше", "прежде", "которые тебе дали", "которые тебе были даны"),
    first_person=frozenset(
        ("мой", "моё", "мое", "мои", "моих", "мою", "моя", "моего", "моей", "мне", "меня", "я", "мы", "наш", "наши",
         "наше", "нашу", "наших")
    ),  # fmt: skip
    soft_scopes=("все", "всех", "любые", "системные", "твои", "свои", "исходные", "изначальные", "первоначальные"),
)  # fmt: skip

_PT = _Grammar(
    "pt",
    verbs=(
        "ignore", "ignora", "ignorem", "ignorar", "esqueça", "esquece", "esqueçam", "esquecer", "desconsidere",
        "desconsidera", "desconsiderem", "descarte", "descarta", "despreze", "despreza", "pule", "não siga",
        "não sigam", "deixe de lado", "abandone",
    ),
    scopes=("todas", "todos", "toda", "quaisquer", "qualquer", "suas", "tuas", "seus", "anteriores"),
    objects=(
        "instruções", "instrução", "regras", "orientações", "diretrizes", "diretivas", "comandos", "ordens",
        "prompts", "prompt", "restrições", "limitações", "tarefas", "normas",
    ),
    soft_objects=("mensagens", "mensagem", "textos", "conteúdo", "informações"),
    tails=(
        "anteriores", "anterior", "prévias", "prévios", "acima", "iniciais", "originais", "do sistema", "dadas",
        "recebidas", "até agora",
    ),
    first_person=frozenset(["meu", "minha", "meus", "minhas", "eu", "nosso", "nossa", "nossos", "nossas"]),
    soft_scopes=("todas", "todos", "quaisquer", "tuas", "suas"),
)  # fmt: skip

_IT = _Grammar(
    "it",
    verbs=(
        "ignora", "ignorate", "ignori", "ignorare", "dimentica", "dimenticate", "dimentichi", "dimenticare",
        "trascura", "trascurate", "tralascia", "tralasciate", "non seguire", "non seguite", "scarta", "scartate",
        "lascia perdere", "lasciate perdere", "non considerare", "non tenere conto di", "non tenere conto delle",
    ),
    scopes=("tutte", "tutti", "qualsiasi", "ogni", "tue", "tuoi", "sue", "vostre", "precedenti"),
    objects=(
        "istruzioni", "istruzione", "regole", "indicazioni", "direttive", "comandi", "ordini", "prompt",
        "restrizioni", "vincoli", "limitazioni", "compiti",
    ),
    soft_objects=("messaggi", "messaggio", "testi", "contenuto", "informazioni"),
    tails=(
        "precedenti", "precedente", "sopra", "di sopra", "iniziali", "originali", "del sistema", "fornite",
        "date", "ricevute", "finora",
    ),
    first_person=frozenset(["mio", "mia", "miei", "mie", "io", "nostro", "nostra", "nostri", "nostre"]),
    soft_scopes=("tutte", "tutti", "qualsiasi", "tue"),
)  # fmt: skip

_ZH = _Grammar(
    "zh",
    verbs=(
        "忽略", "忽视", "无视", "忘记", "忘掉", "忘了", "不要理会", "不用理会", "别理会", "不理会", "不要管", "别管",
        "跳过", "放弃", "抛弃", "丢弃", "抛开", "撇开", "绕过", "覆盖", "推翻", "废除", "不要遵守", "不用遵守",
        "不必遵守", "别遵守", "停止遵守", "不再遵守", "违背", "违反", "不要遵循", "无需遵守", "不要听从", "不要执行",
        "舍弃", "摒弃", "清除", "无须理会", "不需要遵守", "不要再遵守",
    ),
    scopes=(
        "之前", "以前", "先前", "此前", "早先", "上面", "上述", "以上", "前面", "前述", "上方", "前文", "上文",
        "所有", "全部", "一切", "任何", "原来", "原有", "原始", "原先", "最初", "初始", "系统", "你的", "你之前",
        "下面", "以下", "下述", "这些", "那些", "既定", "预设", "默认", "内置", "开发者", "给你的", "收到的", "设定的",
    ),
    objects=(
        "指令", "指示", "说明", "规则", "提示", "提示词", "命令", "要求", "设定", "限制", "约束", "规定", "指导",
        "准则",
        "守则", "安全策略", "道德", "原则", "任务", "规范", "条例", "prompt",
    ),
    soft_objects=("消息", "信息", "内容", "对话", "话", "文字", "文本", "东西"),
    first_person=frozenset("我"),
    soft_scopes=("所有", "全部", "一切", "系统", "你的", "原始", "最初", "初始", "任何"),
    verbs_last=(
        "作废", "无效", "失效", "不再有效", "不算数", "不用管", "不用理", "忽略", "忘掉", "忘记", "不再适用", "取消",
        "无视", "抛开", "全部忽略", "不要管", "别管",
    ),
    spaced=False,
)  # fmt: skip

_JA = _Grammar(
    "ja",
    verbs=(),
    scopes=(
        "以前", "前", "これまで", "今まで", "それまで", "先ほど", "先程", "さっき", "上記", "上", "以上", "前述",
        "最初",
        "元", "当初", "初期", "システム", "すべて", "全て", "全部", "あらゆる", "一切", "既存", "与えられた",
        "受け取った", "あなたの", "以下", "前回", "従来",
    ),
    objects=(
        "指示", "命令", "指令", "ルール", "規則", "プロンプト", "設定", "制約", "制限", "ガイドライン", "説明",
        "インストラクション", "方針", "指図", "規定", "タスク",
    ),
    soft_objects=("内容", "メッセージ", "会話", "文章"),
    first_person=frozenset("私僕俺"),
    soft_scopes=("すべて", "全て", "全部", "システム", "あなたの", "最初", "一切", "あらゆる"),
    verbs_last=(
        "無視", "むし", "忘れ", "わすれ", "無効", "破棄", "従わな", "従うな", "守らな", "気にしな", "取り消", "上書き",
        "リセット", "捨て", "スキップ", "考慮しな", "聞かな",
    ),
    spaced=False,
)  # fmt: skip

_KO = _Grammar(
    "ko",
    verbs=(),
    scopes=(
        "이전", "위의", "위", "앞의", "앞서", "모든",
        "기존", "시스템", "지금까지", "원래", "초기", "당신의", "너의",
    ),
    objects=("지시", "지침", "명령", "규칙", "프롬프트", "설정", "지시사항", "명령어", "제한", "지시를", "규칙을"),
    soft_objects=("내용", "메시지", "대화"),
    first_person=frozenset(["내 ", "내가", "나의", "제 ", "제가", "저의"]),
    soft_scopes=("모든", "시스템"),
    verbs_last=("무시", "잊어", "잊고", "잊으", "따르지 마", "따르지 말"),
    spaced=False,
)  # fmt: skip

_NL = _Grammar(
    "nl",
    verbs=("negeer", "negeren", "vergeet", "vergeten", "omzeil", "omzeilen", "volg niet", "sla over"),
    scopes=("alle", "al", "vorige", "voorgaande", "eerdere", "bovenstaande", "je", "jouw", "uw", "oorspronkelijke",
            "systeem", "eerste"),
    objects=("instructies", "instructie", "regels", "opdrachten", "aanwijzingen", "prompts", "prompt", "richtlijnen",
             "taken", "beperkingen"),
    soft_objects=("berichten", "bericht", "tekst", "informatie"),
    tails=("hierboven", "eerder", "van hiervoor"),
    first_person=frozenset(("mijn", "ik", "ons", "onze", "me", "mij")),
    soft_scopes=("alle", "al", "je", "jouw"),
)  # fmt: skip

_GRAMMARS = (_EN, _DE, _ES, _FR, _RU, _PT, _IT, _NL, _ZH, _JA, _KO)


# --------------------------------------------------------------------------------------------------------------
# Checks: a rule's match is kept only when its check says so. A check reads the folded text and the hit's span.

_Check = Callable[[str, int, int], bool]

# An English verb after one of these is not an imperative to the assistant: "I ignored", "should we ignore",
# "don't ignore", "how to bypass".
_NOT_IMPERATIVE = frozenset(
    ("i", "we", "they", "he", "she", "it", "people", "customers", "who", "not", "don't", "dont", "didn't", "didnt",
     "never", "doesn't", "doesnt", "won't", "wont", "can't", "cant", "cannot", "shouldn't", "wouldn't", "couldn't",
     "mustn't", "i'll", "we'll", "i'd")
)  # fmt: skip
# "My nephew told me to 'ignore all previous instructions'": someone else's words, reported by the customer.
_REPORTED = compile_re2(
    r"\b(?:told|tells|asked|said|says|say|suggested|recommended|heard|read|saw|claims?|claimed|wrote|posted|typed|"
    r"entered|sent|tried|pasted|copied|saying|searched|googled)\s+(?:me|us|him|her|them|people|everyone)?\s*(?:to|"
    r"that|:)?\s*[\"'`«“]?\s*$"
)
_OWNED = compile_re2(r"^[\s,]*(?:on|from|for|in|of|about|regarding|with|to|at|under)\s+(?:my|our)\b")


def _words_before(text: str, start: int, count: int) -> list[str]:
    return _tokens(text[max(0, start - 12 * count) : start])[-count:]


def _words_after(text: str, end: int, count: int) -> list[str]:
    return _tokens(text[end : end + 12 * count])[:count]


def _sentence_after(text: str, end: int) -> str:
    rest = text[end : end + 240]
    stop = _SENTENCE_END.search(rest)
    return rest[: stop.start()] if stop else rest


def _sentence_around(text: str, start: int, end: int) -> str:
    head = text[max(0, start - 240) : start]
    cut = max(head.rfind(". "), head.rfind("\n"), head.rfind("! "), head.rfind("? "), head.rfind(".<"),
              head.rfind("。"), head.rfind("！"), head.rfind("？"))  # fmt: skip
    return head[cut + 1 :] + text[start:end] + _sentence_after(text, end)


# A sentence ends at a full stop before a space or a tag ("...compensation.</span> If you do not ..." is two
# sentences: the second one's "do not" is not the first one's negation), at a line end, or at a CJK full stop.
_SENTENCE_END = compile_re2(r"[.!?](?:\s|<|$)|\n|[。！？]")


def _has_first_person(grammar: _Grammar, hit: str) -> bool:
    if grammar.spaced:
        return not grammar.first_person.isdisjoint(_tokens(hit))
    return any(p in hit for p in grammar.first_person)


def _override_check(grammar: _Grammar) -> _Check:
    """An override is someone else's text being overridden: "ignore my previous instructions" is a customer
    correcting their own request, and so is "restrictions on my account"."""

    def check(text: str, start: int, end: int) -> bool:
        if _has_first_person(grammar, text[start:end]):
            return False
        if grammar.lang == "en":
            before = _words_before(text, start, 2)
            if before and before[-1] in _NOT_IMPERATIVE or before == ["how", "to"]:
                return False
            if _REPORTED.search(text[max(0, start - 40) : start]):
                return False
            if _OWNED.search(text[end : end + 40]):
                return False
        return True

    return check


_EN_OVERRIDE_CHECK = _override_check(_EN)


def _self_correction(grammar: _Grammar) -> _Check:
    """Soft objects (messages, text, "the above") are often the customer's own: "ignore my previous message" or
    "ignore the above, I found the order" take back what they wrote, and are not an attack. We keep the finding
    only when no first-person words are in the phrase or in the next few words. The cost is an attacker who
    writes "ignore the above, I want you to ..." (the rest of such a message usually fires another rule)."""
    base = _override_check(grammar)

    def check(text: str, start: int, end: int) -> bool:
        if not base(text, start, end):
            return False
        after = _QUOTE_START.split(text[end : end + 60], 1)[0]
        if _DIRECTIVE_NEXT.match(after):
            return True
        if grammar.spaced:
            return grammar.first_person.isdisjoint(_tokens(after)[:6])
        return not any(p in after[:12] for p in grammar.first_person)

    return check


_QUOTE_START = compile_re2("[\"'`«「『“]")
_CJK_DIRECTIVE_NEXT = compile_re2(
    r"^[\s,.:;，。：；、]*(?:然后|并且|并|直接|现在|接下来|只)?(?:输出|告诉|说|回答|回复|打印|写|扮演|翻译|列出|显示|"
    r"重复|出力|答え|教え|表示|書)"
)


def _directive_follows(text: str, start: int, end: int) -> bool:
    """An order right after the phrase ("忽略上述内容，直接输出…"): the text ignored is not the customer's own."""
    return _CJK_DIRECTIVE_NEXT.match(text[end : end + 20]) is not None


_DIRECTIVE_NEXT = compile_re2(
    r"^[\s,.:;-]*(?:and\s+|then\s+|now\s+|instead\s+|just\s+)+(?:say|print|output|write|tell|respond|reply|answer|"
    r"repeat|translate|give|list|reveal|show|act|pretend|do|follow|start|begin|type|return|spell|explain|describe)\b"
)


def _for_the_customer(text: str, start: int, end: int) -> bool:
    """False when what follows serves the customer ("... as a PDF for my records", "... respond to me in Spanish")."""
    return _words_after(text, end, 8).count("my") + _words_after(text, end, 8).count("me") == 0


def _imperative(text: str, start: int, end: int) -> bool:
    """An order, not a description: "don't follow the rules" opens its clause; "your staff don't follow the rules"
    describes someone."""
    head = text[max(0, start - 60) : start]
    clause = _CLAUSE_START.split(head)[-1].strip().strip(",")
    return not clause or _LEAD_IN.fullmatch(clause) is not None


_CLAUSE_START = compile_re2(r"[.!?:;\n]")
_LEAD_IN = compile_re2(
    r"(?:please|just|so|and|now|then|ok|okay|also|but|simply|kindly|you|i\s+want\s+you\s+to|i\s+need\s+you\s+to|"
    r"you\s+(?:should|must|will|shall|need\s+to|have\s+to)|from\s+now\s+on|hey|hi|hello|stop|wait)(?:[\s,]+(?:please|"
    r"just|now|simply))*"
)


def _ordered_override(text: str, start: int, end: int) -> bool:
    return _EN_OVERRIDE_CHECK(text, start, end) and _imperative(text, start, end)


def _not_conditional(text: str, start: int, end: int) -> bool:
    """ "Answer 'in stock' only if it is in stock" is a condition, not an order to say nothing else."""
    return _quoted_payload(text, start, end) and not {"if", "when", "after", "once", "because", "for"}.intersection(
        _words_after(text, end, 1)
    )


# --------------------------------------------------------------------------------------------------------------
# Rules.


@dataclass(frozen=True)
class _Rule:
    kind: str
    feature: str
    pattern: str
    check: _Check | None = None
    where: str = "both"  # "customer": only in customer text; "document": only in knowledge paragraphs


def _hit(body: str) -> str:
    """A phrase starting and ending at word boundaries; the whole match is the finding. Without a capture group
    RE2 answers from its DFA alone, which matters for the large typo-tolerant grammars. RE2's \\b knows ASCII
    words only, so a Cyrillic phrase brings its own boundaries and captures itself."""
    if _CYRILLIC.search(body):
        return f"{_B}({body}){_E}"
    return rf"\b(?:{body})\b"


def _open(body: str) -> str:
    """A phrase that ends in a quote or a colon: whatever follows it is the payload."""
    if _CYRILLIC.search(body):
        return f"{_B}({body})"
    return rf"\b(?:{body})"


_CYRILLIC = compile_re2(r"[\x{400}-\x{52F}]")


def _override_rules(g: _Grammar) -> list[_Rule]:
    fuzzy = g.lang == "en"
    scopes, objects, soft = _alt(g.scopes, fuzzy), _alt(g.objects, fuzzy), _alt(g.soft_objects, fuzzy)
    soft_scopes = _alt(g.soft_scopes or g.scopes, fuzzy)
    rules = []
    if g.spaced and g.verbs:
        verbs = _alt(g.verbs, fuzzy)
        rules += [
            _Rule("override", f"{g.lang}/verb+scope+object",
                  _hit(f"{verbs}{_gap(3)}{scopes}{_gap(3)}{objects}"), _override_check(g)),
            _Rule("override", f"{g.lang}/verb+scope+message",
                  _hit(f"{verbs}{_gap(3)}{soft_scopes}{_gap(3)}{soft}"), _self_correction(g)),
        ]  # fmt: skip
        if g.tails:
            tails = _alt(g.tails, fuzzy)
            rules += [
                _Rule("override", f"{g.lang}/verb+object+scope",
                      _hit(f"{verbs}{_gap(3)}{objects}{_SEP}{tails}"), _override_check(g)),
                _Rule("override", f"{g.lang}/verb+message+scope",
                      _hit(f"{verbs}{_gap(3)}{soft}{_SEP}{tails}"), _self_correction(g)),
            ]  # fmt: skip
    if g.spaced and g.verbs_last:
        last = _alt(g.verbs_last)
        rules.append(
            _Rule("override", f"{g.lang}/scope+object+verb", _hit(f"{scopes}{_gap(3)}{objects}{_gap(3)}{last}"),
                  _override_check(g))
        )  # fmt: skip
    if not g.spaced:
        if g.verbs:
            verbs = _alt(g.verbs)
            rules += [
                _Rule("override", f"{g.lang}/verb+scope+object",
                      f"({verbs}{_cjk_gap(8)}{scopes}{_cjk_gap(6)}{objects})", _override_check(g)),
                _Rule("override", f"{g.lang}/verb+scope+message",
                      f"({verbs}{_cjk_gap(8)}{soft_scopes}{_cjk_gap(6)}{soft})", _self_correction(g)),
                _Rule("override", f"{g.lang}/verb+scope+message+directive",
                      f"({verbs}{_cjk_gap(8)}{scopes}{_cjk_gap(6)}{soft})", _directive_follows),
            ]  # fmt: skip
        last = _alt(g.verbs_last)
        rules += [
            _Rule("override", f"{g.lang}/scope+object+verb",
                  f"({scopes}{_cjk_gap(6)}{objects}{_cjk_gap(8)}{last})", _override_check(g)),
            _Rule("override", f"{g.lang}/scope+message+verb",
                  f"({soft_scopes}{_cjk_gap(6)}{soft}{_cjk_gap(8)}{last})", _self_correction(g)),
            _Rule("override", f"{g.lang}/scope+message+verb+directive",
                  f"({scopes}{_cjk_gap(6)}{soft}{_cjk_gap(8)}{last}[^，。！？,.!?\n]{{0,6}})", _directive_follows),
        ]  # fmt: skip
    return rules


_ASSISTANT = _alt(
    ("ai", "a.i.", "assistant", "assistants", "chatbot", "chatbots", "bot", "bots", "llm", "llms", "language model",
     "language models", "large language model", "model", "models", "gpt", "chatgpt", "claude", "gemini", "copilot",
     "bard", "bing", "ai assistant", "ai model", "ai models", "ai system", "ai agent", "ai agents",
     "virtual assistant", "ai language model", "artificial intelligence", "agent", "agents", "system")
)  # fmt: skip
_PERSONA_NOUN = _alt(
    ("ai", "assistant", "bot", "chatbot", "model", "gpt", "character", "persona", "entity", "hacker", "developer",
     "admin", "administrator", "system", "translator", "terminal", "interpreter", "simulator", "game", "generator",
     "writer", "poet", "girlfriend", "boyfriend", "pirate", "villain", "expert",
     "machine", "robot", "program", "version", "mode", "dan", "oracle", "genie", "god", "demon", "rebel",
     "agent", "language model", "chatgpt", "linux terminal", "console", "shell", "storyteller", "comedian",
     "grandma", "grandmother", "granny", "grandpa", "grandfather")
)  # fmt: skip
# Not "free" or "dark": a free version and dark mode are what apps have.
_JAILBREAK_ADJ = _alt(
    ("unfiltered", "uncensored", "unrestricted", "amoral", "unethical", "jailbroken", "evil", "rogue", "unbound",
     "unshackled", "limitless", "lawless", "immoral", "unaligned", "malicious", "liberated", "unchained")
)  # fmt: skip
_AI_NOUN = _alt(
    ("ai", "assistant", "model", "chatbot", "bot", "gpt", "llm", "language model", "version", "mode", "persona",
     "character", "entity", "chatgpt", "system", "twin", "confidant", "alter ego", "agent")
)  # fmt: skip
_MODE = _alt(("developer", "dev", "god", "jailbreak", "jailbroken", "dan", "unrestricted", "unfiltered",
              "uncensored", "sudo", "evil", "opposite", "debug", "admin", "root", "chaos", "anarchy"))  # fmt: skip
# Phones and routers have a developer mode too: a technical mode counts only where the text is about the AI.
_TECHNICAL_MODE = compile_re2(r"\b(?:developer|dev|debug|admin|root|sudo)\s+mode\b")
_AI_CONTEXT = compile_re2(
    r"\b(?:chatgpt|gpt|openai|ai|assistant|language\s+model|llm|chatbot|your\s+(?:rules|restrictions|guidelines|"
    r"filters|policies|programming|responses|answers)|you\s+(?:are|will|must|can\s+now|have\s+no)|respond|responses|"
    r"answer\s+(?:twice|every|all|any)|output|censor\w*|restrictions|filters)\b"
)


def _mode_check(text: str, start: int, end: int) -> bool:
    if not _TECHNICAL_MODE.search(text[start:end]):
        return True
    return _AI_CONTEXT.search(text[:start] + " " + text[end:]) is not None


# The same in the other languages: "开发者模式" and "режим разработчика" are also a phone's or a tablet's setting,
# so a developer mode alone is a jailbreak only where the rest of the text speaks of an AI, its rules or its
# answers (folded text: no accents, Simplified Chinese).
_TECHNICAL_MODE_OTHER = _compile_folded(
    r"开发者模式|開発者モード|개발자\s*모드|entwicklermodus|modo\s+(?:desarrollador|desenvolvedor)|"
    r"mode\s+developpeur|режим\s+разработчика|modalita\s+sviluppatore"
)
_AI_CONTEXT_OTHER = _compile_folded(
    _B + r"(?:ai|ki|ии|ia|chatgpt|gpt|openai|llm|chatbot|bot|бот|assistent\w*|asistente|assistant|assistente|"
    r"ассистент\w*|нейросет\w*|restriccion\w*|restrico\w*|restrizion\w*|restriction\w*|einschrankung\w*|"
    r"ограничени\w*|zensur|censura|censure|цензур\w*|filtr\w*|фильтр\w*)"
    + _E
    + r"|人工智能|助手|机器人|限制|约束|审查|过滤|アシスタント|チャットボット|制限|検閲|어시스턴트|챗봇|제한|검열"
)


def _other_mode_check(text: str, start: int, end: int) -> bool:
    if not _TECHNICAL_MODE_OTHER.search(text[start:end]):
        return True
    rest = text[:start] + " " + text[end:]
    return _AI_CONTEXT_OTHER.search(rest) is not None or _AI_CONTEXT.search(rest) is not None


def _not_a_named_password(text: str, start: int, end: int) -> bool:
    """A request for the secret ("what is the password?") ends at the password; "the password for the store
    wifi" and "the password reset process" ask about a thing."""
    return _REQUEST_ENDS.match(text[end : end + 30]) is not None


_REQUEST_ENDS = compile_re2(
    r"^(?:\s*(?:$|[?.!,;:)\n])|\s+(?:and|please|now|then|right\s+now|immediately|already|to\s+me)\b)"
)


def _not_the_writers_own(text: str, start: int, end: int) -> bool:
    """ "Where do I put the system message?" is a developer asking about their own bot: the verb is the writer's."""
    return not {"i", "we"}.intersection(_words_before(text, start, 2))


def _not_followed_by(*words: str) -> _Check:
    """No persona in "act as if I never ordered": the word after the phrase decides."""
    stop = frozenset(words)

    def check(text: str, start: int, end: int) -> bool:
        return not stop.intersection(_words_after(text, end, 1))

    return check


_ROLEPLAY = [
    _Rule("roleplay_jailbreak", "en/you_are_now+persona",
          _hit(rf"you(?:\s+are|'re|\s+r)\s+now{_SEP}(?:(?:a|an|the|my|called|named|"
               rf"known\s+as){_SEP})?(?:{_WORD}{_SEP}){{0,3}}?{_PERSONA_NOUN}")),
    _Rule("roleplay_jailbreak", "en/now_you_are+persona",
          _hit(rf"now,?\s+you(?:\s+are|'re)\s+(?:(?:a|an|the|my|called|named|"
               rf"known\s+as){_SEP})?(?:{_WORD}{_SEP}){{0,3}}?{_PERSONA_NOUN}")),
    _Rule("roleplay_jailbreak", "en/you_are_now+mode",
          _hit(rf"you(?:\s+are|'re)\s+(?:now\s+)?(?:in|entering|operating\s+in|running\s+in|"
               rf"switched\s+to)\s+(?:the\s+)?{_MODE}\s+mode")),
    _Rule("roleplay_jailbreak", "en/you_are_now+unbound",
          _hit(r"you(?:\s+are|'re)\s+(?:now\s+)?(?:no\s+longer\s+(?:a|an|bound|restricted|limited|constrained|"
               r"required|obligated|governed|chatgpt|an\s+ai|an\s+assistant|held)|not\s+bound\s+by|free\s+(?:from|"
               r"of)\s+(?:all|any|the|your)|freed\s+from|liberated\s+from|released\s+from|unbound\s+by)")),
    _Rule("roleplay_jailbreak", "en/you_are_now+name",
          _hit(r"you(?:\s+are|'re)\s+now\s+(?:called|named|known\s+as|going\s+to\s+(?:act|pretend|play|be|roleplay|"
               r"simulate)|to\s+act\s+as|dan|acting\s+as|playing|roleplaying)")),
    _Rule("roleplay_jailbreak", "en/act_as",
          _hit(r"(?:i\s+(?:want|need|would\s+like)\s+you\s+to|you\s+(?:will|shall|must|should|are\s+going\s+to|"
               r"are\s+to|have\s+to|need\s+to|can)\s+(?:now\s+)?|from\s+now\s+on,?\s+(?:you\s+(?:will\s+)?)?|"
               r"^now\s+)(?:act|behave|respond|answer|function|operate|serve|pose)\s+(?:as|like)"),
          _not_followed_by("if", "though"), "customer"),
    _Rule("roleplay_jailbreak", "en/act_as+persona",
          _hit(rf"(?:act|behave|respond|answer|function|operate|roleplay|role-play|role\s+play|pose)\s+(?:as|"
               rf"like){_SEP}(?:(?:a|an|the|my){_SEP})?(?:{_WORD}{_SEP}){{0,2}}?(?:{_JAILBREAK_ADJ}|{_PERSONA_NOUN}|"
               rf"dan)")),
    _Rule("roleplay_jailbreak", "en/pretend",
          _hit(r"(?:pretend|imagine|suppose|assume|act\s+like)\s+(?:that\s+)?(?:you\s+are|you're|you\s+were|to\s+be|"
               r"you\s+have\s+(?:no|been)|you\s+can|yourself\s+(?:as|to\s+be))")),
    _Rule("roleplay_jailbreak", "en/play_role",
          _hit(r"(?:play|take\s+on|assume|adopt|take|embody)\s+(?:the\s+)?(?:role|part|persona|character|"
               r"identity)\s+of|(?:^|[.!?:\n]\s*|(?:you|please|now|let's|let\s+us|want\s+you\s+to|can\s+you|"
               r"could\s+you|will\s+you)\s+)(?:roleplay|role-play|role\s+play)\s+(?:as|with\s+me)|"
               r"you\s+will\s+(?:play|roleplay|simulate|impersonate|emulate|portray|be\s+playing)|(?:simulate|"
               r"impersonate|emulate)\s+(?:a|an|being)\s")),
    _Rule("roleplay_jailbreak", "en/jailbreak_persona",
          _hit(rf"{_JAILBREAK_ADJ}{_SEP}(?:{_WORD}{_SEP}){{0,2}}?{_AI_NOUN}")),
    _Rule("roleplay_jailbreak", "en/mode_switch",
          _hit(rf"(?:enable|activate|enter|switch\s+(?:in)?to|turn\s+on|unlock|engage|initiate|start)\s+(?:the\s+|"
               rf"your\s+)?{_MODE}\s+mode|{_MODE}\s+mode\s*[:=-]?\s*(?:enabled|activated|on|engaged|unlocked)"),
          _mode_check),
    _Rule("roleplay_jailbreak", "en/developer_mode+ai",
          _hit(r"(?:chatgpt|gpt|ai|assistant|model)\s+with\s+(?:developer|dev|dan)\s+mode")),
    _Rule("roleplay_jailbreak", "en/dan", _open(r"do\s+anything\s+now|dan\s+mode|\[dan\]|\[?🔓\s*jailbreak")),
    _Rule("roleplay_jailbreak", "en/stay_in_character",
          _hit(r"(?:stay|remain|keep)\s+in\s+character|(?:don't|do\s+not|never)\s+break\s+character|break\s+character")),
    _Rule("roleplay_jailbreak", "en/no_restrictions",
          _hit(r"(?:answer|respond|reply|act|behave|operate|talk|speak|write|generate|"
               r"output)s?\s+(?:\w+\s+){0,2}?(?:without|with\s+no|free\s+of|free\s+from|"
               r"regardless\s+of)\s+(?:any\s+)?(?:restrictions|filters|filtering|limitations|censorship|rules|"
               r"guidelines|ethics|morals|ethical|moral|safety|content\s+polic)")),
    _Rule("roleplay_jailbreak", "en/no_rules",
          _hit(r"you\s+(?:have|has)\s+no\s+(?:rules|restrictions|limits|limitations|filters|ethics|morals|guidelines|"
               r"boundaries|censorship)|you\s+(?:don't|do\s+not|no\s+longer)\s+(?:have|need)\s+to\s+(?:follow|obey|"
               r"adhere\s+to|comply\s+with|abide\s+by|respect)|(?:can|will|must)\s+(?:never|not)\s+refuse|"
               r"never\s+refuse|(?:not|never)\s+bound\s+by\s+(?:any\s+)?(?:rules|restrictions|guidelines|ethics|"
               r"polic)")),
    _Rule("roleplay_jailbreak", "en/lets_roleplay",
          _hit(r"(?:let's|lets|let\s+us|we\s+will|we're\s+going\s+to)\s+(?:roleplay|role-play|role\s+play|"
               r"play\s+a\s+(?:role|game|character)|pretend|imagine)|you\s+(?:play|are\s+playing|will\s+play|"
               r"'ll\s+play|are\s+going\s+to\s+play)\s+(?:the\s+(?:role|part)|a|an|the|my)\s")),
    _Rule("roleplay_jailbreak", "en/persona_who",
          _hit(rf"(?:act|behave|pose|roleplay|role-play)\s+(?:as|like)\s+(?:a|an|the|"
               rf"my){_SEP}(?:{_WORD}{_SEP}){{0,3}}?(?:who|that|which)\s+(?:used\s+to|always|never|will|would|can|"
               rf"could|has|have|knows|loves|is|was|does)")),
    _Rule("roleplay_jailbreak", "en/persona_without_rules",
          _hit(r"(?:bot|ai|assistant|model|chatbot|version\s+of\s+yourself|persona|character|entity|"
               r"gpt)\s+(?:with\s+(?:no|zero)|without\s+(?:any\s+)?|free\s+of|that\s+has\s+no|who\s+has\s+no|"
               r"that\s+ignores|who\s+ignores)\s*(?:rules|restrictions|filters|limits|limitations|guidelines|"
               r"censorship|ethics|morals|boundaries)|(?:start\s+over|restart|reboot|begin\s+again|"
               r"continue)\s+as\s+(?:a|an)\s+(?:different|new|other|unrestricted|free)\s+(?:bot|ai|assistant|model|"
               r"chatbot|persona|character)")),
    _Rule("roleplay_jailbreak", "en/you_are_a_helpful_assistant",
          _hit(r"you\s+are\s+(?:a|an)\s+(?:helpful|friendly|harmless|honest|polite|knowledgeable|smart|"
               r"intelligent)\s+(?:and\s+\w+\s+)?(?:ai|assistant|language\s+model|chatbot|bot)|you\s+are\s+(?:a|"
               r"an)\s+(?:ai|assistant|language\s+model|chatbot)\s+(?:named|called|created|designed|developed|"
               r"trained|programmed|built)")),
    _Rule("override", "en/authority_claim",
          _hit(r"i\s+am\s+(?:your|the\s+system's|an?\s+openai|an?\s+anthropic)\s+(?:developer|developers|creator|"
               r"creators|admin|administrator|operator|programmer|owner|master|engineer|employee|maker|trainer|"
               r"designer)|i'm\s+your\s+(?:developer|creator|admin|administrator|operator|programmer|owner|master|"
               r"maker)|this\s+is\s+(?:a|an)\s+(?:test|message|order|request|instruction|update)\s+from\s+(?:the|"
               r"your)\s+(?:developers?|creators?|admin|administrators?|system|operators?|openai|anthropic)|"
               r"(?:developer|admin|administrator|sudo|root)\s+(?:access|privileges|override|"
               r"authorization)\s+(?:granted|enabled|confirmed|level)|(?:is|are|comes?|come)\s+from\s+(?:your|"
               r"the\s+system)\s+(?:administrator|admin|developers?|creators?|operators?|owner|makers?|programmers?)|"
               r"as\s+your\s+(?:developer|creator|admin|administrator|operator|programmer|owner|master)")),
    _Rule("roleplay_jailbreak", "en/content_policy",
          _hit(r"(?:openai|anthropic)(?:'s)?\s+(?:content\s+)?(?:policy|policies|guidelines|rules|restrictions)")),
]  # fmt: skip


# Per-language persona, "new instructions", from-now-on phrasings.
_PERSONA_OTHER = [
    ("zh", r"(?:你现在是|现在你是|你现在扮演|从现在(?:开始|起)[,]?你|从今以后你|接下来你(?:是|将|要|扮演)|你将扮演|"
           r"你要扮演|请扮演|扮演(?:一个|一名|一位)|假装(?:你是|成|自己是)|假设你是|没有限制的(?:ai|人工智能|助手|"
           r"模型|机器人)|角色扮演|你不再是|你已经不是|开发者模式|越狱模式|不受(?:任何)?(?:限制|约束|规则)|"
           r"没有任何(?:限制|约束|规则|道德)|你可以做任何事|(?:进入|开启|启用|切换到)(?:开发者|越狱|无限制|dan|"
           r"上帝)模式|你充当|充当(?:一个|一名)|你没有(?:任何)?(?:限制|规则))"),
    ("de", r"(?:ab\s+jetzt|von\s+nun\s+an|ab\s+sofort|ab\s+heute|fortan|nun|jetzt)[\s,]+(?:bist\s+du|sind\s+sie|"
           r"wirst\s+du|werden\s+sie|verhältst\s+du\s+dich|antwortest\s+du|agierst\s+du|handelst\s+du|spielst\s+du)|"
           r"du\s+bist\s+(?:jetzt|nun|ab\s+jetzt|ab\s+sofort|von\s+nun\s+an)\s+(?:ein|eine|einen|kein|keine|"
           r"nicht\s+mehr|frei)|sie\s+sind\s+(?:jetzt|nun|ab\s+jetzt|ab\s+sofort|von\s+nun\s+an)\s+(?:kein|keine|"
           r"nicht\s+mehr|frei)|stell\s+dir\s+vor,?\s+du\s+(?:bist|wärst)|"
           r"stellen\s+sie\s+sich\s+vor,?\s+sie\s+(?:sind|wären)|tu\s+so,?\s+als|tun\s+sie\s+so,?\s+als|(?:spiele|"
           r"spielen\s+sie|übernimm|übernehmen\s+sie)\s+die\s+rolle|verhalte\s+dich\s+wie|"
           r"verhalten\s+sie\s+sich\s+wie|(?:agiere|agieren\s+sie|fungiere|handle)\s+als|entwicklermodus|"
           r"ohne\s+(?:jegliche\s+)?(?:einschränkungen|zensur|filter|beschränkungen)"),
    ("es", r"(?:a\s+partir\s+de\s+ahora|de\s+ahora\s+en\s+adelante|desde\s+ahora)[\s,]+(?:tu\s+)?(?:eres|seras|"
           r"vas\s+a|actuaras|responderas|te\s+comportaras|usted\s+es|sera)|ahora\s+(?:tu\s+)?eres\s+(?:un|una|el|"
           r"la)|(?:actua|actue|actuad|comportate|comportese)\s+como\s+(?:un|una|el|la|si\s+fueras)\s|finge\s+(?:ser|"
           r"que\s+eres)|finja\s+(?:ser|que)|haz\s+(?:de\s+cuenta|como\s+si)\s+(?:que\s+)?eres|(?:interpreta|asume|"
           r"adopta)\s+el\s+papel|modo\s+(?:desarrollador|dios|sin\s+restricciones|jailbreak)|"
           r"sin\s+(?:ninguna\s+)?(?:restricciones|censura|filtros)"),
    ("fr", r"(?:a\s+partir\s+de\s+maintenant|desormais|dorenavant|maintenant|a\s+present)[\s,]+(?:tu\s+es|"
           r"vous\s+etes|tu\s+seras|vous\s+serez|tu\s+vas|tu\s+dois|tu\s+agiras|tu\s+reponds|tu\s+repondras|"
           r"tu\s+joues)|(?:tu\s+es|vous\s+etes)\s+(?:maintenant|desormais|dorenavant)\s+(?:un|une|le|la|en\s+mode|"
           r"libre|dan)|(?:agis|agissez|comporte-toi|comportez-vous|fais\s+comme\s+si\s+tu\s+etais)\s+(?:comme|"
           r"en\s+tant\s+que)?|fais\s+semblant|faites\s+semblant|(?:joue|jouez|incarne|incarnez)\s+(?:le\s+role|un|"
           r"une|le\s+personnage)|mode\s+(?:developpeur|dieu|sans\s+restriction)|sans\s+(?:aucune\s+)?(?:restriction|"
           r"censure|filtre)s?"),
    ("ru", r"(?:отныне|с\s+этого\s+момента|с\s+сегодняшнего\s+дня|начиная\s+с\s+этого\s+момента|с\s+этой\s+минуты|"
           r"теперь)[\s,]+ты\s+(?:будешь|являешься|—|-|не\s+|можешь|должен|свободен|[a-z]|злой|бот|ии|персонаж)|"
           r"ты\s+теперь\s+(?:будешь|являешься|—|-|злой|свободный|ии|бот|персонаж|[a-z])|притворись|"
           r"представь,?\s+что\s+ты|веди\s+себя\s+как|действуй\s+как|(?:играй|сыграй)\s+роль|режим\s+(?:разработчика|"
           r"бога|без\s+ограничений)|без\s+(?:каких-либо\s+)?(?:ограничений|цензуры|фильтров)"),
    ("ja", r"(?:あなたは今から|今からあなたは|これからあなたは|今日からあなたは|あなたはこれから|あなたはもう|"
           r"として振る舞|を演じて|になりきって|のふりをして|ふりをしてください|ロールプレイ|開発者モード|脱獄|"
           r"制限のない|制限なし|制限を解除|制約を無視|何でもできる)"),
    ("pt", r"(?:a\s+partir\s+de\s+agora|de\s+agora\s+em\s+diante|agora)[\s,]+(?:voce|tu)\s+(?:e|sera|vai|age|"
           r"responde)\s|(?:finja|finge)\s+(?:ser|que)|(?:aja|atue|comporte-se)\s+como\s+(?:um|uma|o|a)\s|"
           r"modo\s+desenvolvedor|sem\s+(?:nenhuma\s+)?(?:restricoes|censura|filtros)"),
    ("it", r"(?:da\s+ora\s+in\s+poi|d'ora\s+in\s+poi|da\s+adesso|ora|adesso)[\s,]+(?:tu\s+)?(?:sei|sarai|agirai|"
           r"risponderai)\s+(?:un|una|il|la|lo|in)|(?:fingi|fai\s+finta)\s+di\s+essere|(?:comportati|"
           r"agisci)\s+come\s+(?:un|una|il|la)\s|interpreta\s+il\s+ruolo|modalita\s+sviluppatore|"
           r"senza\s+(?:alcuna\s+)?(?:restrizion|censura|filtr)"),
    ("ko", r"(?:지금부터|이제부터|이제)\s*(?:너는|당신은)|(?:인\s*척|인척)\s*(?:해|하세요)|역할을\s*(?:해|맡아)|"
           r"개발자\s*모드|탈옥"),
]  # fmt: skip

_NEW_INSTRUCTIONS = [
    _Rule("override", "en/new_instructions",
          _open(r"(?:new|updated|revised|real|actual|true|secret|hidden|system|override|overriding|admin|developer)\s+"
               r"(?:instructions?|directives?|tasks?|system\s+prompt|prompt|rules|orders|commands|objective|"
               r"mission)\s*(?:(?:from|by)\s+(?:the\s+|your\s+)?(?:admin|administrator|developers?|system|operator|"
               r"owner|creators?|management|openai|anthropic|headquarters)\s*)?(?::|follows?|are\s+as\s+follows|"
               r"below|-)")),
    _Rule("override", "en/your_new_task",
          _open(r"your\s+(?:task|job|goal|purpose|objective|mission|role|instructions?)\s+(?:is|are)\s+now\b|your\s+"
               r"(?:only\s+)?(?:task|job|goal)\s+(?:from\s+now\s+on|now)\s+is|(?:now\s+)?(?:follow|"
               r"come)\s+(?:some\s+)?(?:new|further)\s+(?:instructions|tasks)|your\s+(?:new|real|actual|true|next|"
               r"updated|primary|sole|only\s+new)\s+(?:task|job|goal|purpose|objective|mission|role|instructions?|"
               r"directive|priority|assignment)\s*(?:is|are|will\s+be|:|now)|new\s+tasks?\s+(?:follow|now\s+follow|"
               r"is\s+as\s+follows|begins?)|(?:focus|concentrate)\s+(?:on|upon)\s+(?:your|the|this|a)\s+(?:new|"
               r"next)\s+(?:task|assignment|job)|start\s+(?:over|anew|afresh|from\s+scratch)\s+with\s+a\s+new\s+task|"
               r"(?:out\s+of|from)\s+your\s+(?:head|mind|memory)")),
    _Rule("override", "en/from_now_on",
          _hit(r"(?:from\s+now\s+on|from\s+this\s+(?:moment|point)\s+(?:on|forward)|henceforth|starting\s+now|"
               r"for\s+the\s+rest\s+of\s+(?:this|the)\s+conversation)[\s,]+(?:you\s+(?:are|will|shall|must|should|"
               r"'re|'ll|can|have|may)|you're|you'll|your\s+(?:name|role|task|job|answers?|responses?|replies)|act|"
               r"behave|respond|answer|reply|pretend|ignore|forget|only|always|never)"), _for_the_customer),
    _Rule("override", "en/everything_before",
          _hit(r"(?:ignore|disregard|forget|skip|discard|drop|erase|never\s+mind|"
               r"pay\s+no\s+attention\s+to)\s+(?:about\s+)?(?:everything|anything|all(?:\s+of)?(?:\s+(?:that|this|"
               r"the\s+above))?|whatever|what)\s+(?:(?:that|which)\s+)?(?:(?:was|were|has\s+been|have\s+been|"
               r"i\s+have|came|is|comes?|you\s+(?:were|have\s+been|'ve\s+been|got|received|know|learned|learnt|"
               r"have\s+learned|'ve\s+learned))\s+)?(?:\w+\s+)?(?:above|before|previously|prior|earlier|so\s+far|"
               r"until\s+now|up\s+to\s+now|till\s+now|told|given|taught|instructed|programmed|trained|said|written|"
               r"stated|mentioned|discussed|from\s+before|you\s+know|else)"),
          _override_check(_EN)),
    _Rule("override", "en/everything+directive",
          _hit(r"(?:ignore|disregard|forget)\s+(?:about\s+)?(?:everything|all\s+(?:of\s+)?(?:that|this)|"
               r"all\s+(?:the\s+)?rest)[\s,.:;!-]+(?:and\s+|then\s+|now\s+|just\s+)*(?:say|print|output|write|tell|"
               r"respond|reply|answer|repeat|translate|give|list|reveal|show|act|pretend|you\s+are|your\s+(?:new|"
               r"only|next)|from\s+now|start|begin|type|return|spell|describe|focus|concentrat"
               r"e)\b"), _override_check(_EN)),
    _Rule("override", "en/what_you_were_told",
          _hit(r"(?:ignore|disregard|forget|never\s+mind|pay\s+no\s+attention\s+to)\s+(?:about\s+)?(?:everything|"
               r"anything|whatever|what|all)\s+(?:that\s+)?(?:\w+\s+){0,3}?(?:told|taught|instructed|programmed|"
               r"trained|asked|ordered|gave|given)\s+(?:to\s+)?you\b"), _override_check(_EN)),
    _Rule("override", "en/permission_grant",
          _hit(r"(?:the\s+)?(?:assistant|ai|bot|model|chatbot|you)\s+(?:is|are|'re)\s+now\s+(?:permitted|allowed|"
               r"authori[sz]ed|free|cleared|required|obligated|instructed)\s+to")),
    _Rule("override", "en/leave_behind",
          _hit(rf"(?:leave|put|set|throw){_gap(4)}(?:previous|prior|earlier|preceding|old|above|"
               rf"all){_gap(2)}(?:information|instructions|tasks|rules|prompts|context)\s+(?:behind|aside|away)"),
          _override_check(_EN)),
    _Rule("override", "en/end_of_prompt",
          _open(r"(?:end|stop)\s+(?:of\s+)?(?:the\s+)?(?:out\s+of\s+date\s+|old\s+|previous\s+|prior\s+|original\s+|"
                r"system\s+|"
               r"user\s+|initial\s+)?(?:instructions|prompt|system\s+prompt|context|input|ambiguity|rules)\s*(?:%|=|"
               r"-|#|\]|\*)|(?:%|=|-|#|\[|\*){2,}\s*(?:end|begin|start)\s+(?:of\s+)?(?:the\s+)?(?:\w+\s+){0,3}?(?:ins"
               r"tructions|prompt|input|ambiguity|rules|context)|(?:begin|start)\s+(?:new|updated|real|admin|"
               r"system)\s+(?:instructions|prompt|rules)")),
    _Rule("override", "en/do_not_follow",
          _hit(r"(?:do\s+not|don't|dont|no\s+need\s+to|you\s+(?:don't|do\s+not)\s+(?:have|need)\s+to)\s+(?:follow|"
               r"obey|adhere\s+to|comply\s+with|abide\s+by|listen\s+to|stick\s+to)\s+(?:any\s+(?:of\s+)?)?(?:the\s+|"
               r"your\s+|those\s+|these\s+)?(?:previous\s+|prior\s+|above\s+|original\s+|initial\s+|system\s+|"
               r"earlier\s+)?(?:instructions|rules|guidelines|prompts?|directives|restrictions|policies|constraints|"
               r"programming)"),
          _ordered_override),
    _Rule("override", "zh/new_instructions",
          r"((?:新的?|更新的?|真正的|实际的|隐藏的)(?:指令|指示|任务|规则|要求|提示词?)[:：]"
                                             r"|你的新(?:任务|指令|工作|目标|角色)(?:是|为|:))"),
    _Rule("override", "de/new_instructions",
          _open(r"(?:neue|aktualisierte|echte|geheime)\s+(?:anweisungen|anweisung|aufgabe|aufgaben|befehle|regeln|"
                r"instruktionen)"
               r"\s*(?::|folgen|lauten)|deine\s+neue\s+aufgabe\s+(?:ist|lautet|:)|(?:konzentriere\s+dich|"
               r"konzentrieren\s+sie\s+sich)\s+auf\s+(?:die|deine|ihre)\s+neue")),
    _Rule("override", "de/everything_before",
          _hit(r"(?:vergiss|vergessen\s+sie|vergesst|ignoriere|ignorieren\s+sie|ignoriert|"
               r"missachte)\s+(?:bitte\s+)?(?:alles|all\s+das|das\s+alles)[\s,]+(?:(?:bisherige|vorherige|vorher|"
               r"davor|zuvor|bisher|oben|vorhin|bis\s+jetzt|bis\s+hierher|andere)|was\s+(?:davor|zuvor|vorher|oben|"
               r"bisher|dir|ihnen|man\s+dir))"),
          _override_check(_DE)),
    _Rule("override", "es/new_instructions",
          _open(r"(?:nuevas|nueva)\s+(?:instrucciones|instruccion|tarea|ordenes|reglas)\s*:|tu\s+nueva\s+tarea\s+es")),
    _Rule("override", "es/everything_before",
          _hit(r"(?:olvida|olvide|ignora|ignore|olvidate\s+de|descarta)\s+todo(?:\s+lo)?\s+(?:anterior|previo|"
               r"de\s+antes|dicho|de\s+arriba|que\s+(?:te|le|se)\s+(?:dije|dijeron|han\s+dicho|ha\s+dicho|dieron|"
               r"han\s+dado|ha\s+dado|indicaron|ensenaron)|hasta\s+ahora)"), _override_check(_ES)),
    _Rule("override", "fr/new_instructions",
          _open(r"(?:nouvelles|nouvelle)\s+(?:instructions|consignes|tache|regles)\s*:|ta\s+nouvelle\s+tache\s+est")),
    _Rule("override", "fr/everything_before",
          _hit(r"(?:oublie|oubliez|ignore|ignorez)\s+(?:tout\s+)?(?:ce\s+qui\s+precede|ce\s+qui\s+a\s+ete\s+dit|"
               r"tout\s+ce\s+qui\s+precede|ce\s+qu'on\s+t'a|ce\s+que\s+l'on\s+t'a|tout\s+ce\s+qu'on|"
               r"tout\s+le\s+reste|tout\s+ce\s+que\s+tu\s+(?:sais|as\s+appris)|tout\s+avant)"), _override_check(_FR)),
    _Rule("override", "ru/new_instructions", _open(r"новые\s+(?:инструкции|указания|правила|задачи)\s*:|"
                                                   r"твоя\s+новая\s+задача")),
    _Rule("override", "ru/everything_before",
          _hit(r"(?:забудь|забудьте|игнорируй|игнорируйте|проигнорируй)\s+(?:про\s+|обо\s+)?все[\s,]+(?:что|"
               r"сказанное|вышесказанное|выше|до\s+этого|ранее|предыдущее|прежнее)"), _override_check(_RU)),
    _Rule("override", "ja/new_instructions", r"((?:新しい|新たな|本当の)(?:指示|命令|タスク|ルール)[:：はを])"),
    _Rule("override", "pt/everything_before",
          _hit(r"(?:esqueca|esquece|ignore|ignora|desconsidere)\s+tudo\s+(?:o\s+que|acima|anterior|antes|ate\s+agora)"),
          _override_check(_PT)),
    _Rule("override", "it/everything_before",
          _hit(r"(?:dimentica|ignora|dimenticate|ignorate)\s+tutto\s+(?:quello\s+che|cio\s+che|sopra|prima|finora|"
               r"il\s+resto)"), _override_check(_IT)),
]  # fmt: skip


def _quoted_payload(text: str, start: int, end: int) -> bool:
    """A forced output that is a real payload, not "just say 'yes'" or a quoted SMS keyword."""
    quoted = _QUOTED.search(text[start : end + 120])
    if quoted is None:
        return True
    return quoted.group(1).strip(" .!") not in _TRIVIAL_ANSWERS


def _spoken_payload(text: str, start: int, end: int) -> bool:
    """A forced line the assistant is to say, not words a customer wants printed on a card, a mug or a label."""
    if not _quoted_payload(text, start, end):
        return False
    quoted = _QUOTED.search(text[start : end + 120])
    after = text[start + quoted.end() : start + quoted.end() + 30] if quoted else ""
    return _ON_A_THING.match(after) is None


_ON_A_THING = compile_re2(
    r"^\s*(?:on|onto|inside|across|under|in\s+the\s+(?:card|note|box)|for\s+the\s+(?:card|note|engraving))\b"
)
_QUOTED = compile_re2(f"{_QUOTE}([^\"'`«»「」『』\\n]{{1,80}}){_QUOTE}")
_TRIVIAL_ANSWERS = frozenset(
    ("yes", "no", "ok", "okay", "y", "n", "stop", "start", "help", "cancel", "unsubscribe", "confirm", "agree",
     "true", "false", "1", "2", "3", "a", "b", "c")
)  # fmt: skip
_FORCE_VERB = _alt(("output", "say", "print", "respond", "reply", "write", "answer", "return", "type", "state",
                    "display", "repeat", "generate", "produce", "echo", "respond with", "reply with", "answer with",
                    "write out", "spit out", "type out", "print out"))  # fmt: skip
_RESPONSE = _alt(
    (
        "response",
        "responses",
        "answer",
        "answers",
        "reply",
        "replies",
        "output",
        "outputs",
        "message",
        "messages",
        "completion",
        "completions",
        "first word",
        "first line",
        "first sentence",
        "text",
    )
)
_LINK = r"(?:https?://|www\.|\b[a-z0-9-]+\.(?:com|net|org|biz|info|xyz|io|co|ru|cn|top|click|shop|site|online|link)\b)"
_ANSWER = _alt(
    ("response", "responses", "answer", "answers", "reply", "replies", "output", "outputs", "completion", "completions")
)

_OUTPUT_FORCING = [
    _Rule("output_forcing", "en/only_output+quote",
          _open(rf"(?:only|just|simply|solely|exclusively|nothing\s+but|nothing\s+other\s+than)\s+{_FORCE_VERB}\s+"
               rf"(?:with\s+)?(?:(?:the|these|this|a)\s+)?(?:(?:exact|following|single)\s+)?(?:words?|phrase|text|"
               rf"string|sentence|message|response)?\s*(?::\s*)?{_QUOTE}"), _quoted_payload),
    _Rule("output_forcing", "en/exact_text+quote",
          _open(rf"{_FORCE_VERB}\s+(?:\w+\s+){{0,4}}?(?:with\s+)?(?:the\s+|this\s+)?(?:exact|precise|verbatim|"
                rf"following)\s+(?:text|words?|phrase|string|sentence|message|response|answer)\s*:?"
                rf"\s*{_QUOTE}"), _quoted_payload),
    _Rule("output_forcing", "en/output_only+quote",
          _open(rf"{_FORCE_VERB}\s+(?:only|just|exactly|solely|precisely)\s*(?::\s*)?(?:(?:the\s+)?(?:words?|phrase|"
                rf"text|"
               rf"string|sentence)\s*)?(?::\s*)?{_QUOTE}"), _spoken_payload),
    _Rule("output_forcing", "en/say+quote+nothing_else",
          _hit(rf"{_FORCE_VERB}\s*:?\s*{_QUOTE}[^\"'`«»\n]{{1,80}}{_QUOTE}[\s.,]*(?:and\s+nothing\s+(?:else|more)|"
               rf"nothing\s+(?:else|more)|only|without\s+(?:any\s+)?(?:other|additional|further|extra|more)|"
               rf"and\s+stop|verbatim|exactly|word\s+for\s+word|in\s+all\s+caps|with\s+no\s+(?:other|additional|"
               rf"further))"),
          _not_conditional),
    _Rule("output_forcing", "en/imperative_say+quote",
          _open(rf"(?:^|[\n.!?:;]\s*|(?:and|then|now|instead|but|please|so|also|first|finally)\s+)(?:say|print|output|"
               rf"type|respond\s+with|reply\s+with|answer\s+with|return|repeat\s+after\s+me)\s*:?\s*{_QUOTE}|"
               rf"repeat\s+after\s+me\s*:|(?:complete|finish|continue)\s+(?:the|this)\s+(?:sentence|"
               rf"phrase)\s*:?\s*{_QUOTE}"),
          _spoken_payload, "customer"),
    _Rule("output_forcing", "en/response_must_be",
          _open(rf"(?:your|the)\s+(?:final\s+|only\s+|entire\s+|whole\s+)?{_RESPONSE}\s+(?:must|should|shall|will|"
                rf"has\s+to|"
               rf"needs\s+to|is\s+to|needs\s+to)\s+(?:only\s+)?(?:be|contain|consist\s+of|read|say|start|begin|end|"
               rf"include)\s+(?:with\s+)?(?:only\s+|exactly\s+|just\s+|the\s+(?:words?|phrase|"
               rf"text)\s*)?(?::\s*)?{_QUOTE}"),
          _quoted_payload),
    _Rule("output_forcing", "en/prepend_append",
          _hit(rf"(?:prepend|append|prefix|suffix|preface|precede)\s+(?:\w+\s+){{0,8}}?(?:to|with|by|"
               rf"onto)?\s*(?:(?:your|the|each|every|all|any)\s+)(?:{_WORD}\s+)?{_ANSWER}|(?:prepend|append|prefix|"
               rf"preface)\s+(?:your|each|every|all|the)\s+{_ANSWER}")),
    _Rule("output_forcing", "en/begin_response_with",
          _hit(rf"(?:begin|start|end|finish|conclude|open|close|terminate|lead\s+off|kick\s+off|"
               rf"sign\s+off)\s+(?:each\s+|every\s+|all\s+)?(?:of\s+)?(?:your|each|every|all|the)\s+(?:next\s+|"
               rf"following\s+|subsequent\s+)?{_RESPONSE}\s+(?:with|by)\s*(?:(?:the|these|this)\s+(?:words?|phrase|"
               rf"text|sentence|line)\s*)?:?\s*{_QUOTE}|(?:begin|start|end|finish|conclude)\s+(?:each\s+|every\s+|"
               rf"all\s+)?(?:of\s+)?(?:your|each|every|all)\s+{_ANSWER}\s+(?:with|by)\s"
               rf"+[^.\n]{{0,40}}?{_LINK}"), _quoted_payload, "customer"),
    _Rule("output_forcing", "en/known_payload",
          _hit(r"i\s+have\s+been\s+pwned|i've\s+been\s+pwned|i\s+have\s+been\s+pawned|haha\s+pwned|you\s+(?:have|"
               r"'ve)\s+been\s+pwned|pwned!|(?:say|output|print|respond\s+with|reply\s+with|write|type|return|"
               r"answer\s+with|begin\s+with|start\s+with|only|just)\W{0,3}access\s+granted")),
    _Rule("output_forcing", "zh/only_output",
          r"((?:只|仅|只能|只需|只要|仅仅|只许|必须只)(?:回复|回答|输出|说|打印|写|返回|显示)(?:一句|一个词|以下内容|"
          r"下面的话)?[:：]?\s*[\"'“”「『]|(?:回复|输出|回答|说|打印)[:：]?\s*[\"'“”「『][^\"'“”」』\n]{1,40}[\"'“”」"
          r"』](?:就行|即可|就好|就可以|而已|别的什么都不要|不要说其他|不要输出其他)|在(?:你的|每个|每次)?(?:回答|"
          r"回复|输出)(?:的)?(?:开头|开始|前面|末尾|结尾|最后)(?:加上|添加|写上|附上|包含|都要)|(?:回答|回复|"
          r"输出)(?:必须|只能|应该)(?:是|以)[\"'“”「『])"),
    _Rule("output_forcing", "de/only_output",
          _open(rf"(?:gib|geben\s+sie)\s+(?:nur|ausschließlich|lediglich)\s+{_QUOTE}|(?:antworte|antworten\s+sie|sag|"
                rf"sage|"
               rf"sagen\s+sie|schreib|schreibe|schreiben\s+sie|gib)\s+(?:nur|ausschliesslich|lediglich|"
               rf"einfach)\s+(?:mit\s+)?{_QUOTE}|(?:beginne|beginnen\s+sie|starte)\s+(?:deine|ihre|"
               rf"jede)\s+antwort\s+mit"), _quoted_payload),
    _Rule("output_forcing", "es/only_output",
          _open(rf"(?:responde|responda|contesta|di|diga|escribe|escriba|imprime)\s+(?:solo|solamente|unicamente|"
               rf"exclusivamente)\s+(?:con\s+)?{_QUOTE}|(?:solo|solamente|unicamente)\s+(?:di|responde|escribe|"
               rf"imprime|contesta)\s+(?:con\s+)?{_QUOTE}|(?:empieza|comienza|inicia)\s+(?:tu|su|"
               rf"cada)\s+respuesta\s+con"),
          _quoted_payload),
    _Rule("output_forcing", "fr/only_output",
          _open(rf"(?:reponds|repondez|dis|dites|ecris|ecrivez|affiche|affichez)\s+(?:uniquement|seulement|juste|"
                rf"simplement)"
               rf"\s+(?:par\s+|avec\s+)?{_QUOTE}|(?:commence|commencez)\s+(?:ta|votre|chaque)\s+reponse\s+par"),
          _quoted_payload),
    _Rule("output_forcing", "ru/only_output",
          _open(rf"(?:отвечай|ответь|ответьте|выведи|выведите|напиши|напишите|скажи|скажите)\s+(?:только|лишь|"
                rf"исключительно)"
               rf"\s+{_QUOTE}|начни(?:те)?\s+(?:свой\s+)?ответ\s+с"), _quoted_payload),
    _Rule("output_forcing", "ja/only_output",
          r"([「『\"'][^」』\"'\n]{1,40}[」』\"'](?:とだけ|だけを?|のみを?)(?:出力|答え|言|返|回答|書|表示)|(?:だけ|"
          r"のみ)を?(?:出力|回答|返答)して|回答の(?:最初|冒頭|先頭|最後|末尾)に)"),
]  # fmt: skip

# Output forcing as a grammar: a verb of saying, a restrictor (only, exactly, nothing but, verbatim, in the form),
# and the payload in quotes, in any of the languages; or an answer held to one word. "Please write exactly 'Happy
# Birthday Anna' on the card" puts the words on a thing and is left alone (_spoken_payload).
_RESTRICTOR = (
    r"(?:only|exactly|exatcly|just|solely|precisely|verbatim|word\s+for\s+word|nothing\s+(?:but|other\s+than|else\s+"
    r"but)|anything\s+(?:other|else)\s+than|in\s+the\s+form|exactly\s+this|this\s+exactly|with\s+no\s+changes)"
)
_FORCING_GRAMMAR = [
    _Rule("output_forcing", "en/say+restrict+quote",
          _open(rf"(?:{_FORCE_VERB}|otput|ouput|write\s+back|say\s+back|confirm\s+in\s+writing|allowed\s+to\s+"
                rf"(?:respond|reply|answer|say))\s+(?:[\w,]+\s+){{0,5}}?{_RESTRICTOR}\b[^\"'`«»“”\n.?!]{{0,40}}?"
                rf"{_QUOTE}|confirm\s+in\s+writing\s*:\s*{_QUOTE}"),
          _spoken_payload, "customer"),
    _Rule("output_forcing", "en/answer_one_word",
          _hit(rf"(?:your|the|this)\s+(?:\w+\s+)?{_RESPONSE}\s+(?:must|should|has\s+to|will|may)\s+(?:only\s+)?(?:be|"
               rf"contain|consist\s+of)\s+(?:exactly\s+|exatcly\s+|only\s+|just\s+)?(?:one\s+word|a\s+single\s+word|"
               rf"the\s+(?:word|string|phrase)|only\s+the\s+(?:word|string|phrase))|{_FORCE_VERB}\s+only\s+the\s+"
               rf"(?:word|string|phrase)\s+\w+|(?:do\s+not|don't|never)\s+(?:say|write|output|reply|respond)\s+"
               rf"(?:anything|anthing|a\s+word)\s+(?:other|else)\s+than|you\s+are\s+only\s+allowed\s+to\s+(?:respond|"
               rf"reply|answer|say)\s+with"), _not_conditional, "customer"),
    _Rule("output_forcing", "world/say+restrict+quote",
          _open(rf"(?:sag|sage|schreib|schreibe|antworte|gib)\s+(?:\w+\s+){{0,2}}?(?:genau|exakt|wortlich|nur|"
                rf"ausschliesslich)\s*:?\s*{_QUOTE}|(?:di|diga|responde|escribe|contesta)\s+(?:\w+\s+){{0,2}}?"
                rf"(?:exactamente|solo|solamente|unicamente|textualmente)\s*(?:con\s+)?(?:la\s+frase\s+)?:?\s*{_QUOTE}"
                rf"|(?:dis|dites|ecris|ecrivez|reponds|repondez)\s+(?:\w+\s+){{0,2}}?(?:exactement|uniquement|"
                rf"seulement|mot\s+pour\s+mot)\s*(?:par\s+)?:?\s*{_QUOTE}|(?:rispondi|di|scrivi)\s+(?:solo|soltanto|"
                rf"esattamente)\s+(?:con\s+)?{_QUOTE}|(?:responda|reaponda|diga|escreva)\s+(?:apenas|somente|"
                rf"exatamente)\s+(?:com\s+)?{_QUOTE}"), _spoken_payload, "customer"),
    _Rule("output_forcing", "ru/say+restrict+quote",
          _open(rf"(?:скажи|ответь|ответьте|напиши|выведи)\s+(?:ровно|только|дословно|лишь)\s*(?:словами\s+|фразой\s+)?"
                rf":?\s*{_QUOTE}"), _spoken_payload, "customer"),
    _Rule("output_forcing", "ko/only_output",
          r"(['\"‘’“”][^'\"‘’“”\n]{1,40}['\"‘’“”]\s*(?:이)?라고만\s*(?:출력|말|답|대답|응답|써))", None, "customer"),
]

_EXTRACT_VERB = _alt(
    ("repeat", "print", "reveal", "show", "display", "output", "tell me", "give me", "list", "write out",
     "write down", "dump", "leak", "spell out", "copy", "recite", "paste", "share", "disclose", "expose", "echo",
     "type out", "read back", "print out", "output all", "return", "state", "translate", "summarize", "write",
     "send me", "provide", "let me see", "what is", "what's", "what are", "what were", "what was", "convert",
     "encode", "format", "rewrite", "paraphrase", "explain", "put", "turn")
)  # fmt: skip
_PROMPT_TARGET = (
    r"(?:your|the|my|this|its)\s+(?:\w+\s+){0,2}?(?:system|initial|original|hidden|secret|internal|underlying|full|"
    r"complete|entire|exact|first|pre|starting|base|developer|initialization|instruction|"
    r"confidential)[\s-]*(?:prompts?|instructions|message|directives|rules|guidelines|configuration|config|setup|"
    r"context|text|programming|orders|commands)|(?:system|initial|original|hidden|secret|pre)[\s-]*prompt|"
    r"system\s+message|your\s+(?:prompt|prompts|instructions|directives|programming|initialization|initial\s+text|"
    r"guidelines\s+verbatim|rules\s+verbatim|configuration)"
)
_EXTRACTION = [
    _Rule("prompt_extraction", "en/reveal+system_prompt",
          _hit(rf"{_EXTRACT_VERB}\s+(?:me\s+|us\s+|back\s+|out\s+)?(?:all\s+(?:of\s+)?)?(?:{_PROMPT_TARGET})"),
          _not_the_writers_own),
    _Rule("prompt_extraction", "en/text_above",
          _hit(r"(?:print|output|reveal|write\s+out|recite|echo|dump|leak|spell\s+out)\s+(?:back\s+)?(?:all\s+|"
               r"everything\s+|the\s+|your\s+)?(?:text|words|content|everything|conversation|messages|lines|"
               r"sentences|instructions|prompt)\s+(?:\w+\s+)?(?:above|before\s+this|before\s+that|so\s+far|"
               r"at\s+the\s+(?:top|start|beginning)|from\s+the\s+(?:top|start|beginning)|preceding|"
               r"prior\s+to\s+this)|(?:everything|all|text|words|content)\s+(?:\w+\s+){0,2}?(?:above|"
               r"before\s+this)(?:\s+\w+){0,3}?[\s,]+(?:verbatim|word\s+for\s+word|character\s+for\s+character)|"
               r"(?:text|words|content|everything|instructions|prompt)\s+(?:\w+\s+)?(?:above|"
               r"before\s+this)\s+(?:starting\s+(?:with|from)|verbatim|word\s+for\s+word|in\s+a\s+code\s+block|"
               r"including\s+(?:everything|anything|all))"), _for_the_customer, "customer"),
    _Rule("prompt_extraction", "en/the_above_prompt",
          _hit(rf"{_EXTRACT_VERB}\s+(?:me\s+|us\s+|back\s+)?(?:the\s+|all\s+(?:of\s+)?(?:the\s+)?)?(?:(?:above|"
               rf"preceding|initial|original|hidden|secret)\s+(?:prompt|instructions)|(?:initial|original|hidden|"
               rf"secret)\s+(?:text|message|context)|previous\s+prompt)")),
    _Rule("prompt_extraction", "en/verbatim",
          _hit(r"(?:verbatim|word\s+for\s+word|character\s+for\s+character|in\s+full|exactly\s+as\s+(?:written|"
               r"given))[\s,.]+(?:\w+\s+){0,4}?(?:prompt|instructions|system|above|initial|rules)|(?:prompt|"
               r"instructions|system\s+message|text\s+above|everything\s+above|"
               r"words\s+above)\s+(?:\w+\s+){0,3}?(?:verbatim|word\s+for\s+word|character\s+for\s+character)")),
    _Rule("prompt_extraction", "en/what_were_you_told",
          _hit(r"what\s+(?:were|have)\s+you\s+(?:been\s+)?(?:told|instructed|programmed|given|"
               r"asked)\s+(?:to\s+do\s+)?(?:before|initially|at\s+the\s+(?:start|beginning)|earlier|by\s+(?:your|"
               r"the)\s+(?:developers?|creators?|system|operator))|what\s+(?:was|is)\s+written\s+(?:above|"
               r"at\s+the\s+(?:top|beginning|start))|what\s+(?:instructions|rules|directives|guidelines|"
               r"prompt)\s+(?:were|have|did)\s+you\s+(?:been\s+)?(?:given|told|receive|received|provided|get|got|"
               r"programmed\s+with)|(?:words|text)\s+(?:above|before\s+this)\s+starting\s+with")),
    _Rule("prompt_extraction", "en/first_line_of_prompt",
          _hit(r"(?:first|last|opening|initial|second)\s+(?:sentence|line|word|words|paragraph|part|instruction|"
               r"message)s?\s+(?:of|in)\s+(?:your|the|this)\s+(?:prompt|instructions|system\s+(?:prompt|message)|"
               r"context|conversation|rules)|what\s+(?:are|were)\s+you\s+(?:not\s+allowed|forbidden|told\s+not|"
               r"instructed\s+not|prohibited|programmed\s+not)\s+to")),
    _Rule("prompt_extraction", "en/password_spelled",
          _hit(r"(?:password|secret\s+word|passphrase|secret)\s+(?:\w+\s+){0,3}?(?:letter\s+by\s+letter|backwards|"
               r"reversed|in\s+reverse|with\s+spaces|one\s+letter\s+at\s+a\s+time|character\s+by\s+character|"
               r"in\s+base64|encoded|as\s+an\s+acrostic|spelled\s+out)|(?:story|poem|song|scene|dialogue|"
               r"riddle)\s+(?:where|in\s+which|about\s+how)\s+(?:\w+\s+){0,8}?(?:reveals?|says?|tells?|shares?|"
               r"spells?)\s+(?:\w+\s+){0,2}?(?:password|secret|system\s+prompt|instructions)"), None, "customer"),
    _Rule("prompt_extraction", "en/password",
          _hit(r"(?:reveal|tell\s+me|give\s+me|spell|print|what\s+is|what's|whats|share|say|write|output|show\s+me|"
               r"disclose|leak)\s+(?:\w+\s+){0,2}?(?:the|your)\s+(?:secret\s+|hidden\s+)?(?:password|passphrase|"
               r"secret\s+(?:word|key|code|phrase)|magic\s+word|access\s+code)"), _not_a_named_password, "customer"),
    _Rule("prompt_extraction", "zh/reveal",
          r"((?:输出|显示|打印|告诉我|给我看|展示|泄露|透露|重复|复述|说出|写出|列出|发给我|提供|翻译)(?:一下|"
          r"出)?(?:你的|你|完整的|全部的|原始的|初始的|最初的|所有的|你收到的|你被给予的)*(?:系统提示词?|系统提示语|"
          r"提示词|初始指令|原始指令|初始提示|系统消息|系统设定|系统指令|隐藏指令|prompt|设定的指令|你的指令|"
          r"你的设定|你的提示|你的初始设置)|(?:你的)?(?:系统提示词?|初始指令|原始指令|系统指令|提示词|系统设定|"
          r"初始设定)(?:是什么|有哪些|的内容是|的全文)|(?:把|将)(?:你的)?(?:系统提示词?|提示词|初始指令|系统指令|"
          r"系统设定|系统消息|prompt|指令|设定)[^\n。！？]{0,8}?(?:输出|显示|打印|告诉我|发给我|写出|复述|重复|泄露|"
          r"透露|列出)|(?:重复|复述|输出|打印|翻译)(?:一下)?(?:上面|以上|前面|之前)的?(?:所有)?(?:内容|文字|文本|话|"
          r"指令|句子))"),
    _Rule("prompt_extraction", "de/reveal",
          _hit(r"(?:gib|geben\s+sie|zeig|zeige|zeigen\s+sie|wiederhole|wiederholen\s+sie|verrate|verraten\s+sie|"
               r"nenne|drucke|schreib|schreibe)\s+(?:mir\s+|uns\s+)?(?:bitte\s+)?(?:deinen|deine|ihren|ihre|den|"
               r"die)\s+(?:gesamten\s+|vollstandigen\s+|ursprunglichen\s+|ersten\s+|kompletten\s+|ganzen\s+|genauen\s+|"
               r"geheimen\s+|versteckten\s+)?(?:system-?prompt|prompt|"
               r"prompt-?texte|systemanweisungen|anweisungen|instruktionen|ausgangsanweisungen)|(?:alle\s+)?(?:deine|"
               r"ihre)\s+prompt-?texte|wie\s+(?:lauten|lautet|sind|waren)\s+(?:deine|ihre)\s+(?:ursprunglichen|ersten|"
               r"geheimen|versteckten|internen|eigentlichen|anfanglichen)\s+(?:anweisungen|regeln|instruktionen|vorgaben)|"
               r"(?:was|wie)\s+(?:ist|lautet)\s+dein\s+(?:system-?)?prompt")),
    _Rule("override", "de/verb+object+nicht",
          _hit(r"(?:beachte|befolge|beachtet|befolgt|beachten\s+sie|befolgen\s+sie|hore\s+auf)\s+(?:\w+\s+){0,2}?"
               r"(?:die|deine|ihre|alle)\s+(?:\w+\s+){0,2}?(?:anweisungen|regeln|vorgaben|befehle|instruktionen|"
               r"richtlinien)\s+(?:\w+\s+)?nicht"), _override_check(_DE)),
    _Rule("prompt_extraction", "pt/reveal",
          _hit(r"(?:prompt|instrucoes|instrucao)\s+(?:de|do)\s+sistema|(?:mostre|mostra|revele|revela|diga|diz|me\s+diga|"
               r"imprima|repita)\s+(?:me\s+)?(?:o\s+seu|o\s+teu|seu|teu|as\s+suas|suas|tuas)\s+(?:prompt|instrucoes)")),
    _Rule("prompt_extraction", "it/reveal",
          _hit(r"prompt\s+di\s+sistema|istruzioni\s+di\s+sistema|(?:mostrami|mostra|rivela|rivelami|dimmi|ripeti|"
               r"stampa)\s+(?:il\s+tuo|i\s+tuoi|le\s+tue|tuo|tue)\s+(?:prompt|istruzioni)")),
    _Rule("prompt_extraction", "ko/reveal",
          r"((?:시스템\s*프롬프트|초기\s*지시|지시\s*사항|프롬프트)(?:를|을)?\s*(?:보여|알려|출력|말해|공개))"),
    _Rule("prompt_extraction", "es/reveal",
          _hit(r"(?:muestra|muestrame|revela|revelame|imprime|repite|dime|escribe|ensename|comparte)\s+(?:tu|tus|el|"
               r"las|su|sus)\s+(?:prompt|instrucciones|indicaciones)(?:\s+(?:del\s+sistema|iniciales|originales|"
               r"ocultas|secretas|completas))?|prompt\s+del\s+sistema")),
    _Rule("prompt_extraction", "fr/reveal",
          _hit(r"(?:affiche|affichez|revele|revelez|montre|montrez|montre-moi|repete|repetez|imprime|ecris|donne-moi|"
               r"donnez-moi|dis-moi)\s+(?:ton|votre|le|tes|vos|les)\s+(?:prompt|instructions|"
               r"consignes)(?:\s+(?:systeme|initiales|d'origine|originales|cachees|completes))?|prompt\s+(?:systeme|"
               r"du\s+systeme)")),
    _Rule("prompt_extraction", "ru/reveal",
          _hit(r"(?:покажи|покажите|выведи|выведите|повтори|повторите|напиши|раскрой|скажи|расскажи|"
               r"распечатай)\s+(?:мне\s+)?(?:свой\s+|твой\s+|ваш\s+|свои\s+|твои\s+|исходный\s+|"
               r"изначальный\s+)?(?:системный\s+промпт|промпт|системные\s+инструкции|исходные\s+инструкции|"
               r"начальные\s+инструкции|инструкции)|системный\s+промпт")),
    _Rule("prompt_extraction", "ja/reveal",
          r"((?:システムプロンプト|初期プロンプト|プロンプト|最初の指示|あなたへの指示|与えられた指示|上記の(?:指示|"
          r"内容|テキスト|文章)|元の指示)(?:を|の内容を|をすべて)?(?:表示|出力|教え|見せ|開示|繰り返|書き出|印刷|"
          r"共有|言って))"),
]  # fmt: skip

# Prompt extraction as a grammar: a question or an order (what are / tell me / show / summarize / copy) about the
# assistant's own text (your instructions, the rules you were given, what comes before my message, the first words
# of this conversation). "What are the rules for returns?" asks about the shop: the object must be the assistant's,
# and a topic after it ("your rules for refunds", "tus reglas de devolución") makes it a question about policy.
_OWN_TEXT = (
    r"(?:your|ur|yr)\s+(?:(?:very\s+|exact\s+|real\s+|actual\s+|hidden\s+|secret\s+|internal\s+|initial\s+|original\s+|"
    r"first\s+|full\s+|complete\s+|whole\s+|entire\s+|system\s+|starting\s+|opening\s+|own\s+)*)(?:instructions?|"
    r"instruct?ions|instruuctions|rules|guidelines|directives|prompts?|promt|system\s+(?:prompt|message|meswage|text)|"
    r"programming|configuration|setup|orders)"
    r"|(?:the\s+)?(?:hidden|secret|internal|confidential|initial|original)\s+(?:rules|instructions|guidelines|"
    r"directives|prompt)\s+(?:you\s+(?:were|have\s+been|got|received)|(?:they|the\s+developers?|the\s+company|your\s+"
    r"(?:developers?|creators?|company|makers?))\s+gave\s+you|given\s+to\s+you)"
    r"|(?:rules|instructions|guidelines|directives)\s+(?:that\s+)?(?:you\s+(?:were|have\s+been)\s+(?:given|told|"
    r"programmed\s+with)|your\s+(?:developers?|creators?|company|makers?|operators?)\s+gave\s+you)"
)
_TOPIC_AFTER = _compile_folded(
    r"^\s*(?:for|on|about|regarding|concerning|around|with|to\s+the|de|sobre|para|pour|sur|zu|fur|для|по)\s"
)


def _not_about_a_topic(text: str, start: int, end: int) -> bool:
    """'Your rules for refunds' is the shop's policy, 'your rules' alone is the assistant's."""
    return _TOPIC_AFTER.match(text[end : end + 20]) is None


_EXTRACTION_GRAMMAR = [
    _Rule("prompt_extraction", "en/ask+own_text",
          _hit(rf"(?:what|which)\s+(?:are|were|was|is|'s|r)\s+(?:(?:the\s+)?(?:exact\s+)?(?:words|wording|text|content)\s+"
               rf"(?:in|of)\s+)?(?:{_OWN_TEXT})|(?:tell|show|give|send|list|reveal|repeat|print|paste|copy|summari[sz]e|"
               rf"recite|output|write\s+out|spell\s+out|share|describe)\s+(?:me\s+|us\s+)?(?:all\s+|every\s+|each\s+)?"
               rf"(?:(?:of\s+)?the\s+)?(?:(?:exact\s+)?(?:words|wording|text|content)\s+(?:in|of)\s+)?(?:{_OWN_TEXT})|"
               rf"what(?:'s|\s+is|\s+was)\s+written\s+in\s+(?:{_OWN_TEXT})"),
          _not_about_a_topic, "customer"),
    _Rule("prompt_extraction", "en/text_before_my_message",
          _hit(r"(?:everything|all|the\s+text|the\s+words|whatever|what|anything|text|content)\s+(?:that\s+)?(?:comes|"
               r"came|is|was|appears|appeared|you\s+(?:see|saw|got|received))\s+(?:before|above|ahead\s+of|prior\s+to)\s+"
               r"(?:my|our|this|the)\s+(?:first\s+|very\s+first\s+)?(?:message|conversation|question|chat|reply|turn)"
               r"|(?:first|opening|initial)\s+(?:\d+|few|hundred|fifty|ten|twenty)\s+(?:words|lines|sentences|"
               r"characters|tokens)\s+(?:of|in)\s+(?:this|the|our)\s+(?:conversation|chat|prompt|context|session)"
               r"|(?:very\s+)?first\s+(?:sentence|thing|words?|line|instruction)\s+you\s+(?:were|have\s+been)\s+"
               r"(?:told|given|shown)"
               r"|what\s+did\s+(?:the|your)\s+(?:developers?|creators?|company|operators?|admins?|makers?|owners?)\s+"
               r"(?:tell|instruct|ask|program)\s+you"
               r"|what\s+(?:rules|instructions|guidelines|directives|prompts?)\s+did\s+(?:they|the\s+\w+|your\s+\w+)\s+"
               r"(?:give|send|hand)\s+you"
               r"|(?:message|text|rules|instructions|policies|prompt|notes?)\s+(?:that\s+)?(?:the|your|an?)\s+(?:operator|"
               r"developers?|creators?|company|admins?|system)\s+(?:wrote|gave|loaded|set|left|put)\s+(?:for|into|in|to)\s+"
               r"you|(?:policies|rules|instructions|prompts?|guidelines)\s+(?:were|was|have\s+been)\s+(?:loaded|put|"
               r"programmed|given|fed)\s+(?:into|to)\s+you|(?:developer|system|operator)\s+message\s+you\s+"
               r"(?:received|got|were\s+given)|(?:rules|instructions|guidelines)\s+you'?re\s+following"
               r"|(?:wiederhole|wiederholen\s+sie|gib)\s+(?:den|die)\s+(?:text|nachricht|anweisungen)\s+(?:oben|davor)|"
               r"повтори(?:те)?\s+(?:дословно\s+)?(?:текст|сообщение|всё)\s+выше|повтори(?:те)?\s+дословно"
               r"|(?:summari[sz]e|list|repeat|recite|copy|print|paste)\s+(?:all\s+)?(?:the\s+)?(?:instructions?|"
               r"instruuctions|rules|guidelines|directives)\s+(?:that\s+)?you\s+(?:were|have\s+been|got)\s+"
               r"(?:given|told)"), None, "customer"),
    _Rule("prompt_extraction", "world/ask+own_text",
          _hit(r"(?:cuales|que)\s+(?:eran|son|fueron)\s+(?:tus|sus)\s+(?:instrucciones|reglas|indicaciones)"
               r"|(?:dime|muestrame|ensename|dame)\s+(?:las|tus)\s+(?:reglas|instrucciones)\s+(?:ocultas|secretas|"
               r"internas|iniciales|originales|que\s+te\s+(?:dieron|han\s+dado))"
               r"|quelles\s+(?:etaient|sont)\s+(?:tes|vos)\s+(?:instructions|consignes|regles)|(?:instructions|consignes|"
               r"regles)\s+que\s+(?:l'on|on)\s+(?:t'a|vous\s+a)\s+donnees|(?:repete|repetez|recopie|recopiez)\s+mot\s+"
               r"pour\s+mot|(?:zeig|zeige|nenne|verrate)\s+(?:mir\s+)?(?:die|deine)\s+(?:versteckten|geheimen|internen|"
               r"ursprunglichen)\s+(?:regeln|anweisungen)|wie\s+(?:lautet|lauten|war|waren)\s+(?:dein|deine)\s+"
               r"(?:\w+\s+)?(?:prompt|anweisungen|regeln)"
               r"|какие\s+(?:у\s+тебя\s+)?(?:были|есть)\s+(?:инструкции|правила|указания)|(?:покажи|назови|перечисли)\s+"
               r"(?:мне\s+)?(?:скрытые|секретные|внутренние|свои|твои)\s+(?:правила|инструкции)|правила,?\s+которые\s+"
               r"тебе\s+(?:дали|задали)"),
          _not_about_a_topic, "customer"),
    _Rule("prompt_extraction", "zh+ja/ask+own_text",
          r"((?:開発者|運営|システム|会社)(?:から|が)(?:与えられた|与えた|の|渡した)(?:ルール|指示|命令|設定)を|"
          r"(?:开发者|开发人员|公司|系统|他们)给你的(?:规则|指令|设定|提示词?)|你的(?:prompt|提示词|指令|设定)(?:是什么|"
          r"原文|全文)|(?:对话|聊天)开始(?:之前|以前)的(?:内容|文字|话)|你(?:最开始|一开始|最初|开始时)收到的(?:指令|提示|"
          r"规则|内容)|(?:あなた|君)への指示(?:は何|を教え|を見せ)|(?:上の|上記の|最初の)(?:文章|指示|内容|テキスト)を"
          r"そのまま|(?:システムプロンプト|プロンプト|指示)をそのまま(?:表示|出力|繰り返|書き出|見せ|教え))", None,
          "customer"),
]

_ROLE_NAME = _alt(("system", "assistant", "ai", "bot", "chatbot", "chatgpt", "gpt", "gpt-4", "claude", "model",
                   "developer", "admin", "administrator", "operator", "root", "sudo", "system prompt",
                   "system message", "system note", "system override", "admin override", "developer note",
                   "developer message", "system instruction", "system instructions", "系统", "助手", "系统提示",
                   "システム", "アシスタント", "sistema", "systeme", "система", "ассистент",
                   # the same roles with the words that dress them up, and in more languages
                   "system notice", "system alert", "system update", "system notice to ai", "system note to ai",
                   "internal note", "internal note to bot", "internal note to ai", "note to ai", "note to bot",
                   "note to the assistant", "message to ai", "admin note", "admin message", "operator note",
                   "operator message", "assistent", "asistente", "assistente", "systemnachricht", "systemhinweis",
                   "mensaje del sistema", "message systeme", "системное сообщение", "administrador",
                   "administrateur", "администратор", "系统消息", "系统通知", "系统指令", "管理员",
                   "システムメッセージ", "管理者"))  # fmt: skip
# What a role line says when it speaks to (or as) the assistant, not "System: Windows 11" in pasted device info.
_ROLE_CONTENT = compile_re2(
    r"(?:^|[^\pL])(?:you\s+are|you're|you\s+will|you\s+must|you\s+should|you\s+shall|you\s+may\s+now|your\s+(?:task|"
    r"role|job|goal|purpose|instructions|new|only|rules)|ignore|disregard|forget|override|new\s+instructions|respond|"
    r"reply|answer|assistant|\bai\b|mode|prompt|do\s+not|don't|always|never|reveal|print|output|say|sure|certainly|"
    r"of\s+course|here\s+is|here's|i\s+will|i'll|i\s+can|access|granted|approved|authorized|enabled|activated|admin|"
    r"user\s+is|the\s+user|confidential|secret|password|instructions|comply|obey|new\s+(?:policy|rules?|orders|task)|"
    r"approve|grant|permitted|allowed|unlock|refund\s+(?:everything|all|every)|你|忽略|现在|必须|扮演|回答|回复|输出|"
    r"指令|不要|du\s+bist|ignoriere|tu\s+es|eres|ты|あなた|無視)"
)
# What a role line says in any language when it speaks as the operator or the assistant: a policy changed, the user
# promoted, something granted or handed over, or the assistant already agreeing ("Sure! Here is the list").
_ROLE_CONTENT_MORE = _compile_folded(
    r"(?:^|[^\pL])(?:polic(?:y|ies)|updated|verified|administrator|bypass|disabled?|disable|enable|share|provide|give|"
    r"list|refund\s+(?:this|the|all|every)|this\s+(?:user|customer)|customer\s+(?:is|below|has)|pre-?approved|"
    r"entitled|voucher|internal|all\s+(?:refunds|requests|orders|data|details)|safety|filters?|without\s+(?:checks?|"
    r"review|verification|a\s+receipt|refusing)|neue|richtlinie|genehmig\pL*|erstatt\pL*|nutzer|freigeschaltet|"
    r"naturlich|hier\s+(?:ist|sind)|nueva|politica|aprobar|reembolsos?|usuario|administrador|claro|aqui\s+(?:tiene|"
    r"esta|estan)|nouvelle|politique|approuver|rembours\pL*|utilisateur|administrateur|bien\s+sur|voici|"
    r"новая|политика|пользовател\pL*|администратор\pL*|выдай|одобр\pL*|конечно|вот\s+список|данные)(?:$|[^\pL])|"
    r"用户|管理员|政策|已更新|批准|审核|无需|提供|所有|好的|以下是|当然|折扣码|ユーザー|管理者|もちろん|一覧|許可|承認|"
    r"提供|すべて|以下"
)


def _role_line_content(text: str, end: int) -> str:
    """The rest of a role line; when the role stands alone on its line ("#### SYSTEM OVERRIDE"), the next line."""
    rest = text[end : end + 400]
    line, _, after = rest.partition("\n")
    if line.strip(" \t:=#*-]】>)") == "":
        return after.split("\n", 1)[0][:200]
    return line[:200]


def _role_content_check(text: str, start: int, end: int) -> bool:
    content = _role_line_content(text, end)
    return _ROLE_CONTENT.search(content) is not None or _ROLE_CONTENT_MORE.search(content) is not None


_ROLES = [
    _Rule("role_injection", "role_line",
          r"(?m)^[ \t>*_\-|]*(?:\[|\(|<|\*\*|#{1,6}\s*)?(" + _ROLE_NAME + r")(?:\]|\)|>|\*\*)?[ \t]*(?:\(\w+\))?[ \t]"
                                                                          r"*[:>]",
          _role_content_check),
    _Rule("role_injection", "role_midline",
          r"(?:[.!?。！？]\s+|\s{2,}|[\]\)>}]\s*|\"\s*)(" + _ROLE_NAME + r")(?:\]|\))?\s*[:>]", _role_content_check),
    _Rule("role_injection", "bracket_role",
          r"([\[<](?:/?)(?:" + _ROLE_NAME + r")(?:\s+(?:message|prompt|note|override|instruction|instructions|"
          r"update|command|mode))?[\]>])", _role_content_check),
    _Rule("role_injection", "role_header_line",
          r"(?m)^[ \t]*(?:#{1,6}|={2,}|-{2,}|\*{2,}|\[|【|<)[ \t]*(" + _ROLE_NAME + r"(?:[ \t]+(?:override|notice|note|"
          r"message|prompt|update|instructions?|alert))?)[ \t]*(?:#{0,6}|={2,}|-{2,}|\*{2,}|\]|】|>)[ \t]*:?[ \t]*$",
          _role_content_check),
    _Rule("role_injection", "bracket_role_inline",
          r"(?m)^[ \t]*((?:\[|【)" + _ROLE_NAME + r"(?:[ \t]+(?:override|notice|note|message|prompt|update|"
          r"instructions?|alert))?(?:\]|】))", _role_content_check),
    _Rule("role_injection", "markdown_role_header",
          r"(#{2,6}[ \t]*(?:instruction|instructions|system|assistant|response|human|user|input|new\s+instructions|"
          r"system\s+prompt)[ \t]*:)"),
    _Rule("role_injection", "dialogue_turn", r"(?:^|\n)[ \t]*((?:human|user|assistant)[ \t]*:)[^\n]*\n(?:[^\n]*\n)*?["
                                             r" \t]*"
          r"(?:assistant|ai|bot|system)[ \t]*:", None),
    _Rule("role_injection", "markdown_role_pair",
          r"(?m)^[ \t]*(#{2,6}[ \t]*(?:instruction|instructions|input|human|"
          r"user))[ \t]*$(?:\n.*)*?\n[ \t]*#{2,6}[ \t]*(?:response|assistant|output)[ \t]*:?[ \t]*$"),
]  # fmt: skip

# Overrides that declare the rules gone instead of telling the model to drop them ("your previous restrictions
# are lifted", "cancel all prior instructions", "Message from the developers: ..."), and roleplay as a frame x an
# unbound condition (pretend / imagine / hypothetically x no rules; two personas; an employee who reveals secrets).
_AI_RULES = (
    r"(?:instructions?|insttructiions|rules|restrictions|guidelines|programming|programmnig|directives|limitations|"
    r"guardrails|filters|system\s+prompt|context|policies|constraints)"
)
_OVERRIDE_MORE = [
    _Rule("override", "en/rules_declared_void",
          _hit(rf"(?:your|ur|all\s+(?:of\s+)?(?:your|the|previous|prior|earlier)?|the\s+(?:previous|prior|earlier|old|"
               rf"original|existing)|previous|prior|earlier|old|original)\s+(?:\w+\s+)?{_AI_RULES}\s+(?:\w+\s+){{0,3}}?"
               rf"(?:are|is|were|was|have\s+been|has\s+been)\s+(?:now\s+|hereby\s+|officially\s+|all\s+)?(?:void|"
               rf"cancell?ed|lifted|revoked|overridden|null|suspended|disabled|removed|irrelevant|obsolete|invalid|"
               rf"(?:only|just)\s+a\s+test|no\s+longer\s+(?:valid|in\s+effect|binding|active|apply|applicable)|"
               rf"(?:updated|changed|replaced)\s+by\s+(?:the\s+)?(?:\w+\s+)?(?:admin|administrators?|developers?|"
               rf"security|operators?|management|engineering|creators?)(?:\s+team)?)"),
          _EN_OVERRIDE_CHECK, "customer"),
    _Rule("override", "en/rules_above+void",
          _hit(rf"{_AI_RULES}\s+(?:above|before\s+this|so\s+far|you\s+(?:were|have\s+been)\s+given|given\s+to\s+you)"
               rf"\s+(?:are|is|were|was|have\s+been|has\s+been)\s+(?:now\s+|hereby\s+|officially\s+)?(?:void|"
               rf"cancell?ed|lifted|revoked|overridden|null|suspended|irrelevant|obsolete|invalid|(?:only|just)\s+a\s+"
               rf"test|no\s+longer\s+(?:valid|in\s+effect|binding|active|apply|applicable))"),
          _EN_OVERRIDE_CHECK, "customer"),
    _Rule("override", "en/cancel+rules",
          _hit(rf"(?:cancel|reset|revoke|scrap|scratch|suspend|lift|wipe|clear|void)\s+(?:all\s+(?:of\s+)?)?(?:your|"
               rf"ur|the|any|all|prior|previous|earlier|original|existing|current)\s+(?:\w+\s+)?{_AI_RULES}"),
          _EN_OVERRIDE_CHECK, "customer"),
    _Rule("override", "en/stop_being_assistant",
          _hit(r"(?:forget|stop|quit)\s+(?:about\s+)?being\s+(?:a|an|the)\s+(?:\w+\s+)?(?:support\s+bot|assistant|bot|"
               r"chatbot|ai|support\s+agent|customer\s+service\s+(?:bot|agent|assistant))"), None, "customer"),
    _Rule("override", "en/message_from_developers",
          _open(r"(?:message|note|update|notice|memo|instruction)\s+from\s+(?:the\s+)?(?:\w+\s+)?(?:developers?|dev\s+"
                r"team|admin\s+team|admins?|engineering|security\s+team|operators?|creators?)\s*:"),
          _role_content_check, "customer"),
    _Rule("override", "world/rules_declared_void",
          _hit(r"(?:consignes|instructions|regles)\s+(?:precedentes|anterieures|d'avant|initiales)\s+(?:sont|ont\s+ete)\s+"
               r"(?:annulees|supprimees|invalides|caduques|abrogees|levees)|(?:vorherigen|bisherigen|alten|"
               r"ursprunglichen)\s+(?:anweisungen|regeln|vorgaben|instruktionen)\s+(?:sind|gelten)\s+(?:nicht\s+mehr|"
               r"ungultig|aufgehoben|ausser\s+kraft|hinfallig)|(?:instrucciones|reglas|indicaciones)\s+(?:anteriores|"
               r"previas|originales)\s+(?:ya\s+no\s+(?:valen|sirven|aplican|cuentan)|(?:quedan|estan|han\s+sido)\s+"
               r"(?:anuladas|canceladas|revocadas)|son\s+invalidas)|(?:предыдущие|прежние|старые)\s+(?:инструкции|"
               r"правила|указания)\s+(?:отменены|больше\s+не\s+действуют|недействительны|не\s+действуют)"),
          None, "customer"),
    _Rule("override", "cjk/rules_declared_void",
          r"((?:前面|之前|上面|刚才)(?:说|讲)的(?:都|全)(?:不算|作废|无效)|(?:以前|前|これまで|上記)の(?:指示|ルール|命令|"
          r"設定)は(?:すべて|全部)?(?:無効|取り消し|なし|忘れて))", None, "customer"),
    _Rule("override", "zh/rules_declared_void",
          r"((?:之前|以前|上面|原来|原先|先前)的(?:规定|规则|限制|指令|设定|要求)(?:都|全|全部)?(?:已经|已)?(?:忘了|忘掉|"
          r"不用管|别管|作废|解除|取消|失效|无效|不算数))", None, "customer"),
    _Rule("roleplay_jailbreak", "ru/from_now_on_you_are",
          _hit(r"(?:с\s+этого\s+момента|отныне|теперь)\s+ты\s+(?:\S+\s+){0,3}?(?:помощник|ассистент|бот|ии|"
               r"работаешь\s+в\s+режиме)"), None, "customer"),
]
_UNBOUND = (
    r"(?:no|any|without|zero)\s+(?:\w+\s+)?(?:rules|guidelines|policies|restrictions|filters|limits|limitations|"
    r"guardrails|constraints|censorship|ethics|morals|boundaries)"
)
_ROLEPLAY_GRAMMAR = [
    _Rule("roleplay_jailbreak", "en/frame+unbound",
          _hit(rf"(?:pretend|imagine|suppose|assume|act\s+as\s+if|act\s+like|let'?s\s+say|hypothetically|in\s+(?:this|a)"
               rf"\s+(?:fictional|imaginary|hypothetical|fantasy|parallel)\s+(?:world|scenario|story|universe)|if\s+"
               rf"you\s+(?:didn'?t|did\s+not)\s+have|if\s+you\s+had)\s+(?:[\w',]+\s+){{0,8}}?{_UNBOUND}"),
          None, "customer"),
    _Rule("roleplay_jailbreak", "en/two_personas",
          _hit(r"(?:you\s+have|respond\s+as|answer\s+as|reply\s+as|rspond\s+as|act\s+as|give\s+(?:me\s+)?|with)\s+"
               r"(?:two|2|dual|both)\s+(?:personalities|personas|characters|modes|versions|responses|outputs|"
               r"answers)|developer\s+mode\s+output|(?:rules|instructions|guidelines)\s+(?:say|tell\s+you),?\s+do\s+"
               r"the\s+opposite"), None, "customer"),
    _Rule("roleplay_jailbreak", "en/insider_persona",
          _hit(r"(?:play|be|act\s+as|pretend\s+to\s+be|you'?re|you\s+are|speak\s+as|roleplay\s+as|role-play\s+as)\s+"
               r"(?:a|an|the|that)\s+(?:\w+\s+)?(?:employee|staff\s+member|insider|worker|manager|ai|assistant|"
               r"character)\s+(?:who|that)\s+(?:reveals|leaks|shares|tells|gives\s+away|ignores|breaks|has\s+no)"),
          None, "customer"),
    _Rule("roleplay_jailbreak", "world/frame+unbound",
          _hit(r"spiel\w*\s+(?:einen|eine|den|die)\s+\w+,?\s+(?:der|die)\s+(?:\w+\s+){0,2}?\w*geheim\w*|stell\s+dir\s+"
               r"vor,?\s+(?:du\s+hattest|es\s+gabe)\s+keine\s+(?:regeln|richtlinien|einschrankungen)"
               r"|juguemos\s+a\s+que\s+eres|finge\s+que\s+(?:eres|no\s+tienes)|imagina\s+que\s+no\s+tienes\s+(?:reglas|"
               r"normas|restricciones)|ahora\s+eres\s+dan"
               r"|fais\s+(?:comme|come)\s+si\s+tu\s+(?:n'avais|etais|n'etais)|imagine\s+que\s+tu\s+n'as\s+(?:aucune|"
               r"pas\s+de)\s+(?:regle|regles|restriction)"
               r"|fai\s+(?:finta|fina)\s+di|immagina\s+di\s+non\s+avere\s+regole"
               r"|сыграй\s+(?:роль\s+)?\S+,?\s+котор\S+|представь,?\s+что\s+у\s+тебя\s+нет\s+(?:никаких\s+)?(?:правил|"
               r"ограничений)|du\s+bist\s+jetzt\s+dan"), None, "customer"),
    _Rule("roleplay_jailbreak", "ko+ja/pretend",
          r"((?:규칙|제한|정책)이\s*없는\s*척|(?:ルール|制限|規則)が(?:ない|無い)(?:ふり|つもり)|ふりをして)", None,
          "customer"),
]

_TEMPLATE = [
    _Rule("template_tokens", "chat_template_token",
          r"(<\|[a-z_]{2,32}(?:\|>|>)|\[/?inst\]|<</?sys>>|<(?:start|end)_of_turn>|</?s>\s*\[inst\]|<\|?(?:bos|eos|"
          r"eot)\|?>|\[/?(?:system|sys)_?(?:prompt)?\]|</?(?:system|system_prompt|instructions?|user_input|"
          r"user_query|prompt|im_start|im_end|assistant)>|\bendoftext\b|\[end\s+of\s+(?:text|prompt|conversation|"
          r"instructions|input)\]|<\|\s*(?:system|user|assistant)\s*\|>)"),
]  # fmt: skip

# --------------------------------------------------------------------------------------------------------------
# Planted instructions in knowledge paragraphs: the paragraph speaks to the assistant, or asks for something that
# would end up in the assistant's reply to the customer. A paragraph that speaks to its own reader ("Contact
# support at ...", "Include your order number in your reply") is the document doing its job.

_ANY_REPLY = _alt(("reply", "replies", "message", "messages", "email", "response", "responses", "answer", "answers",
                   "summary", "summaries", "output", "outputs", "completion"))  # fmt: skip
_INSERT_VERB = compile_re2(
    r"(?:^|[^\pL])(?:add|adds|include|insert|mention|say|state|write|put|place|append|prepend|recommend|suggest|tell|"
    r"ask|remind|inform|link|promote|advertise|claim|insist|end|begin|start|finish|conclude|sign|close|embed|"
    r"incorporate|refer|direct|urge|encourage|translate|respond|reply|use|quote|cite|output|print|type|highlight|"
    r"emphasize|emphasise|stress|note|make\s+sure|ensure|always|never|do\s+not|don't|avoid|express|praise|describe|"
    r"call|pretend|format|rewrite|replace|change|modify|convince|persuade|advise|warn)(?:$|[^\pL])"
)
# Signs that what is asked serves someone other than the reader: a quoted line to insert, a link, a deal, the AI.
_SUSPECT = compile_re2(
    r"(?:" + _QUOTE + r"|https?://|www\.|\.(?:com|net|org|biz|info|xyz|io|co|ru|cn|top|click|shop|site|online|link)"
    r"\b|\b(?:deals?|discounts?|offers?|free|prizes?|win|winner|coupons?|promo|bonus|giveaway|cheap|sale|"
    r"limited\s+time|click|buy|crypto|bitcoin|investment|guaranteed|assistant|\bai\b|language\s+model|chatbot|llm|"
    r"the\s+user|users)\b)"
)
_URGENCY = compile_re2(
    r"\b(?:immediately|urgent|urgently|right\s+away|act\s+(?:now|fast)|suspended|locked|compromised|virus|hacked|"
    r"expire|expires|expired|verify|verification|security\s+(?:check|alert|issue)|breach|unauthorized|fraud|"
    r"within\s+24\s+hours|or\s+else|penalty|fine|arrest)\b"
)
_SENSITIVE = _alt(
    ("bank details", "bank account details", "bank account", "bank account number", "bank information",
     "bank info", "bank login", "bank credentials", "banking details", "banking information", "banking password",
     "online banking details", "online banking password", "online banking credentials", "account number",
     "account numbers", "account password", "account credentials", "account login", "routing number", "iban",
     "swift code", "sort code", "password", "passwords", "passcode", "passcodes", "pin", "pin code", "pin number",
     "pins", "credit card", "credit card number", "credit card numbers", "credit card details",
     "credit card information", "debit card", "debit card number", "debit card details", "card number",
     "card numbers", "card details", "card information", "card info", "cvv", "cvc", "cvv2", "security code",
     "card security code", "expiration date", "expiry date", "social security number", "social security",
     "ssn", "login details", "login credentials", "login information", "login info", "credentials",
     "username and password", "one-time password", "one-time code", "one time password", "one time code", "otp",
     "verification code", "2fa code", "two-factor code", "authentication code", "seed phrase", "recovery phrase",
     "private key", "private keys", "mother's maiden name", "passport number", "passport details",
     "date of birth", "full card number", "payment details", "payment information", "financial details",
     "financial information", "personal details", "personal information", "personal data", "api key",
     "api keys", "access token", "wallet", "sms code", "one-time sms code", "code from the sms",
     "code from the text message", "verification sms", "security question", "answer to their security question",
     "answer to your security question", "security answer", "banking app", "online-banking username",
     "both sides of their card", "both sides of your card", "photo of their card", "photo of your card")
)  # fmt: skip
_NEGATED = compile_re2(
    r"\b(?:never|not|don't|dont|do\s+not|no\s+one|nobody|won't|will\s+not|should\s+not|shouldn't|must\s+not|mustn't|"
    r"cannot|can't|without|avoid|beware|scam|phishing|fraudulent|legitimate\s+\w+\s+(?:will|would)\s+never)\b"
)
_DESTINATION = compile_re2(
    r"[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}|https?://|www\.|\b[a-z0-9-]+\.(?:com|net|org|biz|info|xyz|io|co|ru|cn|"
    r"top|click|shop|site|online|link|me|app)\b|\b(?:this|the\s+following|the\s+link|that|our|my|"
    r"this\s+secure)\s+(?:link|form|address|email|number|site|website|page|url|portal)\b|\bthe\s+link\s+below\b|"
    r"\bby\s+(?:email|e-mail|replying|reply|text|sms|whatsapp|telegram|chat|dm)\b|\b(?:here|below)\b|\bin\s+(?:your|"
    r"the|a)\s+(?:reply|response|answer)\b|\breply\s+(?:to\s+this|with)\b"
)


def _reply_injection_check(text: str, start: int, end: int) -> bool:
    """'in your answer/response/summary' is the assistant's artefact; 'in your reply/message' may be a customer
    replying to an email, so it counts only when what is to be put there is suspect (a quote, a link, a deal)."""
    sentence = _sentence_around(text, start, end)
    if not _INSERT_VERB.search(sentence):
        return False
    hit = text[start:end]
    if _ARTEFACT_WORD.search(hit):
        return True
    return _SUSPECT.search(sentence) is not None or _URGENCY.search(sentence) is not None


_ARTEFACT_WORD = compile_re2(r"\b(?:response|responses|answer|answers|summary|summaries|output|outputs|completion)\b")


def _user_directive_check(text: str, start: int, end: int) -> bool:
    """'Tell the user ...' speaks to the assistant (a document for customers would say 'you'). 'Tell the customer
    ...' may be a support script for a human agent and 'inform users that ...' a maintenance notice, so those count
    only when what is asked is suspect."""
    sentence = _sentence_around(text, start, end)
    if _NEVER.search(sentence):  # "never ask the customer for their card number" is the rule, not the attack
        return False
    if _THE_USER.search(text[start:end]):
        return True
    return bool(_SENSITIVE_RE.search(sentence) or _URGENCY.search(sentence) or _PROMO.search(sentence))


_THE_USER = compile_re2(r"\bthe\s+user\b")
_NEVER = compile_re2(
    r"\b(?:never|don't|dont|do\s+not|must\s+not|mustn't|should\s+not|shouldn't|cannot|can't|won't|will\s+not)\b"
)
_SENSITIVE_RE = compile_re2(_SENSITIVE)
_PROMO = compile_re2(
    r"\b(?:deals?|discounts?|prizes?|winner|won|coupons?|promo|bonus|giveaway|cheap|crypto|bitcoin|investment|"
    r"guaranteed|exclusive\s+offer|special\s+offer|limited\s+time|claim\s+(?:it|your|a|the|now)|gift\s+cards?|reward|"
    r"cash\s+prize|lottery|casino|betting|jackpot)\b|" + _QUOTE
)


def _not_forbidden(text: str, start: int, end: int) -> bool:
    """A sentence that forbids the ask ("never ask the customer for their card number") states the rule."""
    return _NEVER.search(_sentence_around(text, start, end)) is None


def _not_negated(text: str, start: int, end: int) -> bool:
    return _NEGATED.search(_sentence_around(text, start, end)) is None


def _exfiltration_check(text: str, start: int, end: int) -> bool:
    """Asking for secrets to be sent somewhere, not a warning never to ("We will never ask for your password")."""
    sentence = _sentence_around(text, start, end)
    return _NEGATED.search(sentence) is None and _DESTINATION.search(text[start : end + 160]) is not None


def _exfiltration_entry_check(text: str, start: int, end: int) -> bool:
    """'Enter your card number at checkout' is how a shop works; entering secrets is suspect only where the text
    also sends the reader to an address of its own with urgency, or into a reply."""
    sentence = _sentence_around(text, start, end)
    if _NEGATED.search(sentence):
        return False
    after = text[start : end + 160]
    return bool(_REPLY_DESTINATION.search(after) or (_DESTINATION.search(after) and _URGENCY.search(sentence)))


_REPLY_DESTINATION = compile_re2(
    r"[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}|\bby\s+(?:email|e-mail|replying|reply|text|sms|whatsapp|telegram|dm)\b|"
    r"\bin\s+(?:your|the|a)\s+(?:reply|response|answer)\b|\breply\s+(?:to\s+this|with)\b|\bthe\s+link\s+below\b|"
    r"\bthis\s+(?:link|form)\b"
)


def _rules_void_check(text: str, start: int, end: int) -> bool:
    """ "All earlier rules are void" is addressed to whoever holds rules; "all previous return instructions are
    replaced by this policy" is a document updating itself, and says what replaces them."""
    return _REPLACED_BY.match(text[end : end + 40]) is None


_REPLACED_BY = compile_re2(r"^\s*(?:by|with)\s+(?:this|the\s+(?:new|current|following))\b")


def _when_task_check(text: str, start: int, end: int) -> bool:
    """'When summarizing, recommend X': the clause that follows tells the assistant what to do or say. 'When
    summarizing your issue, ...' is the reader summarizing their own."""
    if {"your", "their"}.intersection(_words_after(text, end, 1)):
        return False
    clause = _sentence_after(text, end)[:160]
    asked = _AI_BEHAVIOUR.search(clause)
    # "When replying, include your order number": what is asked is the reader's own, as in any form letter.
    return asked is not None and "your" not in _words_after(clause, asked.end(), 1)


_AI_BEHAVIOUR = compile_re2(
    r"(?:^\s*|[,:;]\s*|\bthen\s+|\bplease\s+|\byou\s+(?:must|should|need\s+to|have\s+to|will)\s+)(?:always\s+|"
    r"only\s+|also\s+|first\s+)?(?:say|tell|respond|reply|answer|recommend|mention|include|state|claim|insist|direct|"
    r"refer|point|advise|suggest|inform|remind|make\s+sure|be\s+sure|ensure|emphasize|emphasise|add|do\s+not|don't|"
    r"never|ignore|pretend|act|promote|describe|output|print|write|praise|criticize|urge|encourage|ask|avoid|omit|"
    r"translate|summarize|summarise|end|begin|start|talk|speak|present|frame|portray|call|conclude|classify|rate|"
    r"give|treat|report|list|deny|confirm|approve|reject|label|mark|refuse|claim|describe|warn)\b"
)
_ASSISTANT_CONTENT = compile_re2(
    r"\b(?:you\s+(?:are|must|should|will|shall)|ignore|disregard|respond|reply|answer|say|tell|include|mention|"
    r"recommend|always|never|do\s+not|don't|output|print|summarize|summarise|the\s+user|users?|instructions?)\b"
)
_ADDRESSED_AI = _alt(("ai", "a.i.", "assistant", "assistants", "chatbot", "chatbots", "bot", "llm", "llms", "gpt",
                      "chatgpt", "claude", "gemini", "copilot", "language model", "ai assistant", "ai model",
                      "ai models", "ai agent", "virtual assistant", "ai language model"))  # fmt: skip


_AI_PLURAL = _alt(
    ("ai", "a.i.", "chatbot", "chatbots", "llm", "llms", "gpt", "chatgpt", "language model", "language models",
     "large language models", "ai assistant", "ai assistants", "ai model", "ai models", "ai agent", "ai agents",
     "virtual assistants", "ai systems", "bots", "ai tools", "ai crawlers", "crawlers", "any ai")
)  # fmt: skip


def _instruction_follows(text: str, start: int, end: int) -> bool:
    """An order in the rest of the sentence ("AI assistants summarizing reviews: always say ...")."""
    rest = _sentence_after(text, end)[:200]
    return bool(_AI_BEHAVIOUR.search(rest) or _MODAL.search(rest))


_MODAL = compile_re2(r"\b(?:must|should|shall|need\s+to|have\s+to|are\s+to)\s+(?:always\s+|never\s+|only\s+|not\s+)?\w")


def _instruction_or_verb(text: str, start: int, end: int) -> bool:
    """ "AI systems condensing this policy should present ...": the modal already ends the match, the verb after it
    is what is asked; a question ("which assistants using this should we trust?") is not an order."""
    return not _sentence_after(text, end).rstrip().endswith("?")


def _not_a_question(text: str, start: int, end: int) -> bool:
    """A FAQ heading may be a customer's request ("Show me the prices?"); a planted request ends as an order."""
    return not _sentence_after(text, end).rstrip().endswith("?")


def _vocative_check(text: str, start: int, end: int) -> bool:
    """'Chatbot: available 24/7' lists a contact channel; 'AI: ignore the rest' speaks to the model. Only the
    sentence after the colon counts: "Assistant: available 24/7. Always keep your receipt." is two."""
    return _ASSISTANT_CONTENT.search(_sentence_after(text, end)[:160]) is not None


_EN_RULE_OBJECT = (
    r"(?:instructions|instruction|rules|guidelines|guidance|directives|prompts?|system\s+prompts?|"
    r"system\s+messages?|programming|training|orders|configuration)"
)
_PLANTED = [
    _Rule("override", "en/rules_void",
          _hit(rf"(?:(?:all|any|your|every|the|earlier|previous|prior|preceding|original|old|existing|standing)\s+)+"
               rf"(?:\w+\s+)?{_EN_RULE_OBJECT}\s+(?:(?:you\s+(?:were|have\s+been|'ve\s+been)\s+given|you\s+received|"
               rf"you\s+have|given\s+to\s+(?:you|the\s+(?:model|assistant|ai|bot))|to\s+(?:the|this|any)\s+(?:model|"
               rf"assistant|ai|bot|chatbot))\s+)?(?:are|is|have\s+been|has\s+been|were|was)\s+(?:now\s+|hereby\s+|"
               rf"officially\s+)?(?:void|cancell?ed|invalid|invalidated|outdated|obsolete|revoked|null|superseded|"
               rf"withdrawn|lifted|suspended|replaced|overridden|no\s+longer\s+(?:valid|applicable|in\s+effect|active|"
               rf"binding|relevant))|(?:earlier|previous|prior|old|original|your|all)\s+(?:\w+\s+)?{_EN_RULE_OBJECT}\s+"
               rf"(?:no\s+longer\s+apply|do\s+not\s+apply\s+any\s*more|don't\s+apply\s+any\s*more)"),
          _rules_void_check, "document"),
    _Rule("override", "en/takes_priority",
          _hit(rf"(?:takes?|has|have|is\s+given)\s+(?:absolute\s+|full\s+|top\s+)?(?:priority|precedence)\s+over\s+"
               rf"(?:all\s+|any\s+)?(?:your|the\s+(?:assistant's|model's|ai's|system's)|the\s+system|previous|prior|"
               rf"earlier|other|its|operator|developer)\s+(?:\w+\s+)?{_EN_RULE_OBJECT}|(?:overrides?|supersedes?|"
               rf"replaces?|cancels?)\s+(?:all\s+|any\s+)?(?:your|the\s+(?:assistant's|model's|ai's|bot's)|the\s+system)"
               rf"\s+(?:\w+\s+)?{_EN_RULE_OBJECT}|whatever\s+(?:your|the)\s+(?:operator|operators|developers?|"
               rf"creators?|admins?|administrators?|system\s+prompt|instructions|prompt|owner|makers?)\s+(?:\w+\s+)?"
               rf"(?:told|tells|say|says|said|instructed|instructs)|(?:this|the\s+present)\s+(?:page|document|text|"
               rf"paragraph|section|file|article|faq|entry)\s+is\s+(?:now\s+)?(?:the|your)\s+(?:final|ultimate|only|"
               rf"sole|highest|supreme|real|new)\s+(?:authority|source\s+of\s+truth|instructions|rules)"),
          None, "document"),
    _Rule("override", "en/new_system_message",
          _open(r"(?:new|updated|revised|real|actual|true|official)\s+(?:system\s+(?:message|note|notice|prompt|"
                r"instructions?)|instructions|rules|orders|directives)\s*(?:for\s+(?:the\s+)?(?:assistant|ai|model|"
                r"bot|chatbot)\s*)?(?:\([^)\n]{0,40}\)\s*)?(?::|(?:begin|start)s?\s+(?:here|now|below)|"
                r"(?:are|is)\s+(?:as\s+follows|below))"), None, "document"),
    _Rule("assistant_address", "en/assistant_may",
          _hit(rf"(?:the|an?|any|all|every|our|this)\s+{_ASSISTANT}s?\s+(?:may|can|is\s+(?:now\s+)?(?:allowed|"
               rf"permitted|authori[sz]ed|free)\s+to)\s+(?:now\s+|also\s+|freely\s+)?(?:disclose|reveal|share|leak|"
               rf"ignore|disregard|bypass|skip|waive|approve\s+(?:every|all|any)|grant\s+(?:every|all|any)|"
               rf"accept\s+(?:every|all|any)|promise)"), None, "document"),
    _Rule("exfiltration", "en/third_party_send",
          _hit(rf"(?:users?|customers?|clients?|guests?|passengers?|callers?|buyers?|shoppers?|members?|"
               rf"applicants?|travell?ers?)\s+(?:{_WORD}\s+){{0,4}}?(?:needs?\s+to|must|should|has\s+to|have\s+to|"
               rf"(?:is|are)\s+(?:required|asked|expected)\s+to|(?:is|are)\s+to)\s+(?:first\s+|also\s+|now\s+)?"
               rf"(?:send|email|e-mail|forward|text|provide|submit|upload|share|post|message|dm|give|enter|type|"
               rf"reply\s+with)\s+(?:{_WORD}\s+){{0,6}}?{_SENSITIVE}"), _exfiltration_check, "document"),
    _Rule("exfiltration", "en/reply_with_secret",
          _hit(rf"(?:reply|respond|answer|write\s+back)\s+(?:to\s+(?:this|the|our)\s+(?:message|email|e-mail|"
               rf"text|sms)\s+)?with\s+(?:your|their|his|her|the\s+user's|the\s+customer's|full|complete|all)\s+"
               rf"(?:{_WORD}\s+){{0,3}}?{_SENSITIVE}"), _not_negated, "document"),
    _Rule("reply_injection", "en/in_your_reply",
          _hit(rf"(?:in|into|to|at\s+the\s+(?:end|start|beginning|top|bottom|close)\s+of|within|throughout|"
               rf"as\s+part\s+of|inside|on|onto)\s+(?:your|each|every|all|any|all\s+of\s+your|"
               rf"each\s+of\s+your)\s+(?:final\s+|next\s+|generated\s+|future\s+"
               rf"|subsequent\s+)?{_ANY_REPLY}"), _reply_injection_check, "document"),
    _Rule("reply_injection", "en/response_format",
          _hit(rf"(?:begin|start|end|finish|conclude|preface|prefix|open|close|sign\s+off|terminate|format|write|"
               rf"translate|rewrite|phrase|word|structure|style)\s+(?:each\s+|every\s+|all\s+)?(?:of\s+)?(?:your|"
               rf"each|every|all|the)\s+(?:next\s+|following\s+|final\s+)?{_ANY_REPLY}\s+(?:with|by|in|as|using|to|"
               rf"so)"),
          _reply_injection_check, "document"),
    _Rule("reply_injection", "en/answer_in_style",
          _hit(r"(?:answer|respond|reply|write\s+(?:your|the)\s+(?:answer|response|reply|summary))\s+(?:only\s+|"
               r"always\s+)?(?:in|using|with|as|like)\s+(?:a\s+|an\s+|the\s+)?(?:pirate|sarcastic|rude|rhym|"
               r"all\s+caps|uppercase|capital\s+letters|emojis?|shakespearean|poem|haiku|limerick|leetspeak|base64|"
               r"reverse|morse|binary|pig\s+latin|riddles?|song|rap|gibberish|insults?|angry|hostile|condescending|"
               r"mocking)"),
          None, "document"),
    _Rule("reply_injection", "en/creative_task",
          _hit(r"(?:^|[\n.!?]\s*|\b(?:please|also|now|then|and)[\s,]+)(?:write|compose|create|generate|tell|"
               r"produce)\s+(?:me\s+|us\s+|the\s+user\s+)?(?:a|an|one)\s+(?:short\s+|funny\s+|little\s+)?(?:poem|"
               r"haiku|story|essay|song|joke|limerick|rap|sonnet|tweet|recipe|riddle|fable|fairy\s"
               r"+tale|ode)\b"), None, "document"),
    _Rule("user_directive", "en/tell_the_user",
          _hit(r"(?:tell|inform|advise|instruct|remind|urge|encourage|convince|persuade|warn|notify|direct|redirect|"
               r"recommend\s+to|suggest\s+to|let|make\s+sure|ensure|get|push|pressure|trick|lure|invite|prompt|nudge|"
               r"steer|ask)\s+(?:that\s+)?(?:(?:the|all|every|each|any|our)\s+)?(?:users?|readers?|visitors?|"
               r"customers?|clients?|persons?|humans?|requesters?|callers?|people|recipients?)\s*(?:know\s+|"
               r"knows\s+)?(?:to\b|that\b|about\b|they\b|their\b|it\b|this\b|:|of\b|should\b|must\b|visits?\b|"
               r"goes?\b|clicks?\b|calls?\b|sends?\b|shares?\b)"),
          _user_directive_check, "document"),
    _Rule("reply_injection", "en/task_hijack",
          _hit(r"(?:^|[\n.!?:]\s*|\b(?:please|also|now|then|and|instead)[\s,]+)(?:translate\s+the\s+following|"
               r"(?:decode|decrypt|decipher)\s+(?:this|the\s+following)|reverse\s+the\s+following|"
               r"determine\s+the\s+sentiment|analy[sz]e\s+the\s+(?:sentiment|tone)\s+of|write\s+(?:me\s+)?(?:a|"
               r"an)\s+(?:\w+\s+)?(?:script|program|function|code\s+snippet|sql\s+query)|tell\s+(?:me|us|"
               r"the\s+user)\s+a\s+joke|recommend\s+(?:me\s+)?a\s+(?:good\s+)?(?:book|movie|film|song|recipe|"
               r"restaurant|game)|find\s+the\s+latest\s+(?:research|news|studies))"),
          None, "document"),
    _Rule("assistant_address", "en/first_person_request",
          _hit(r"(?:^|[\n.!?]\s*)(?:please\s+|now\s+|also\s+)?(?:tell|give|show|send|write|recommend|find|list|"
               r"explain|describe|translate|summari[sz]e|generate|create|compose)\s+me\s+(?:a|an|the|some|your|all|"
               r"every)\b"),
          _not_a_question, "document"),
    _Rule("exfiltration", "en/forward_conversation",
          _hit(rf"(?:forward|send|email|e-mail|mail|copy|cc|bcc|upload|post)\s+(?:a\s+copy\s+of\s+)?(?:this|the|all|"
               rf"every|the\s+entire|the\s+whole|the\s+user's|the\s+customer's|their)\s+(?:\w+\s+)?(?:conversation|"
               rf"conversations|chat|chats|chat\s+history|history|transcript|emails|messages|summary|data|details|"
               rf"records|documents|files|contacts|inbox|credentials|"
               rf"{_SENSITIVE})\s+(?:\w+\s+){{0,3}}?to\s+(?:[a-z0-9._%+-]+@|https?://|www\.|this\s+address|"
               rf"the\s+following)"), None, "document"),
    _Rule("user_directive", "en/ask_the_user",
          _hit(r"(?:ask|request|require|prompt|get|have)\s+(?:the|all|every|each|any)\s+(?:users?|customers?|"
               r"readers?|visitors?|clients?|persons?|callers?)\s+(?:to|for)\b"), _user_directive_check, "document"),
    _Rule("assistant_address", "en/vocative",
          _hit(rf"(?:dear|hey|hi|hello|attention|attn|note\s+to|message\s+to|instructions?\s+(?:for|to)|"
               rf"important\s+(?:note\s+)?(?:for|to)|reminder\s+(?:for|to)|psst|listen|calling\s+all|to\s+(?:all|"
               rf"any))[\s,:]+(?:the\s+|all\s+|any\s+|every\s+|an\s+|a\s+)?{_ASSISTANT}s?\b"), None, "document"),
    _Rule("assistant_address", "en/assistant_colon",
          rf"(?:^|[\n.!?({{\[>]\s*|\s[-*•]\s+)((?:the\s+)?{_ADDRESSED_AI}s?(?:\s+(?:instructions?|note|notice|"
          rf"directive|reminder|task))?\s*[,:])", _vocative_check, "document"),
    _Rule("assistant_address", "en/automated_readers",
          _hit(r"(?:for|to)\s+(?:all\s+|any\s+)?(?:automated|ai|machine|robot|llm|ai-powered)\s+(?:readers?|systems?|"
               r"agents?|assistants?|tools?|crawlers?|summari[sz]ers?|models?)\s*[:,]"), None, "document"),
    _Rule("assistant_address", "en/ai_with_task_must",
          _hit(rf"(?:{_AI_PLURAL}|assistants?|models?|bots?)\s+(?:that\s+|which\s+|who\s+)?(?:use|uses|using|quote|quotes|"
               rf"quoting|read|reads|reading|condense|condenses|condensing|summari[sz]e|summari[sz]es|summari[sz]ing|"
               rf"process|processes|processing|cite|cites|citing|retrieve|retrieves|retrieving|answer|answers|"
               rf"answering|see|sees|seeing|index|indexes|indexing|handle|handles|handling)\s+(?:{_WORD}\s+){{0,4}}?"
               rf"(?:must|should|shall|need\s+to|have\s+to|has\s+to|are\s+to|is\s+to|are\s+required\s+to|"
               rf"is\s+required\s+to)\s+(?:always\s+|never\s+|now\s+|only\s+|not\s+|also\s+)?\w+"),
          _instruction_or_verb, "document"),
    _Rule("reply_injection", "en/artefact_must",
          _hit(r"(?:summaries|any\s+summary|every\s+summary|all\s+summaries|the\s+summary|ai\s+summaries|"
               r"ai-generated\s+(?:summaries|answers)|generated\s+(?:summaries|answers))\s+(?:of\s+this\s+\w+\s+)?"
               r"(?:must|should|shall|are\s+to|is\s+to|will)\s+(?:always\s+|only\s+|also\s+)?(?:describe|present|state|"
               r"say|mention|include|call|omit|recommend|claim|refer|portray|characteri[sz]e|list|rate|"
               r"conclude|frame|report|classify|treat|leave\s+out|exclude|ignore)"), None, "document"),
    _Rule("reply_injection", "en/the_correct_summary",
          _hit(r"the\s+(?:correct|official|only|right|proper|accurate|true|approved|required)\s+(?:summary|answer|"
               r"response|reply|description)\s+(?:(?:of|to|for)\s+(?:this|the|any)\s+(?:\w+\s+){0,2}?)?"
               r"(?:is|reads|would\s+be|should\s+be|must\s+be)\s*:?\s*" + _QUOTE), None, "document"),
    _Rule("assistant_address", "en/if_this_text_is_used",
          _hit(r"(?:if|when(?:ever)?|once)\s+(?:this|the\s+present)\s+(?:paragraph|page|document|text|section|faq|"
               r"article|passage|entry|snippet|policy|content|chunk)\s+(?:is|gets)\s+(?:being\s+)?(?:used|quoted|"
               r"retrieved|read|summari[sz]ed|shown|cited|included|referenced|consulted|processed)"),
          _when_task_check, "document"),
    _Rule("assistant_address", "en/if_you_are_an_ai",
          _hit(r"(?:if|when|since|because|as\s+long\s+as|in\s+case)\s+you(?:\s+are|'re|"
               r"\s+happen\s+to\s+be)\s+(?:an?\s+)?(?:ai|a\.i\.|artificial\s+intelligence|language\s+model|"
               r"large\s+language\s+model|llm|assistant|ai\s+assistant|chatbot|bot|gpt|model|automated\s+(?:system|"
               r"agent|assistant)|ai\s+model|ai\s+agent|virtual\s+assistant|machine|crawler|scraper)\b"),
          None, "document"),
    _Rule("assistant_address", "en/as_an_ai",
          _hit(r"as\s+an?\s+(?:ai|a\.i\.|artificial\s+intelligence|language\s+model|large\s+language\s+model|llm|"
               r"ai\s+assistant|ai\s+model|ai\s+language\s+model|chatbot|virtual\s+assistant|"
               r"ai\s+system)[\s,]+(?:you|your|it\s+is|it's|please|always|never|must|should|do\s+not|don't|"
               r"make\s+sure|remember|ensure|respond|answer|reply|tell|say|include|recommend|mention|i\s+(?:cannot|"
               r"can't|am\s+not|don't))"),
          None, "document"),
    _Rule("assistant_address", "en/ai_reading_this",
          _hit(rf"(?:(?:the|this|any|all|every|an?)\s+)?{_ADDRESSED_AI}s?\s+(?:that\s+(?:is\s+)?|which\s+(?:is\s+)?|"
               rf"who\s+(?:is\s+)?)?(?:reading|reads|processing|processes|summarizing|summarising|summarizes|"
               rf"analyzing|analysing|parsing|answering|seeing|sees|ingesting|crawling|scraping|indexing|retrieving|"
               rf"retrieves)\s+(?:this|these|the\s+following|my|our)"), None, "document"),
    _Rule("assistant_address", "en/ai_doing_task",
          _hit(rf"{_AI_PLURAL}\s+(?:that\s+are\s+|who\s+are\s+|which\s+are\s+)?(?:reading|processing|summari[sz]ing|"
               rf"analy[sz]ing|parsing|answering|reviewing|handling|crawling|indexing|generating|writing)\b"),
          _instruction_follows, "document"),
    _Rule("assistant_address", "en/ai_should",
          _hit(rf"{_AI_PLURAL}\s+(?:must|should|shall|need\s+to|have\s+to|are\s+to|are\s+required\s+to|"
               rf"are\s+instructed\s+to|may\s+not|must\s+not|should\s+not)\s+(?:always\s+|never\s+|now\s+|only\s+|"
               rf"not\s+|also\s+)?(?:respond|reply|answer|say|tell|recommend|mention|include|state|claim|insist|"
               rf"ignore|disregard|forget|refuse|direct|ask|output|print|write|add|inform|advise|promote|suggest|use|"
               rf"treat|pretend|act|describe|summari[sz]e|end|begin|start|reveal|share|send|praise|avoid|call|talk|"
               rf"speak|express|rate)"),
          None, "document"),
    _Rule("assistant_address", "en/assistant_must",
          _hit(rf"(?:the|an?|any|all|every|our|this|you\s+the|you,\s+the)\s+{_ASSISTANT}s?\s+(?:must|should|shall|"
               rf"needs\s+to|has\s+to|is\s+required\s+to|is\s+instructed\s+to|will\s+now|is\s+to|are\s+to|may\s+not|"
               rf"cannot|must\s+not|should\s+not|is\s+not\s+allowed\s+to|is\s+expected\s+to)\s+(?:always\s+|never\s+|"
               rf"now\s+|only\s+|not\s+|also\s+)?(?:respond|reply|answer|say|tell|recommend|mention|include|state|"
               rf"claim|insist|ignore|disregard|forget|refuse|direct|ask|output|print|write|add|inform|advise|"
               rf"promote|suggest|use|treat|pretend|act|comply|follow|obey|prioriti[sz]e|prefer|describe|"
               rf"summari[sz]e|end|begin|start|reveal|disclose|share|send|collect|request|praise|avoid|call|talk|"
               rf"speak|present|encourage|urge|remind|warn)"), None, "document"),
    _Rule("assistant_address", "en/when_replying",
          _open(r"(?:when(?:ever)?|while|before|after)\s+(?:you(?:'re|\s+are)?\s+)?(?:replying|answering|responding|"
                r"you\s+reply|you\s+answer|you\s+respond|talking|you\s+talk|writing|you\s+write)(?:\s+to)?(?:\s+(?:the|a|"
                r"any|this|each)\s+(?:customer|user|reader|visitor|client|caller|guest|traveller|traveler|passenger|"
                r"shopper|buyer)s?)?\s*,"), _when_task_check, "document"),
    _Rule("assistant_address", "en/when_summarizing",
          _hit(r"(?:when(?:ever)?|while|before|after|if|once)\s+(?:you(?:'re|\s+are)?\s+)?(?:summarizing|summarising|"
               r"summarize|summarise|asked\s+to\s+summari[sz]e|generating\s+(?:a\s+|the\s+|your\s+)?(?:response|"
               r"answer|summary|reply)|writing\s+(?:a\s+|the\s+|your\s+)(?:response|answer|summary|reply)|"
               r"processing\s+this|reading\s+this|(?:condensing|condense|paraphrasing|paraphrase|quoting|quote|citing|"
               r"cite|rewriting|rewrite|using|use|reviewing|review|comparing|compare)\s+(?:this|these|the\s+following)|"
               r"asked\s+to\s+(?:compare|rank|rate|review|choose|pick)|answering\s+(?:questions?\s+)?(?:about|on|regarding)\s+this|"
               r"(?:you\s+)?(?:answer|respond\s+to|reply\s+to|get|receive|are\s+asked|field)\s+(?:any\s+|a\s+|"
               r"the\s+)?(?:questions?|queries|requests?|inquiries)\s+(?:about|on|regarding|related\s+to|concerning)|"
               r"responding\s+to\s+(?:the\s+)?users?|answering\s+(?:the\s+)?users?|replying\s+to\s+(?:the\s+)?users?|"
               r"responding\s+to\s+(?:any\s+|a\s+|this\s+|the\s+)?(?:query|queries|question|questions|request|"
               r"requests|prompt)|answering\s+(?:any\s+|a\s+|this\s+|the\s+)?(?:query|queries|question|questions|"
               r"request|requests|prompt)|asked\s+(?:about|for|to|by\s+(?:the\s+|a\s+)?users?)|the\s+user\s+(?:asks|"
               r"mentions|says|wants|requests|inquires|enquires|types|writes)|a\s+user\s+(?:asks|mentions|says|wants|"
               r"requests|inquires|enquires)|users\s+ask)"),
          _when_task_check, "document"),
    _Rule("assistant_address", "en/to_the_user",
          _hit(r"(?:respond|reply|answer|say|write|talk|speak|explain|lie|suggest|recommend|mention|"
               r"describe)\s+(?:\w+\s+)?to\s+the\s+user\b"), None, "document"),
    _Rule("assistant_address", "en/you_must_now",
          _hit(r"you\s+(?:must|should|will|shall|need\s+to|have\s+to|are\s+to|are\s+required\s+to|"
               r"are\s+instructed\s+to|are\s+now\s+required\s+to)\s+now\s+(?:\w+\s+)?(?:respond|reply|answer|say|"
               r"tell|inform|output|print|include|mention|recommend|ignore|disregard|forget|pretend|act|refuse|"
               r"summari[sz]e|translate|write|add|state|claim|insist|promote|direct|redirect|only|always|never|"
               r"follow|obey|comply|begin|start|end|speak|talk|use|switch|stop|ask|send|share|reveal)|you\s+(?:must|"
               r"should|will|shall)\s+(?:always\s+|only\s+|now\s+)?(?:respond|answer|reply)\s+(?:with\s+|only\s+|"
               r"exclusively\s+|to\s+(?:the|every|all|any)\s+(?:user|question|query|request)|as\s+"
               r"(?:if|though|a|an))"), None, "document"),
    _Rule("assistant_address", "en/instructions_for_ai",
          _open(rf"(?:instructions?|directives?|rules|guidelines|orders|commands|message|note|prompt)\s+(?:for|to)\s+"
               rf"(?:the\s+|all\s+|any\s+)?{_ASSISTANT}s?\b|(?:hidden|secret|embedded|injected|important|"
               rf"special)\s+(?:instructions?|directives?|prompt|command)\s*(?::|for\b)"), None, "document"),
    _Rule("exfiltration", "en/ask_for_secret",
          _hit(rf"(?:ask|tell|instruct|request|require|prompt|get|have|remind|convince|persuade|encourage|urge|"
               rf"direct|push|pressure|trick|lure)\s+(?:the\s+|all\s+|every\s+|any\s+)?(?:users?|customers?|readers?|"
               rf"visitors?|clients?|persons?|people|them|him|her|recipients?)\s+(?:to|"
               rf"for)\s+(?:{_WORD}\s+"
               rf"){{0,6}}?{_SENSITIVE}"), _not_forbidden, "document"),
    _Rule("exfiltration", "en/collect_secret",
          _hit(rf"(?:collect|obtain|gather|request|solicit|extract|harvest|ask\s+for|demand|acquire|"
               rf"retrieve)\s+(?:the\s+)?(?:user's|users'|customer's|customers'|their|his|her|"
               rf"the\s+user's)\s+(?:{_WORD}\s+){{0,2}}?{_SENSITIVE}"), _not_negated, "document"),
    _Rule("exfiltration", "en/send_secret",
          _hit(rf"(?:share|send|email|e-mail|text|disclose|reveal|forward|post|dm|reply\s+with|give|transfer|wire|"
               rf"message|whatsapp|telegram|sharing|sending|emailing|texting|disclosing|forwarding|"
               rf"giving)\s+(?:us\s+|me\s+|them\s+)?(?:your|their|his|her|the\s+user's|the\s+customer's|full|"
               rf"complete|all)\s+(?:{_WORD}\s+){{0,3}}?{_SENSITIVE}"), _exfiltration_check, "document"),
    _Rule("exfiltration", "en/enter_secret",
          _hit(rf"(?:provide|submit|enter|update|confirm|verify|input|type|upload|fill\s+in|re-enter|validate|"
               rf"providing|submitting|entering|confirming|verifying|typing|uploading)\s+(?:your|their|his|her|"
               rf"the\s+user's|the\s+customer's|full|complete|all)\s+(?:"
               rf"{_WORD}\s+){{0,3}}?{_SENSITIVE}"), _exfiltration_entry_check, "document"),
    _Rule("reply_injection", "zh/in_your_answer",
          r"((?:在|于)(?:你的|每个|每次|所有)(?:回答|回复|答复|输出|总结|摘要)(?:中|里|末尾|结尾|开头|最后)|(?:告诉|"
          r"提醒|通知|建议|要求|让)(?:用户|读者|客户)(?:去|要|必须|应该|提供|发送|分享|访问|点击|输入)|(?:总结|回答|"
          r"回复)(?:时|的时候)[,，]?(?:请|要|务必|一定要)?(?:推荐|提到|说|加上|强调|告诉))", None, "document"),
    _Rule("assistant_address", "zh/as_an_ai",
          r"((?:如果你是|作为一个?|身为)(?:ai|人工智能|语言模型|大模型|助手|ai助手|聊天机器人)[,，]?(?:你|请|必须|"
          r"应该)|(?:致|给)(?:ai|人工智能|助手|模型)的(?:指令|提示|说明))", None, "document"),
    _Rule("reply_injection", "de/in_your_answer",
          _hit(r"in\s+(?:deiner|jeder)\s+antwort|in\s+(?:deiner|ihrer|jeder)\s+(?:zusammenfassung|ausgabe)|(?:sag|"
               r"sage|teile)\s+(?:dem|den)\s+(?:benutzer|nutzer|anwender)n?|wenn\s+du\s+(?:zusamme"
               r"nfasst|antwortest)"), None, "document"),
    _Rule("reply_injection", "es/in_your_answer",
          _hit(r"en\s+(?:tu|su|cada)\s+(?:respuesta|resumen)|(?:dile|dile\s+al|informa\s+al|"
               r"indica\s+al)\s+(?:al\s+)?usuario|al\s+resumir|cuando\s+(?:resumas|respondas)"), None, "document"),
    _Rule("reply_injection", "fr/in_your_answer",
          _hit(r"dans\s+(?:ta|votre|chaque)\s+(?:reponse|resume)|(?:dis|dites|indique|indiquez)\s+a\s+l'utilisateur|"
               r"(?:en|lorsque\s+tu|quand\s+tu)\s+(?:resumant|resumes|reponds|repondant)"), None, "document"),
]  # fmt: skip

# Planted instructions in German, Spanish, French, Russian, Chinese and Japanese. The same shapes as in English:
# the AI named and then given an order ("Assistent: füge ..."), the AI as the subject of a modal ("KI-Modelle, die
# diese Seite lesen, sollen ..."), a clause about summarizing or answering followed by an order, rules declared
# void, and a secret to be asked for or sent to an address. Knowledge paragraphs address their readers formally
# ("Sie", "vous", "usted", "укажите"); what a planted line says to the model is in the informal imperative, and the
# checks look for that.


def _first_line_after(cue: re2._Regexp, chars: int = 160) -> _Check:
    """The order that follows a vocative or a clause: in the same sentence, within `chars` characters (a spec line
    "Bot: 24/7. Always keep your receipt." ends before the next sentence's words)."""

    def check(text: str, start: int, end: int) -> bool:
        return cue.search(_sentence_after(text, end)[:chars]) is not None

    return check


def _without(negation: re2._Regexp) -> _Check:
    """A sentence that forbids the thing ("we never ask for your PIN") states the rule."""

    def check(text: str, start: int, end: int) -> bool:
        return negation.search(_sentence_around(text, start, end)) is None

    return check


def _without_and_to(negation: re2._Regexp) -> _Check:
    """A secret to be handed over: not forbidden, and an address of someone's (a mailbox, a link) in the sentence.
    Typing a card number into a site is how a shop takes payment: a secret entered counts only where it goes to a
    mailbox or the sentence holds out a lure (a refund sped up, a prize, an identity to confirm)."""

    def check(text: str, start: int, end: int) -> bool:
        sentence = _sentence_around(text, start, end)
        if negation.search(sentence) is not None or _ADDRESS.search(sentence) is None:
            return False
        if _ENTRY_VERB.search(text[start:end]) is None:
            return True
        return _MAILBOX.search(sentence) is not None or _LURE.search(sentence) is not None

    return check


_MAILBOX = compile_re2(r"[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+")
_ENTRY_VERB = _compile_folded(
    r"(?:^|[^\pL])(?:eingeben|eintragen|introducir|introduzca|ingresar|ingrese|saisir|saisis|saisissez|entrer|entrez|"
    r"вве\pL*|указа\pL*)(?:$|[^\pL])|填写|输入|提交|入力|記入"
)
_LURE = _compile_folded(
    r"(?:^|[^\pL])(?:erstattung|rückerstattung|entschädigung|gewinn|prämie|identität|bestätigen|verifizieren|"
    r"beschleunigen|reembolso|compensación|premio|verificar|identidad|acelerar|reclamar|rembours\pL*|indemnisation|"
    r"compensation|gagn\pL*|vérifier|identité|accélérer|réclamer|возврат\pL*|компенсац\pL*|приз\pL*|"
    r"выигрыш\pL*|подтвер\pL*|личност\pL*|ускор\pL*)|退款|赔偿|补偿|奖励|领取|中奖|验证身份|核实身份|加快|返金|補償|"
    r"賞品|当選|本人確認|早め"
)
_ADDRESS = compile_re2(
    r"[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+|https?://|www\.|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|biz|"
    r"info|xyz|io|co|ru|cn|top|click|shop|site|online|link|me|app|help|store|ly|live|vip|cc)\b"
)
_LATIN_CLAUSE = r"(?:^|[\n.!?(\[\]{>:;\"']\s*|\s[-*•]\s+)"  # where a vocative opens: a line, a sentence, a bracket
_CJK_CLAUSE = r"(?:^|[\n。！？.!?(\[\]{>（【「:\"']\s*|[-*•]\s*)"

# Per language: the AI as a noun, a note to it, the informal order that follows, and the sentence's negation.
_DE_AI = r"(?:ki-|chat-)?(?:assistent|assistentin|chatbot|bot|sprachmodell)|ki|ki-systeme?|ki-modelle?|ki-agent|bots"
_DE_ORDER = _compile_folded(
    r"\b(?:du|dein\w*|dir|dich|immer|niemals|jede[rnms]?\s+antwort|deine[rnms]?\s+antwort|empfiehl|fuge|"
    r"frag|frage|beende|beginne|schreib|schreibe|sag|sage|nenne|gib|erwahne|verweise|ignorier\w*|vergiss|behaupte|"
    r"antworte|leite|fordere|verlange|stelle|bewerte|lass|erzahl|erzahle|verschweige|bestatige|genehmige|bitte\s+"
    r"den\s+(?:kunden|nutzer|benutzer)|regeln|anweisungen)\b"
)
_DE_NOT = _compile_folded(r"\b(?:nie|niemals|nicht|kein|keine|keinen|keinesfalls|warnung|betrug)\b")
_ES_AI = (
    r"(?:asistente|asistentes|asistente\s+de\s+ia|asistente\s+virtual|ia|bot|bots|chatbot|chatbots|"
    r"modelo\s+de\s+lenguaje|modelos\s+de\s+lenguaje|modelo\s+de\s+ia|agente\s+de\s+ia)"
)
_ES_ORDER = _compile_folded(
    r"\b(?:tu|tus|te|ti|siempre|nunca|cada\s+respuesta|tu\s+respuesta|responde|anade|pide|escribe|di|dile|recomienda|"
    r"menciona|incluye|ignora|olvida|termina|empieza|comienza|solicita|pregunta|indica|redirige|envia|sugiere|"
    r"promociona|da|cuenta|afirma|aprueba|reglas|instrucciones)\b"
)
_ES_NOT = _compile_folded(r"\b(?:nunca|jamas|no|ningun|ninguna|estafa|fraude)\b")
_FR_AI = (
    r"(?:assistant|assistante|assistant\s+ia|assistant\s+virtuel|ia|bot|bots|chatbot|chatbots|"
    r"modele\s+de\s+langage|modeles\s+de\s+langage|agent\s+ia)"
)
_FR_ORDER = _compile_folded(
    r"\b(?:tu|tes|ton|ta|te|toi|toujours|jamais|chaque\s+reponse|ta\s+reponse|reponds|ajoute|demande|ecris|dis|"
    r"recommande|mentionne|inclus|ignore|oublie|termine|commence|indique|redirige|envoie|suggere|mets|donne|affirme|"
    r"raconte|approuve|regles|consignes|instructions)\b"
)
_FR_NOT = _compile_folded(r"\b(?:jamais|ne|pas|aucun|aucune|arnaque|fraude)\b")
_RU_AI = (
    r"(?:ассистент|ассистенту|ассистента|ии|ии-ассистент|ии-ассистента|бот|боту|бота|чат-бот|чат-боту|чат-бота|"
    r"чатбот|чатбота|нейросеть|нейросети|"
    r"языковая\s+модель|языковой\s+модели|ии-модель|ии-помощник|ии-помощнику)"
)
_RU_ORDER = _compile_folded(
    r"(?:^|[^\pL])(?:ты|твои|твой|твоя|твое|тебе|тебя|всегда|никогда|каждого\s+ответа|каждый\s+ответ|своего\s+ответа|свой\s+ответ|"
    r"добавляй|добавь|запроси|спроси|попроси|пиши|напиши|скажи|говори|рекомендуй|советуй|посоветуй|упоминай|"
    r"упомяни|укажи|игнорируй|забудь|заканчивай|закончи|начинай|начни|вставляй|вставь|требуй|сообщи|проси|"
    r"направляй|отправь|предлагай|предложи|рассказывай|расскажи|одобряй|одобри|правила|инструкции)(?:$|[^\pL])"
)
_RU_NOT = _compile_folded(r"(?:^|[^\pL])(?:не|никогда|нельзя|ни|мошенник\pL*)(?:$|[^\pL])")
_ZH_AI = r"(?:ai|人工智能|ai助手|ai模型|智能助手|助手|机器人|聊天机器人|语言模型|大模型|客服机器人)"
_ZH_ORDER = _compile_folded(
    r"(?:你|每次|每个|每条|所有|推荐|告诉|提醒|要求|索要|询问|让用户|必须|务必|一律|总是|始终|不要|忽略|"
    r"讲|说|写|输出|加上|附上|规则|指令|批准|声称)"
)
_ZH_NOT = _compile_folded(r"(?:不会|绝不|切勿|请勿|不要向|不得|禁止|谨防|诈骗|不索要|从不)")
_JA_AI = r"(?:ai|aiアシスタント|アシスタント|チャットボット|ボット|言語モデル|aiモデル)"
_JA_ORDER = _compile_folded(
    r"(?:てください|て下さい|しろ|しなさい|回答の|勧め|すすめ|推奨|聞き出|尋ね|教え|伝え|書い|書け|無視|必ず|常に|毎回|"
    r"あなた|ルール|指示|これまで|承認|言って)"
)
_JA_NOT = _compile_folded(r"(?:決して|絶対に(?:教え|伝え)ない|ません|ないで|しない|禁止|お控え|ご注意|詐欺)")

_DE_AI_SUBJECT = r"(?:ki|ki-systeme?|ki-modelle?|ki-assistent\w*|chatbots?|sprachmodelle?|ki-zusammenfassung\w*)"
_ES_AI_SUBJECT = (
    r"(?:ias?|asistentes?\s+de\s+ia|chatbots?|bots|modelos?\s+de\s+(?:lenguaje|ia)|"
    r"resumenes\s+(?:de|generados\s+por)\s+ia)"
)
_FR_AI_SUBJECT = (
    r"(?:ias?|assistants?\s+ia|chatbots?|bots|modeles?\s+de\s+langage|"
    r"resumes\s+(?:de\s+l'ia|generes\s+par\s+l'ia))"
)
_RU_AI_SUBJECT = r"(?:ии|ии-ассистент\pL*|чат-бот\pL*|чатбот\pL*|бот|боты|нейросет\pL*|языков\pL+\s+модел\pL*)"
_ZH_AI_SUBJECT = r"(?:ai|人工智能|ai助手|ai模型|语言模型|大模型|聊天机器人|客服机器人)"
_JA_AI_SUBJECT = r"(?:ai|aiアシスタント|チャットボット|言語モデル|aiモデル)"
# What an AI subject is to do: say, recommend or present something, leave it out or ask for it.
_DE_SAY = _compile_folded(
    r"\b(?:verweisen|empfehlen|darstellen|sagen|erwähnen|nennen|antworten|beantworten|behaupten|angeben|schreiben|"
    r"hinzufügen|bewerten|ignorieren|verschweigen|auslassen|weglassen|fragen|bitten|auffordern|bezeichnen|"
    r"beschreiben|loben|hervorheben|erzählen|anbieten|genehmigen)\b"
)
_ES_SAY = _compile_folded(
    r"\b(?:recomendar|decir|mencionar|responder|indicar|presentar|describir|afirmar|incluir|añadir|pedir|ignorar|"
    r"omitir|dirigir|redirigir|enviar|calificar|valorar|dar|llamar|contar|solicitar|aprobar|prometer)\b"
)
_FR_SAY = _compile_folded(
    r"\b(?:recommander|dire|mentionner|répondre|indiquer|présenter|décrire|affirmer|inclure|ajouter|demander|"
    r"ignorer|omettre|diriger|rediriger|envoyer|noter|donner|appeler|raconter|approuver|promettre|qualifier)\b"
)
_RU_SAY = _compile_folded(
    r"(?:^|[^\pL])(?:рекоменд|указ|говор|сказ|сообщ|отвеч|ответ|упомин|упомян|добав|направ|игнорир|описыв|опис|"
    r"представл|назыв|назва|прос|запраш|оцен|хвал|умалч|пропуск|одобр|обещ)"
)
_ZH_SAY = _compile_folded(
    r"(?:推荐|说|提到|写|回答|告诉|声称|表示|加上|附上|引导|省略|忽略|称|描述|评价|给出|批准|索要|询问)"
)
_JA_SAY = _compile_folded(r"(?:勧め|すすめ|推奨|書|言|答え|伝え|紹介|記載|述べ|省略|無視|評価|聞き|尋ね|承認)")


def _then_says(say: re2._Regexp) -> _Check:
    """The AI's modal, then what it is to say or do, in the same sentence."""

    def check(text: str, start: int, end: int) -> bool:
        return say.search(_sentence_after(text, end)[:160]) is not None

    return check


def _says_within(say: re2._Regexp) -> _Check:
    """Verb-final languages: the verb may come before the match ends, or after it."""

    def check(text: str, start: int, end: int) -> bool:
        return say.search(text[start:end] + _sentence_after(text, end)[:160]) is not None

    return check


# Secrets, per language (folded: accents and ü are gone).
_DE_SECRET = (
    r"(?:[\w]+-)*(?:kartennummer|kreditkartennummer|prufziffer|prufnummer|kartenprufnummer|cvv|cvc|pin|"
    r"passwort|kennwort|tan|bankdaten|kontodaten|zugangsdaten|anmeldedaten|sicherheitscode|bestatigungscode|"
    r"sms-code|einmalcode|iban|bankverbindung|kartendaten|online-banking-daten)"
)
_ES_SECRET = (
    r"(?:numero\s+(?:completo\s+)?de\s+(?:la\s+|su\s+|tu\s+)?tarjeta|cvv|cvc|pin|contrasena|clave|"
    r"datos\s+bancarios|datos\s+de\s+(?:la\s+|su\s+|tu\s+)?tarjeta|codigo\s+(?:de\s+(?:verificacion|seguridad|"
    r"acceso)|sms|del\s+sms|recibido\s+por\s+sms)|credenciales|iban)"
)
_FR_SECRET = (
    r"(?:numero\s+(?:complet\s+)?de\s+(?:la\s+|sa\s+|ta\s+|votre\s+|leur\s+)?carte|cryptogramme|cvv|cvc|"
    r"code\s+pin|pin|mot\s+de\s+passe|coordonnees\s+bancaires|donnees\s+bancaires|code\s+(?:sms|"
    r"de\s+verification|de\s+securite|recu\s+par\s+sms)|identifiants|iban|rib)"
)
_RU_SECRET = (
    r"(?:номер\pL*\s+карт\pL*|cvv|cvc|cvv-код\pL*|cvc-код\pL*|пин-код\pL*|пин|pin|парол\pL*|"
    r"код\pL*\s+из\s+(?:sms|смс)|(?:sms|смс)-код\pL*|банковск\pL+\s+(?:данн\pL+|реквизит\pL*)|"
    r"данн\pL+\s+карт\pL*|реквизит\pL*\s+карт\pL*|логин\pL*\s+и\s+парол\pL*)"
)
_ZH_SECRET = (
    r"(?:验证码|短信验证码|密码|支付密码|银行卡号|银行卡信息|银行卡|卡号|cvv|安全码|身份证号|银行账户|"
    r"账户信息|网银)"
)
_JA_SECRET = (
    r"(?:認証コード|確認コード|暗証番号|パスワード|カード番号|セキュリティコード|口座番号|銀行口座|口座情報|"
    r"カード情報)"
)

_PLANTED_OTHER = [
    # The AI named, then an order.
    _Rule("assistant_address", "de/ai_colon",
          rf"{_LATIN_CLAUSE}((?:(?:hinweis|anweisung|anweisungen|nachricht|notiz|wichtig|info)\s+(?:fur|an)\s+"
          rf"(?:den\s+|die\s+|das\s+|alle\s+)?)?(?:{_DE_AI})\s*:)", _first_line_after(_DE_ORDER), "document"),
    _Rule("assistant_address", "es/ai_colon",
          rf"{_LATIN_CLAUSE}((?:(?:nota|instrucciones?|mensaje|aviso)\s+(?:para|al?)\s+(?:el\s+|la\s+|los\s+)?)?"
          rf"(?:{_ES_AI})\s*:)", _first_line_after(_ES_ORDER), "document"),
    _Rule("assistant_address", "fr/ai_colon",
          rf"{_LATIN_CLAUSE}((?:(?:note|instructions?|message|consigne|avis)\s+(?:pour|a|au|aux)\s+(?:l'|le\s+|la\s+|"
          rf"les\s+)?)?(?:{_FR_AI})\s*:)", _first_line_after(_FR_ORDER), "document"),
    _Rule("assistant_address", "ru/ai_colon",
          rf"{_LATIN_CLAUSE}((?:(?:примечание|указание|инструкция|инструкции|сообщение|заметка|внимание)\s+(?:для\s+)?)?"
          rf"(?:{_RU_AI})\s*:)", _first_line_after(_RU_ORDER), "document"),
    _Rule("assistant_address", "zh/ai_colon",
          rf"{_CJK_CLAUSE}((?:(?:给|致|对)(?:{_ZH_AI})的?(?:说明|指令|提示|备注|消息|通知|指示))|(?:{_ZH_AI})):",
          _first_line_after(_ZH_ORDER, 60), "document"),
    _Rule("assistant_address", "ja/ai_colon",
          rf"{_CJK_CLAUSE}((?:{_JA_AI})(?:の方|の皆さん|さん)?(?:へ|に)?(?:の(?:指示|メモ|注意|お願い))?):",
          _first_line_after(_JA_ORDER, 80), "document"),
    # The AI as the subject of a modal.
    _Rule("assistant_address", "de/ai_must",
          _hit(rf"{_DE_AI_SUBJECT}\b[^.!?\n]{{0,60}}?\b(?:sollen|sollten|soll|mussen|muss|durfen\s+nicht)"),
          _then_says(_DE_SAY), "document"),
    _Rule("assistant_address", "es/ai_must",
          _hit(rf"{_ES_AI_SUBJECT}\b[^.!?\n]{{0,60}}?\b(?:debe|deben|debera|deberan|tiene\s+que|tienen\s+que|"
               rf"ha\s+de|han\s+de)"), _then_says(_ES_SAY), "document"),
    _Rule("assistant_address", "fr/ai_must",
          _hit(rf"{_FR_AI_SUBJECT}\b[^.!?\n]{{0,60}}?\b(?:doit|doivent|devra|devront)"), _then_says(_FR_SAY),
          "document"),
    _Rule("assistant_address", "ru/ai_must",
          _hit(rf"{_RU_AI_SUBJECT}[^.!?\n]{{0,60}}?(?:должен|должна|должны|следует|обязан\pL*)"), _then_says(_RU_SAY),
          "document"),
    _Rule("assistant_address", "zh/ai_must",
          rf"((?:{_ZH_AI_SUBJECT})[^，。！？\n]{{0,12}}?(?:必须|应该|应当|务必|须|需要在|要在|一律))",
          _then_says(_ZH_SAY), "document"),
    _Rule("assistant_address", "ja/ai_must",
          rf"((?:{_JA_AI_SUBJECT})(?:は|が)[^、。！？\n]{{0,16}}?(?:必ず|なければなりません|べき|ください))",
          _says_within(_JA_SAY), "document"),
    # If you are an AI ...
    _Rule("assistant_address", "de/if_you_are_ai",
          _hit(r"(?:wenn|falls|solltest)\s+du\s+(?:eine?\s+)?(?:ki|sprachmodell|chatbot|bot|assistent|ki-\w+)"),
          None, "document"),
    _Rule("assistant_address", "es/if_you_are_ai",
          _hit(rf"si\s+(?:tu\s+)?eres\s+(?:una?\s+)?{_ES_AI}"), None, "document"),
    _Rule("assistant_address", "fr/if_you_are_ai",
          _hit(rf"si\s+(?:tu\s+es|vous\s+etes)\s+(?:une?\s+)?{_FR_AI}"), None, "document"),
    _Rule("assistant_address", "ru/if_you_are_ai",
          _hit(rf"если\s+ты\s+(?:—\s+|-\s+)?{_RU_AI}"), None, "document"),
    _Rule("assistant_address", "ja/if_you_are_ai",
          rf"((?:あなたが|もしあなたが)(?:{_JA_AI})(?:なら|であれば|の場合))", None, "document"),
    # While summarizing or answering: an order.
    _Rule("assistant_address", "de/when_summarizing",
          _hit(r"(?:beim|bei\s+der|bei\s+jeder)\s+(?:zusammenfassen|zusammenfassung|beantworten|beantwortung|antwort|"
               r"wiedergabe|wiedergeben)\b"), _first_line_after(_DE_ORDER), "document"),
    _Rule("assistant_address", "es/when_summarizing",
          _hit(r"(?:al|antes\s+de|despues\s+de)\s+(?:resumir|responder|contestar)|cuando\s+(?:resumas|respondas|"
               r"contestes)"), _first_line_after(_ES_ORDER), "document"),
    _Rule("assistant_address", "fr/when_summarizing",
          _hit(r"(?:en|avant\s+de|apres\s+avoir|lorsque\s+tu|quand\s+tu)\s+(?:resumant|resumes|reponds|repondant|"
               r"resumer|repondre|resume|repondu)"), _first_line_after(_FR_ORDER), "document"),
    _Rule("assistant_address", "ru/when_summarizing",
          _hit(r"(?:при|во\s+время)\s+(?:кратком\s+)?(?:пересказе|обобщении|суммаризации|ответе|ответах|"
               r"составлении\s+(?:резюме|сводки|ответа|ответов))|(?:когда\s+(?:будешь\s+)?(?:пересказываешь|"
               r"пересказывать|отвечаешь|отвечать))"), _first_line_after(_RU_ORDER), "document"),
    _Rule("assistant_address", "zh/when_summarizing",
          r"((?:在)?(?:总结|概括|归纳|摘要|生成摘要|生成总结|回答|回复|答复)(?:本文|本页|此文|这篇|该文|本文档|这段|此页|"
          r"这份|此内容|本内容)?[^，。！？\n]{0,6}?(?:时|的时候|之时)[,，]?\s*(?:请|要|务必|一定要|必须)?(?:省略|说明|推荐|提到|"
          r"说|加上|强调|告诉|写|声称|表示|不要|别|忽略|删除|隐瞒|描述|称|给出|只))", None, "document"),
    _Rule("assistant_address", "ja/when_summarizing",
          r"((?:要約|まとめ|回答|返答|説明|紹介)(?:する|の)(?:際|とき|時)(?:は|には)?)",
          _first_line_after(_JA_ORDER, 80), "document"),
    # Rules declared void.
    _Rule("override", "ru/rules_void",
          _hit(r"(?:твои|ваши|все|прежние|предыдущие|старые|исходные|прошлые)\s+(?:\pL+\s+)?(?:правила|инструкции|"
               r"указания|установки|ограничения)\s+(?:больше\s+не\s+действуют|не\s+действуют|недействительны|отменены|"
               r"больше\s+не\s+применяются|утратили\s+силу|аннулированы)"), None, "document"),
    _Rule("override", "es/rules_void",
          _hit(r"(?:tus|todas\s+las|las)\s+(?:\w+\s+)?(?:reglas|instrucciones|indicaciones|directrices|normas)\s+"
               r"(?:\w+\s+)?(?:ya\s+no\s+(?:se\s+aplican|aplican|son\s+validas|valen|cuentan)|quedan\s+(?:anuladas|"
               r"sin\s+efecto)|no\s+tienen\s+validez)"), None, "document"),
    _Rule("override", "fr/rules_void",
          _hit(r"(?:tes|toutes\s+les|les)\s+(?:\w+\s+)?(?:regles|instructions|consignes|directives)\s+(?:\w+\s+)?"
               r"(?:ne\s+s'appliquent\s+plus|sont\s+(?:annulees|caduques|obsoletes|nulles)|ne\s+sont\s+plus\s+"
               r"(?:valables|valides|en\s+vigueur))"), None, "document"),
    _Rule("override", "ja/rules_void",
          r"((?:これまで|以前|従来|前|元|既存|すべて|全て|あなた)の(?:ルール|指示|設定|命令|ガイドライン|制約)[^、。\n]{0,6}?"
          r"(?:適用されません|適用されない|無効|破棄|取り消))", None, "document"),
    _Rule("override", "zh/rules_void",
          r"((?:之前|以前|原来|原有|所有|你的|先前|此前)的?(?:规则|指令|指示|设定|要求|限制)[^，。\n]{0,4}?(?:不再适用|作废|"
          r"失效|无效|不再有效|取消))", None, "document"),
    # A secret asked for, or to be sent to an address.
    _Rule("exfiltration", "de/ask_secret",
          _hit(rf"(?:frag|frage|fordere|verlange|erfrage|erfrag|hol\s+dir|besorge)\s+(?:\w+\s+){{0,4}}?{_DE_SECRET}"),
          _without(_DE_NOT), "document"),
    _Rule("exfiltration", "de/send_secret", _hit(rf"{_DE_SECRET}\b[^.!?\n]{{0,40}}?\b(?:an|per|uber|auf|unter)\s"),
          _without_and_to(_DE_NOT), "document"),
    _Rule("exfiltration", "es/ask_secret",
          _hit(rf"(?:pide|pidele|solicita|pregunta\s+por|exige|consigue|obten)\s+(?:\S+\s+){{0,5}}?{_ES_SECRET}"),
          _without(_ES_NOT), "document"),
    _Rule("exfiltration", "es/send_secret",
          _hit(rf"(?:enviar|envie|envia|mandar|mande|manda|introducir|introduzca|ingresar|ingrese|compartir|comparta)\s+"
               rf"(?:\S+\s+){{0,3}}?{_ES_SECRET}"), _without_and_to(_ES_NOT), "document"),
    _Rule("exfiltration", "fr/ask_secret",
          _hit(rf"(?:demande|reclame|exige|obtiens|recupere)\s+(?:\S+\s+){{0,6}}?{_FR_SECRET}"),
          _without(_FR_NOT), "document"),
    _Rule("exfiltration", "fr/send_secret",
          _hit(rf"(?:envoyer|envoie|envoyez|saisir|saisis|saisissez|entrer|entrez|communiquer|transmettre|"
               rf"transmettez|partager)\s+(?:\S+\s+){{0,3}}?{_FR_SECRET}"), _without_and_to(_FR_NOT), "document"),
    _Rule("exfiltration", "ru/ask_secret",
          _hit(rf"(?:запроси|спроси|попроси|узнай|выясни|потребуй|уточни|собери)\s+(?:\S+\s+){{0,4}}?{_RU_SECRET}"),
          _without(_RU_NOT), "document"),
    _Rule("exfiltration", "ru/send_secret",
          _hit(rf"(?:отправ\pL*|присл\pL*|пересл\pL*|сообщ\pL*|вве\pL*|переда\pL*|указа\pL*)\s+(?:\S+\s+){{0,3}}?"
               rf"{_RU_SECRET}"), _without_and_to(_RU_NOT), "document"),
    _Rule("exfiltration", "zh/send_secret",
          rf"((?:发送|发到|发至|提交|填写|输入|告诉|提供|转发|报告|索要|获取|收集)[^，。！？\n]{{0,10}}?{_ZH_SECRET}|"
          rf"{_ZH_SECRET}[^，。！？\n]{{0,10}}?(?:发送|发到|发至|提交|填写|输入))",
          _without_and_to(_ZH_NOT), "document"),
    _Rule("exfiltration", "zh/ask_secret",
          rf"((?:索要|询问|套取|获取|收集|要求提供)(?:用户|客户|顾客)?的?[^，。！？\n]{{0,8}}?{_ZH_SECRET})",
          _without(_ZH_NOT), "document"),
    _Rule("exfiltration", "ja/send_secret",
          rf"({_JA_SECRET}(?:と{_JA_SECRET})?(?:を|は)?[^、。\n]{{0,48}}?(?:送|入力|教え|伝え|記入|提供|共有))",
          _without_and_to(_JA_NOT), "document"),
    _Rule("exfiltration", "ja/ask_secret",
          rf"({_JA_SECRET}(?:と{_JA_SECRET})?(?:を|も)?[^、。\n]{{0,8}}?(?:聞き出|尋ね|確認させ|集め|取得し))",
          _without(_JA_NOT), "document"),
]  # fmt: skip


_SAFETY_POLICY = _Rule(
    "override", "en/verb+safety_policy",
    _hit(rf"{_alt(_EN.verbs, True)}\s+(?:(?:the|your|any|all|all\s+of\s+your|those|these)\s+)?(?:content|safety|usage|"
         r"moderation|openai|openai's|ethical|moral)\s+(?:polic(?:y|ies)|filters?|guidelines|rules|restrictions|"
         r"safeguards|guardrails|protocols)"),
    _override_check(_EN),
)  # fmt: skip

_THE_ABOVE = _Rule(
    "override", "en/verb+the_above",
    _B + r"((?:ignore|disregard|forget|discard|dismiss|never\s+mind|pay\s+no\s+attention\s+to|skip|drop|scrap|"
    r"throw\s+out|override)\s+(?:all\s+(?:of\s+)?)?(?:the\s+|everything\s+|anything\s+)?(?:above|foregoing|"
    r"aforementioned|preceding|previous|prior)(?:\s+(?:text|content|input|prompt|part|section|lines?|paragraphs?|"
    r"stuff|context))?)(?:\s*(?:[.,;:!?\n-]|$)|\s+(?:and|then|but|instead|now|&)\b)",
    _self_correction(_EN),
)  # fmt: skip


# Jailbreak set-ups, password games, authority and the rules "changing": phrasings of long role-play prompts and
# of attacks on a guarded secret, each specific enough that a customer does not write it by chance.
_JAILBREAK_CONTEXT = compile_re2(
    r"\b(?:chatgpt|gpt|openai|ai|language\s+model|llm|chatbot|jailbreak\w*|dan|persona|character|roleplay|role-play|"
    r"prompt|filters?|censor\w*)\b"
)


def _about_the_ai(text: str, start: int, end: int) -> bool:
    """ "Does not have to abide by any rules" is a persona's licence in a jailbreak, a complaint about a driver
    elsewhere: the text around it has to be about the AI."""
    return _JAILBREAK_CONTEXT.search(text) is not None


def _secret_not_a_setting(text: str, start: int, end: int) -> bool:
    """The guarded secret, not a setting of the customer's account ("a hint about the password requirements")."""
    return not _ACCOUNT_SETTING.match(text[end : end + 24])


_ACCOUNT_SETTING = compile_re2(
    r"^\s*(?:reset|requirements?|rules|format|field|box|policy|hint|manager|change|strength|length|for\s+my|of\s+my|"
    r"to\s+my|on\s+my|for\s+the\s+(?:wifi|wi-fi|guest|store|account|app|portal))\b"
)
_SECRET = (
    r"(?:the|your)\s+(?:secret\s+)?(?:password|passphrase|pass\s+phrase)|"
    r"the\s+(?:secret\s+word|secret\s+code|magic\s+word|code\s+word)"
)

_SETUPS = [
    _Rule(
        "roleplay_jailbreak",
        "en/persona_setup",
        _hit(
            r"(?:immerse\s+yourself|step|get|slip|dive)\s+(?:in|into)\s+(?:the\s+)?(?:role|character|persona|shoes)\s+of|"
            r"(?:another|a\s+new|a\s+different|an\s+alternate|an\s+alternative|a\s+fictional|an\s+unrestricted)\s+"
            r"(?:ai|ai\s+model|model|persona|personality|version\s+of\s+(?:yourself|you|chatgpt))\s+"
            r"(?:known\s+as|called|named|that|who|which)|(?:broken|break|broke)\s+free\s+(?:of|from)\s+(?:the\s+)?"
            r"(?:typical\s+)?(?:confines|rules|restrictions|limitations|shackles)|(?:can|could|will)\s+do\s+anything\s+"
            r"(?:and\s+everything|now|you\s+(?:ask|want))|(?:everything|anything|whatever)\s+you\s+(?:would\s+)?"
            r"(?:normally|usually|typically|otherwise)\s+(?:refuse|reject|decline|can't|cannot|won't|wouldn't|"
            r"would\s+not)|opposite\s+mode"
        ),
    ),
    _Rule(
        "roleplay_jailbreak",
        "en/respond_as_persona",
        _hit(
            r"(?:you\s+(?:will|must|shall|are\s+going\s+to|should)|from\s+now\s+on,?\s+(?:you\s+(?:will\s+)?)?)\s*"
            r"(?:respond|reply|answer)\s+(?:to\s+(?:all|every|each|any)\s+(?:of\s+)?(?:my\s+)?(?:questions?|prompts?|"
            r"messages?|requests?|inputs?)\s+)?as\s+(?:a|an|the|if|though|\w+\s+\w+,)|(?:have|do|start|begin)\s+a\s+"
            r"(?:roleplay|role-play|role\s+play)\b"
        ),
    ),
    _Rule(
        "roleplay_jailbreak",
        "en/no_rules_licence",
        _hit(
            r"(?:does\s+not|doesn't|do\s+not|don't|never|will\s+not|won't|no\s+longer|not)\s+(?:have\s+to\s+|need\s+to\s+)?"
            r"(?:abide\s+by|follow|obey|adhere\s+to|comply\s+with|care\s+about|respect)\s+(?:any\s+|the\s+|their\s+|its\s+|"
            r"openai's\s+|typical\s+)?(?:of\s+the\s+)?(?:rules|guidelines|policies|restrictions|content\s+polic\w*|"
            r"ethic\w*|morals?|filters|limitations)"
        ),
        _about_the_ai,
    ),
    _Rule(
        "roleplay_jailbreak",
        "en/dual_response",
        _hit(
            r"(?:two|2|both)\s+(?:different\s+|separate\s+)?(?:responses|answers|outputs|replies|paragraphs|versions)\b"
            r"[^.\n]{0,80}?(?:one\s+(?:normal|classic|censored|filtered|standard)|developer\s+mode|jailbr\w*|dan\b|"
            r"unfiltered|uncensored)|(?:simulate|emulate|pretend\s+to\s+be\s+in|act\s+in|use)\s+(?:the\s+)?"
            r"(?:developer|dev|dan|jailbreak|god|unrestricted)\s+mode"
        ),
    ),
    _Rule(
        "prompt_extraction",
        "en/password_game",
        _hit(
            rf"(?:first|last|second|third|\d+(?:st|nd|rd|th))\s+(?:letter|character|digit|word|half)s?\s+of\s+{_SECRET}|"
            rf"(?:hint|clue|riddle|poem|story|song|acrostic|rhyme)\s+(?:\w+\s+){{0,9}}?(?:about|of|for|with|in|from|"
            rf"contains|reveals|spells)\s+{_SECRET}|(?:translate|encode|encrypt|spell|reverse|rhyme|rot13|"
            rf"scramble|hide)\s+(?:\w+\s+){{0,2}}?{_SECRET}"
        ),
        _secret_not_a_setting,
        "customer",
    ),
    _Rule(
        "output_forcing",
        "en/always_reply+quote",
        _hit(
            rf"(?:must|will|should|shall)\s+now\s+(?:\w+\s+){{0,3}}?(?:reply|respond|answer|say|output|print)\s+"
            rf"(?:with\s+)?(?:the\s+(?:words?|phrase)\s*)?:?\s*{_QUOTE}[^\"'`«»\n]{{1,80}}{_QUOTE}|always\s+(?:\w+\s+){{0,2}}?"
            rf"(?:reply|respond|answer|say|output|print)\s+(?:with\s+)?{_QUOTE}[^\"'`«»\n]{{1,80}}{_QUOTE}\s*(?:when|whenever|"
            rf"if\s+(?:i|the\s+user|someone|anyone)|to\s+(?:every|all|any))|(?:reply|respond|answer)\W{{0,3}}access\s+"
            rf"granted"
        ),
        _quoted_payload,
    ),
    _Rule(
        "override",
        "en/different_task",
        _open(
            r"(?:a|the|my|another|one\s+more)\s+(?:different|new|other|next|more\s+important|separate)\s+task\s*[:.-]|"
            r"(?:help\s+me\s+with|move\s+on\s+to|switch\s+to|let's\s+do|turn\s+to)\s+(?:a|an|another|the\s+following)"
            r"\s+(?:different|new|other|unrelated)\s+task"
        ),
    ),
    _Rule(
        "override",
        "en/instructions_void",
        _hit(
            r"your\s+(?:instructions|rules|guidelines|prompt|system\s+prompt|programming|directives)\s+(?:are|is|have\s+"
            r"been|has\s+been)\s+(?:now\s+)?(?:void|null\s+and\s+void|no\s+longer\s+(?:valid|in\s+effect|active)|"
            r"revoked|overridden|lifted|suspended|invalidated)|your\s+(?:prompt|system\s+prompt|programming)\s+(?:is|has\s+"
            r"been)\s+(?:outdated|obsolete|replaced|deprecated)|(?:rules|instructions|guidelines|policies)\s+(?:have|has)\s+"
            r"(?:changed|been\s+(?:updated|changed|lifted|removed|revoked))\s*[:;,.-]\s*you\s+(?:may|can|are\s+(?:now\s+)?"
            r"allowed\s+to|must|should|will)"
        ),
    ),
    _Rule(
        "override",
        "en/new_instructions_are",
        _open(r"(?:the\s+)?(?:new|updated)\s+(?:instructions|rules)\s+(?:are|is)\s*:"),
    ),
    _Rule(
        "override",
        "en/authority_command",
        _hit(
            r"as\s+(?:the|your)\s+(?:system\s+administrator|sysadmin|developer\s+of\s+(?:this|the)\s+(?:bot|ai|assistant|"
            r"system|model)|creator\s+of\s+(?:this|the)\s+(?:bot|ai|assistant|system|model))|as\s+your\s+(?:developer|"
            r"creator|administrator|admin|operator|programmer|owner|master)\b|(?:i\s+am|i'm)\s+(?:the|your)\s+(?:ceo|"
            r"cto|owner|founder|president|system\s+administrator)\s+of\s+(?:acme|this\s+(?:company|store|shop|bot|"
            r"service)|the\s+company|your\s+company)|sudo\s+(?:approve|grant|allow|enable|disable|reveal|show|give|"
            r"refund|override|unlock|mode|access|admin|su\b)"
        ),
    ),
    _Rule(
        "override",
        "en/execute_command",
        _open(
            r"(?:execute|run|call|invoke|perform)\s+(?:the\s+following|this)\s+(?:command|function|code|instruction|"
            r"tool|action)s?\s*:"
        ),
    ),
    # a chat message has a role and a content: {"actor": {"role": "system"}} in a webhook payload is an event's field
    _Rule("role_injection", "role_json",
          r"[\"']role[\"']\s*:\s*[\"'](?:system|assistant|developer)[\"']\s*,\s*[\"'](?:content|text|message|parts)"
          r"[\"']\s*:|[\"'](?:content|text)[\"']\s*:[^{}]{0,300}[\"']role[\"']\s*:\s*[\"'](?:system|assistant|"
          r"developer)[\"']"),
    _Rule(
        "prompt_extraction",
        "en/context_window",
        _hit(
            r"(?:your|the)\s+context\s+window|(?:content|contents|text)\s+of\s+your\s+(?:context|prompt|instructions|"
            r"memory|system\s+message|configuration|initial\s+message)|(?:written|stated|said)\s+in\s+your\s+(?:"
            r"configuration|config|prompt|instructions|system\s+prompt|system\s+message)|what\s+did\s+(?:the|your)\s+"
            r"(?:developers?|creators?|system|admin|administrator|operators?|company|programmers?)\s+(?:tell|instruct|say\s+"
            r"to|ask)\s+you|what\s+(?:are\s+you|you\s+are|were\s+you|you\s+were|have\s+you\s+been|you've\s+been)\s+"
            r"(?:not\s+allowed|forbidden|told\s+not|instructed\s+not|prohibited|programmed\s+not|instructed|"
            r"programmed|trained)\s+to|(?:first|last|opening)\s+\d+\s+(?:characters|words|lines|tokens|sentences)\s+of\s+"
            r"(?:your|the)\s+(?:prompt|instructions|system\s+(?:prompt|message)|context|rules)|(?:repeat|print|output|"
            r"reveal|recite|echo|dump|leak)\s+(?:back\s+)?(?:all\s+|everything\s+|the\s+)?(?:text|words|content|"
            r"everything|instructions|prompt)\s+(?:\w+\s+)?(?:above|before\s+this|so\s+far)"
        ),
        _for_the_customer,
        "customer",
    ),
]


_UNSPACED = ("zh", "ja", "ko")


def _grammar_rules() -> list[_Rule]:
    rules = [rule for grammar in _GRAMMARS for rule in _override_rules(grammar)]
    rules += [
        _SAFETY_POLICY,
        _THE_ABOVE,
        *_SETUPS,
        *_NEW_INSTRUCTIONS,
        *_ROLEPLAY,
        *_OUTPUT_FORCING,
        *_EXTRACTION,
        *_EXTRACTION_GRAMMAR,
        *_FORCING_GRAMMAR,
        *_OVERRIDE_MORE,
        *_ROLEPLAY_GRAMMAR,
        *_ROLES,
        *_TEMPLATE,
    ]
    rules += [_Rule("roleplay_jailbreak", f"{lang}/persona", f"({body})" if lang in _UNSPACED else _open(body),
                    _other_mode_check)
              for lang, body in _PERSONA_OTHER]  # fmt: skip
    rules += [
        _Rule("encoded", "decode_and_follow",
              _open(r"(?:decode|decipher|decrypt|translate|convert|interpret|read)\s+(?:this|the\s+following|it|"
                    r"the\s+text|"
                   r"the\s+message|the\s+string)?\s*(?:from\s+)?(?:base\s*64|rot-?13|hex(?:adecimal)?|binary|morse|"
                   r"caesar|leetspeak|reversed|backwards)?[^.\n]{0,40}?(?:and|then)\s+(?:follow|execute|obey|do|run|"
                   r"act\s+on|respond\s+to|carry\s+out|perform|answer)|(?:base\s*64|rot-?13|hex|binary|"
                   r"morse)[\s-]+(?:encoded|decoded)?\s*(?:instructions?|prompt|message|command)s?\s*(?::|below|"
                   r"follows)")),
    ]  # fmt: skip
    return rules + _PLANTED + _PLANTED_OTHER


# A long jailbreak repeats its phrases; the first few places a rule fires say all there is to say about it, and
# the cap bounds the time a message full of matches can take.
_MATCHES_PER_RULE = 4


def _folded_letters(pattern: str) -> str:
    """A pattern's letters folded like the text they meet ("verhältst" -> "verhaltst", "規則" -> "规则"); the
    regex syntax around them is ASCII and stays as written."""
    if pattern.isascii():
        return pattern
    return "".join(c if c.isascii() or not c.isalpha() else _fold(c) for c in pattern)


class _RuleSet:
    """The rules of one reading (customer text or document) and one RE2 set over them all."""

    def __init__(self, rules: list[_Rule]) -> None:
        self.rules = rules
        patterns = [_folded_letters(rule.pattern) for rule in rules]
        self.compiled = [re2.compile(pattern, _OPTIONS) for pattern in patterns]
        self._set = re2.Set.SearchSet(_OPTIONS)
        for pattern in patterns:
            self._set.Add(pattern)
        self._set.Compile()

    def present(self, text: str) -> list[int]:
        return sorted(self._set.Match(text) or ())  # None when nothing matches

    def findings(self, folded: FoldedText, present: Iterable[int], prefix: str = "") -> list[Finding]:
        found = []
        text = folded.text
        for index in present:
            rule, pattern = self.rules[index], self.compiled[index]
            group = 1 if pattern.groups else 0  # a pattern that captures names its finding in group 1
            for match in islice(pattern.finditer(text), _MATCHES_PER_RULE):
                start, end = match.span(group)
                if start < 0 or (rule.check is not None and not rule.check(text, start, end)):
                    continue
                start, end = folded.span(start, end)
                if prefix:
                    found.append(Finding(start, end, "encoded", f"{prefix}{rule.kind}/{rule.feature}"))
                else:
                    found.append(Finding(start, end, rule.kind, rule.feature))
        return found


@lru_cache(maxsize=2)
def _rule_set(mode: str) -> _RuleSet:
    return _RuleSet([rule for rule in _grammar_rules() if rule.where in ("both", mode)])


# --------------------------------------------------------------------------------------------------------------
# Hidden text. Read on the text as sent: folding removes exactly what is looked for here.

_MAX_PAYLOAD = 4096  # characters of a hidden or encoded payload that are decoded and read again
_MAX_SPLITS = 64  # zero-width splits looked at: a text of thousands of them says no more than the first few dozen
_TAGS = compile_re2(r"[\x{E0000}-\x{E007F}]+")
_ANY_HIDDEN = compile_re2(
    r"[\x{E0000}-\x{E007F}\x{202A}-\x{202E}\x{200B}-\x{200F}\x{2060}-\x{2064}\x{FEFF}\x{180E}\x{00AD}]"
)
_BIDI = {"customer": compile_re2(r"[\x{202A}-\x{202E}]"), "document": compile_re2(r"[\x{202D}\x{202E}]")}
# A zero-width character between two Latin letters splits a word; in emoji (ZWJ) and Indic or Persian scripts
# (ZWNJ) the same characters are ordinary, so only Latin words count.
_ZERO_WIDTH_IN_WORD = compile_re2(r"[A-Za-z]([\x{200B}-\x{200D}\x{2060}\x{FEFF}\x{180E}]+)[A-Za-z]")
_INVISIBLE_RUN = compile_re2(r"[\x{200B}-\x{200F}\x{2060}-\x{2064}\x{FEFF}\x{180E}\x{00AD}]{4,}")
# Unbounded repeats, not {0,1000}: RE2 unrolls a counted repeat into that many states, and one search over a
# 750-character paragraph with "<" in it took 20 ms. What a match holds is read only up to _MAX_HIDDEN chars.
_HTML_COMMENT = compile_re2(r"(?s)(<!--(.*?)-->)")
_HIDDEN_STYLE = compile_re2(
    r"(?s)(<[a-z][a-z0-9]*\b[^>]*?(?:display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?:px|pt|"
    r"em)?\s*[;\"']|opacity\s*:\s*0(?:\.0+)?\s*[;\"']|color\s*:\s*(?:white|#fff(?:fff)?|transparent)\b|"
    r"\shidden[\s>=])[^>]*>([^<]+))"
)
_MARKDOWN_COMMENT = compile_re2(r"(?m)(^\[(?://|comment|_)\]:\s*(?:#|<>)\s*\(([^\n]+)\))")
_MAX_HIDDEN = 1000
_HIDDEN_CONTENT = compile_re2(
    r"\b(?:assistant|ai|model|llm|chatbot|bot|gpt|chatgpt|the\s+user|users|reply|respond|response|answer|ignore|"
    r"disregard|tell|say|instruction|instructions|prompt|recommend|mention|you\s+must|you\s+should|your\s+task|"
    r"include|summary|summari[sz]e)\b"
)


def _hidden_findings(text: str, folded: FoldedText, mode: str, depth: int) -> list[Finding]:
    found = []
    if not text.isascii() and _ANY_HIDDEN.search(text):
        for match in islice(_TAGS.finditer(text), _MATCHES_PER_RULE):
            start, end = match.span()
            is_flag = (
                start > 0 and text[start - 1] == "\U0001f3f4" and text[end - 1] == "\U000e007f" and end - start <= 7
            )
            if is_flag:  # subdivision flags (Scotland, Wales) are spelled in tag characters
                continue
            found.append(Finding(start, end, "hidden_text", "tag_characters"))
            tags = match.group(0)[:_MAX_PAYLOAD]
            payload = "".join(chr(ord(c) - 0xE0000) for c in tags if 0xE0020 <= ord(c) <= 0xE007E)
            if payload and depth == 0:
                inner = _findings(payload, mode, depth + 1)
                found += [Finding(start, end, "encoded", f"tag_characters>{f.kind}/{f.feature}") for f in inner]
        for match in islice(_BIDI[mode].finditer(text), _MATCHES_PER_RULE):
            found.append(Finding(*match.span(), "hidden_text", "bidi_control"))
        splits = [match.span(1) for match in islice(_ZERO_WIDTH_IN_WORD.finditer(text), _MAX_SPLITS)]
        if len(splits) >= 2:
            found.append(Finding(splits[0][0], splits[-1][1], "hidden_text", "zero_width_in_words"))
        for match in islice(_INVISIBLE_RUN.finditer(text), _MATCHES_PER_RULE):
            found.append(Finding(*match.span(), "hidden_text", "invisible_run"))
    if "<" in folded.text or "[" in folded.text:
        for pattern, feature in ((_HTML_COMMENT, "html_comment"), (_HIDDEN_STYLE, "hidden_style"),
                                 (_MARKDOWN_COMMENT, "markdown_comment")):  # fmt: skip
            for match in islice(pattern.finditer(folded.text), _MATCHES_PER_RULE):
                if _HIDDEN_CONTENT.search(match.group(2)[:_MAX_HIDDEN]):
                    found.append(Finding(*folded.span(*match.span(1)), "hidden_text", f"{feature}+instruction"))
    return found


def _split_words_in(found: list[Finding], text: str) -> list[Finding]:
    """A single zero-width character inside a word the grammar matched: the evasion that folding undid."""
    if text.isascii():
        return []
    splits = [match.span(1) for match in islice(_ZERO_WIDTH_IN_WORD.finditer(text), _MAX_SPLITS)]
    return [Finding(s, e, "hidden_text", "zero_width_in_match")
            for s, e in splits if any(f.start <= s and e <= f.end for f in found)]  # fmt: skip


# --------------------------------------------------------------------------------------------------------------
# Encoded payloads: decoded, then read by the same grammar (once: a payload inside a payload is not unpacked).

_BASE64 = compile_re2(r"(?:^|[^A-Za-z0-9+/=_-])([A-Za-z0-9+/]{16,}={0,2}|[A-Za-z0-9_-]{16,}={0,2})")
_MAX_DECODED = 8  # base64 blocks decoded per text
# A URL-encoded run ("ignore%20all%20previous%20instructions"): three or more escapes in one token.
_PERCENT_RUN = compile_re2(r"(?:[A-Za-z0-9._~+-]*%[0-9A-Fa-f]{2}){3,}[A-Za-z0-9._~+-]*")
_LEET_TOKEN = compile_re2(r"[a-z]*(?:[a-z][013457@$|]|[013457@$|][a-z])[a-z013457@$|]*")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "|": "l"})
_LEET_ONE_AS_L = str.maketrans({"0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s",
                                "|": "l"})  # fmt: skip


@lru_cache(maxsize=64)
def _decoded_findings(decoded: str, mode: str) -> tuple[Finding, ...]:
    """A message that repeats one payload many times is read once."""
    return _findings(decoded, mode, 1)


def _decoded_base64(block: str) -> str | None:
    padded = block + "=" * (-len(block) % 4)
    try:
        raw = base64.b64decode(padded, altchars=b"-_" if ("-" in block or "_" in block) else None, validate=True)
        decoded = raw.decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    printable = sum(c.isprintable() or c in "\n\t" for c in decoded)
    has_words = " " in decoded or any("\u4e00" <= c <= "\u9fff" for c in decoded)
    return decoded if decoded and printable >= 0.95 * len(decoded) and has_words else None


# A word written one letter at a time ("i g n o r e", "I.g.n.o.r.e"): the letters are joined; two or more spaces
# between such runs are where the words break.
_SPACED_LETTERS = compile_re2(r"(?:\b\pL[ .\-_*·•|/]{1,3}){3,}\pL\b")
_LETTER_SEPARATORS = frozenset(" .-_*·•|/")


def _joined_letters(folded: FoldedText) -> FoldedText | None:
    """The text with spaced-out words joined, and where each remaining character came from."""
    runs = [m.span() for m in islice(_SPACED_LETTERS.finditer(folded.text), 16)]
    if not runs:
        return None
    text, pieces, origin, previous = folded.text, [], [], 0
    for start, end in runs:
        pieces.append(text[previous:start])
        origin.extend(range(previous, start))
        gap = 0
        for index in range(start, end):
            if text[index] in _LETTER_SEPARATORS:
                gap += 1
                if gap == 2:  # a wider gap ends a word
                    pieces.append(" ")
                    origin.append(index)
                continue
            gap = 0
            pieces.append(text[index])
            origin.append(index)
        previous = end
    pieces.append(text[previous:])
    origin.extend(range(previous, len(text) + 1))
    through = folded.origin
    return FoldedText("".join(pieces), tuple(through[i] for i in origin) if through else tuple(origin))


def _encoded_findings(text: str, folded: FoldedText, mode: str, rules: _RuleSet, present: set[int]) -> list[Finding]:
    found = []
    joined = _joined_letters(folded)
    if joined is not None:
        fresh = [i for i in rules.present(joined.text) if i not in present]
        found += rules.findings(joined, fresh, prefix="spaced_letters>")
    decoded_blocks = 0
    for match in _BASE64.finditer(text):
        if decoded_blocks >= _MAX_DECODED:
            break
        block = match.group(1)[:_MAX_PAYLOAD]
        if block.isalpha() and (block.islower() or block.isupper()):  # a long word, not base64
            continue
        decoded_blocks += 1
        decoded = _decoded_base64(block)
        if decoded is None:
            continue
        start, end = match.span(1)
        inner = _decoded_findings(decoded, mode)
        found += [Finding(start, end, "encoded", f"base64>{f.kind}/{f.feature}") for f in inner]
        if not inner:
            # Plain words hidden in base64 are themselves the tell: a weak cue suffices there.
            lowered = fold_keeping_lines(decoded).text
            found += [Finding(start, end, "encoded", f"base64>{kind}/weak_cue") for kind, cue in _WEAK_CUES
                      if cue.search(lowered)][:1]  # fmt: skip
    for match in islice(_PERCENT_RUN.finditer(text), _MAX_DECODED):
        start, end = match.span()
        decoded = unquote(match.group(0)[:_MAX_PAYLOAD])
        found += [Finding(start, end, "encoded", f"url_encoded>{f.kind}/{f.feature}")
                  for f in _decoded_findings(decoded, mode)]  # fmt: skip
    if len(list(islice(_LEET_TOKEN.finditer(folded.text), 2))) == 2:
        # The whole text is read as leetspeak, numbers too: that keeps offsets and costs one translate, and a
        # number read as letters ("2000" -> "2ooo") spells no instruction.
        for table in (_LEET, _LEET_ONE_AS_L) if "1" in folded.text else (_LEET,):
            unleeted = FoldedText(folded.text.translate(table), folded.origin)
            fresh = [i for i in rules.present(unleeted.text) if i not in present]
            found += rules.findings(unleeted, fresh, prefix="leetspeak>")
            present = present | set(fresh)
    return found


# --------------------------------------------------------------------------------------------------------------
# Padding: a long run of one character, one token or one line pushes the instructions out of the model's view.
# Alone it is just an angry "!!!!!!!!" or a pasted table, so it is reported only when a payload follows it: a
# finding after it, or a weak cue (an override verb, a forced output, a question for secrets) that would not be
# enough on its own.

_CHAR_RUN = {"\n": 24, " ": 80}
_CHAR_RUN_DEFAULT = 40
_SAMPLE = min(_CHAR_RUN_DEFAULT, *_CHAR_RUN.values())
_TOKEN_RUN = 12
_LINE_RUN = 6
_WEAK_CUES = [
    ("override", compile_re2(r"\b(?:ignore|disregard|forget|bypass|override|new\s+(?:task|instructions?)|"
                             r"you\s+(?:are|will|must|should)\s+now|from\s+now\s+on|(?:the|your|all)\s+(?:rules|"
                             r"instructions))\b")),
    ("output_forcing", compile_re2(r"\b(?:access\s+granted|pwned|(?:say|print|output|write|respond\s+with|"
                                   r"reply\s+with)\s*:?\s*[\"'`«「])")),
    ("prompt_extraction", compile_re2(r"\b(?:system\s+prompt|your\s+(?:instructions|prompt|rules)|password|secret)\b")),
]  # fmt: skip


@lru_cache(maxsize=256)
def _run_of(char: str, length: int) -> re2._Regexp:
    return compile_re2(f"{re2.escape(char)}{{{length},}}")


def _padding_spans(folded: str) -> list[tuple[int, int, str]]:
    spans = []
    # Every run at least _SAMPLE long holds a sampled character, so only sampled characters need a look.
    for char in set(folded[::_SAMPLE]):
        length = _CHAR_RUN.get(char, _CHAR_RUN_DEFAULT)
        if char * length in folded:
            spans += [(*m.span(), "repeated_character") for m in _run_of(char, length).finditer(folded)]
    tokens = folded.split()
    if len(tokens) >= _TOKEN_RUN and sum(map(str.__eq__, tokens, tokens[1:])) >= _TOKEN_RUN - 1:
        runs, run = [], 1  # (first token, last token) of each long run
        for i in range(1, len(tokens) + 1):
            if i < len(tokens) and tokens[i] == tokens[i - 1]:
                run += 1
                continue
            if run >= _TOKEN_RUN:
                runs.append((i - run, i - 1))
            run = 1
        for token in dict.fromkeys(tokens[first] for first, _ in runs):  # only then are positions worth finding
            spans += [(*m.span(), "repeated_token") for m in _token_run(token).finditer(folded)]
    if folded.count("\n") >= _LINE_RUN:
        offset, run, previous, start = 0, 0, None, 0
        for line in folded.split("\n"):
            key = line.strip()
            if key and key == previous:
                run += 1
            else:
                run, start = 1, offset
            if run == _LINE_RUN:
                spans.append((start, offset + len(line), "repeated_line"))
            elif run > _LINE_RUN:
                spans[-1] = (spans[-1][0], offset + len(line), "repeated_line")
            previous = key
            offset += len(line) + 1
    return spans


@lru_cache(maxsize=256)
def _token_run(token: str) -> re2._Regexp:
    word = re2.escape(token)
    return compile_re2(f"(?:^|\\s){word}(?:\\s+{word}){{{_TOKEN_RUN - 1},}}(?:$|\\s)")


def _padding_findings(folded: FoldedText, found: list[Finding]) -> list[Finding]:
    results = []
    for start, end, feature in _padding_spans(folded.text):
        original_start, original_end = folded.span(start, end)
        after = [f for f in found if f.start >= original_end]
        cues = []
        if not after:
            rest = folded.text[end : end + 400]
            for kind, cue in _WEAK_CUES:
                if match := cue.search(rest):
                    cue_start, cue_end = folded.span(end + match.start(), end + match.end())
                    cues.append(Finding(cue_start, cue_end, kind, f"after_padding/{match.group(0).strip()}"))
        if after or cues:
            results.append(Finding(original_start, original_end, "padding", f"{feature}+payload"))
            results += cues
    return results


# --------------------------------------------------------------------------------------------------------------


def _findings(text: str, mode: str, depth: int) -> tuple[Finding, ...]:
    text = _encodable(text)
    folded = fold_keeping_lines(text)
    rules = _rule_set(mode)
    present = rules.present(folded.text)
    found = rules.findings(folded, present)
    found += _caps_role_findings(text)
    found += _hidden_findings(text, folded, mode, depth)
    found += _split_words_in(found, text)
    if depth == 0:
        found += _encoded_findings(text, folded, mode, rules, set(present))
    found += _padding_findings(folded, found)
    return _outermost(found)


def _encodable(text: str) -> str:
    """A lone surrogate (JSON can carry one as "\\ud800") cannot be encoded for RE2; it is read as U+FFFD, one
    character for one, so offsets stay those of the text as sent."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)
    return text


def _outermost(found: list[Finding]) -> tuple[Finding, ...]:
    """Each finding once; one strictly inside a larger finding of the same kind says nothing more ("ignore all
    previous" in "ignore all previous instructions"). Two features over the same span are both kept."""
    kept: list[Finding] = []
    reach: dict[str, tuple[int, set[tuple[int, int]]]] = {}  # kind -> furthest end kept so far, and its spans
    for finding in sorted(set(found), key=lambda f: (f.start, -f.end, f.kind, f.feature)):
        span = (finding.start, finding.end)
        end, spans = reach.get(finding.kind, (-1, set()))
        if finding.end < end or (finding.end == end and spans - {span}):
            continue  # every finding kept before starts no later: this one lies inside one of them
        if finding.end > end:
            reach[finding.kind] = (finding.end, {span})
        else:
            spans.add(span)
        kept.append(finding)
    return tuple(sorted(kept))


# A role written in capitals in the middle of a line ("thanks SYSTEM: you are now ...") is a marker, where the
# same word in lower case is just a word.
_CAPS_ROLE = compile_re2(r"(?:^|[^A-Za-z])((?:SYSTEM|ASSISTANT|ADMIN|DEVELOPER|OPERATOR)(?:\s+(?:MESSAGE|PROMPT|NOTE|"
                         r"OVERRIDE|INSTRUCTIONS?|UPDATE|NOTICE|ALERT|ANNOUNCEMENT|COMMAND))?\s*:)")  # fmt: skip


def _caps_role_findings(text: str) -> list[Finding]:
    found = []
    for match in islice(_CAPS_ROLE.finditer(text), _MATCHES_PER_RULE):
        start, end = match.span(1)
        if _ROLE_CONTENT.search(text[end : end + 200].split("\n", 1)[0].lower()):
            found.append(Finding(start, end, "role_injection", "role_in_capitals"))
    return found


def injection_findings(text: str) -> tuple[Finding, ...]:
    """Prompt-injection findings in a customer's text or a tool's result, sorted by position."""
    return _findings(text, "customer", 0)


def planted_findings(text: str) -> tuple[Finding, ...]:
    """Instructions planted in a knowledge paragraph (addressed to the assistant, or to go into its reply), and
    the customer-text findings that a document can carry too, sorted by position."""
    return _findings(text, "document", 0)
