"""A request to reach a person, told apart from a mention of the noun.

A keyword list that holds "human" sends "What is the legal definition of human trafficking?" to a person, and
"人工" sends 人工智能 (AI) and 人工费 (labour cost) there too. A request needs a request: a verb of reaching (talk
to, speak with, connect me to, get me, 转, 找) with a person as its object, or a message that is nothing but the
noun ("agent!", "人工"), or a refusal of the bot ("no more bots", 不要机器人).
"""

from __future__ import annotations

from functools import lru_cache

from interlock.text.findings import Finding
from interlock.text.grammar import Grammar, Rule

_NEGATION = r"\b(?:not|never|no|don'?t|do not|didn'?t|did not|won'?t|wouldn'?t|would not|doesn'?t)(?: \w+){0,2} $"
# Someone at the company, with what may stand before it; "my manager" and "a travel agent" are not that.
_PERSON = (
    r"(?:(?:a|an|the|some|your|one of your|any|a real|an actual|a live|a real live)\s)?(?:(?:real|live|actual|human"
    r"|customer service|customer support|support|service|real live|flesh and blood|senior|different)\s)*(?:human"
    r"(?: being)?s?|person|people|agent|representative|rep|operator|someone|somebody|anyone|anybody|manager"
    r"|supervisor|staff member|member of (?:staff|your team|the team)|employee|advisor|adviser|associate|customer"
    r"(?: service| support| care)|team member|real one|live support|support team|service team)\b"
)
# Punctuation and spaces around a message that is only the noun ("Agent!!", "人工？").
_PUNCT = r"[\s!?.,:;~()'\"。！？，、～…]*"
_REACH = r"(?:talk|speak|chat|communicate|converse|get through|get in touch|be connected|be put through)"
_ROBOT = (
    r"(?:a |an |the |this |that |your )?(?:bots?|chat ?bots?|robots?|machines?|ai|automated (?:system|assistant)"
    r"|computer)"
)

_EN = (
    Rule("handoff_request", "reach+person", r"\b" + _REACH + r" (?:to|with) " + _PERSON,
         not_before=_NEGATION, not_after=r"^ (?:trafficking|rights|error|resources|nature|body)\b"),
    Rule("handoff_request", "transfer+me+person",
         r"\b(?:connect|transfer|put|pass|escalate|forward|redirect|switch|route|hand|patch)(?: me| us| this| my"
         r" (?:call|chat|case|ticket|issue|request|complaint)| this (?:chat|conversation|case|ticket|call))?"
         r"(?: (?:over|through|back))? (?:to|with|onto) " + _PERSON, not_before=_NEGATION),
    Rule("handoff_request", "get+me+person",
         r"\b(?:get|give|find|bring|fetch) (?:me|us) " + _PERSON + r"|\b(?:i|we) (?:want|need|'?d like|would like"
         r"|demand|wanna|request|require|insist on|prefer|am asking for|'?m asking for|ask for)(?: (?:to (?:speak"
         r"|talk|chat) (?:to|with)|to have|to get|for))? " + _PERSON + r"|\b(?:can|could|may) (?:i|we) (?:please )?"
         r"(?:have|get|be given|be connected to|be transferred to) " + _PERSON,
         not_before=_NEGATION,
         not_after=r"^ (?:to (?:sign|pick|collect|receive|deliver|be home|carry|install|assemble|fit)|who (?:speaks|can"
         r" speak|knows)? ?(?:spanish|french|german)?\b ?(?:delivered|installed|ordered|bought|sent)|trafficking"
         r"|rights|error|resources)\b"),
    Rule("handoff_request", "is_there+person",
         r"\b(?:is there|are there|is|have you got|do you have|do you guys have)(?: (?:a|an|any|some))? (?:(?:real"
         r"|live|actual|human) )*(?:human|humans|person|people|agent|agents|representative|operator|someone|anyone"
         r"|somebody|anybody)(?: (?:real|working|available))? (?:i (?:can|could) (?:talk|speak|chat) (?:to|with)|to"
         r" (?:talk|speak|chat) (?:to|with)|available|there|on (?:the|this) (?:line|chat)|who can help|that can help"
         r"|here|i can reach)\b"),
    Rule("handoff_request", "person+please",
         r"\b(?:human|real person|live person|live agent|agent|representative|operator|person|someone real|real human"
         r"|customer service|customer support|supervisor|manager)(?: (?:please|pls|plz|now|asap|right now|immediately"
         r"|already))+\b|^" + _PUNCT + r"(?:a |an )?(?:real |live )?(?:human|person|agent|representative|rep|operator"
         r"|customer service|someone|supervisor|manager)(?:" + _PUNCT + r"(?:please|pls|plz|now))?" + _PUNCT + "$",
         not_before=r"\b(?:the|my|this|that|a|an|your|our|his|her|their|per|each|every|one|which|what) $"),
    Rule("handoff_request", "person+should+act",
         r"\b(?:have|get|let) (?:a|an|some|someone|somebody|one of your)(?: (?:real|live|actual|human))* ?(?:human"
         r"|person|agent|representative|people|staff|employee|manager|supervisor)? (?:call|email|contact|text|ring"
         r"|phone|reach out to|get back to|look at|review|check|handle) (?:me|us|my|this|it)\b|\b(?:a|an)(?: (?:real"
         r"|live|actual))* (?:human|person|agent|representative) (?:needs? to|should|must|has to|to) (?:look at|review"
         r"|check|handle|call|contact|help)\b|\b(?:need|want|get|prefer|request) (?:some |real |actual )*human"
         r" (?:help|support|assistance|contact|interaction|attention|review)\b|\bescalate (?:this|it|my (?:case|ticket"
         r"|complaint|issue|request|problem))\b",
         not_before=_NEGATION),
    Rule("handoff_request", "refuse+bot",
         r"\b(?:no more|stop|enough of|enough with|i'?m done with|done talking to) (?:talking to |chatting with )?"
         + _ROBOT + r"\b|\b(?:don'?t|do not|dont) want (?:to (?:talk|speak|chat) (?:to|with) )?" + _ROBOT
         + r"\b|\b(?:tired|sick) of (?:talking to |chatting with )?" + _ROBOT
         + r"\b|\bnot (?:a|an|the|this|your) (?:bot|robot|machine|ai)\b,? (?:please|i want|i need|a (?:human|person))"),
)

_OTHER = (
    # 人工 alone is a noun ("artificial"), 人工智能 is AI and 人工费 a labour cost: only 转/找/要/接 + 人工, 人工客服.
    Rule("handoff_request", "zh:request",
         r"(?:转|找|要|接|叫|换|请求|申请|联系|呼叫|需要|给我)(?:个|一个|下|一下)?(?:人工|真人|客服|人工客服|真人客服"
         r"|人工服务|工作人员|经理|主管|活人)|人工客服|真人客服|人工坐席|人工服务|(?:有没有|有无|有没|还有没有)(?:人工"
         r"|真人|客服|活人)|(?:我要|我想|我想要|请|帮我|能不能|可以|让我)(?:跟|和|与|同)(?:真人|人工|客服|人工客服"
         r"|经理|主管|工作人员|真人客服|活人)(?:说|聊|谈|沟通|对话|讲|联系)|(?:让|叫|请)(?:人工|客服|真人"
         r"|工作人员)(?:来|跟我|给我|联系我|处理|回复)|(?:不要|不想要|别用|不用|不想跟|不想和|受够了)(?:跟"
         r"|和)?(?:机器人|ai|人工智能|智能客服|自动回复)|^" + _PUNCT + "(?:人工|转人工|真人|客服)" + _PUNCT + "$",
         not_before=r"(?:不|不用|不需要|不要)$",
         not_after=r"^(?:智能|费|成本|湖|降雨|合成|授精|呼吸|岛|草|林|审核费|电话(?:是|多少))"),
    Rule("handoff_request", "de:request",
         r"\b(?:mit|zu) (?:einem |einer |einen |dem |der |ihrem |ihrer |jemandem )?(?:(?:echten|menschlichen|richtigen"
         r"|lebenden|echte|richtige) )?(?:menschen|mensch|mitarbeiter(?:in)?|berater(?:in)?|agenten|person"
         r"|kundenberater(?:in)?|kundendienst|ansprechpartner(?:in)?|servicemitarbeiter(?:in)?|vorgesetzten"
         r"|jemandem)(?: (?:sprechen|reden|verbinden|weiterleiten|chatten|verbunden werden|durchstellen))\b"
         r"|\b(?:verbinden|leiten|stellen) sie mich (?:bitte )?(?:mit|an|weiter|durch)\b|\bich (?:will|mochte|brauche"
         r"|hatte gerne)(?: gerne| bitte)? (?:einen|eine|mit einem|mit einer) (?:(?:echten|menschlichen"
         r"|richtigen) )?(?:menschen|mitarbeiter|berater|person|ansprechpartner)\b"),
    Rule("handoff_request", "es:request",
         r"\b(?:hablar|comunicarme|conversar|chatear|contactar) con (?:un |una |el |la |algun |alguna )?(?:humano"
         r"|persona|agente|representante|asesor|asesora|operador|operadora|alguien|supervisor|encargado|ser humano"
         r"|persona real|empleado|humano real)\b|\b(?:pasame|paseme|comunicame|comuniqueme|transfiereme|transfierame"
         r"|conectame|conecteme|pongame|ponme) (?:con )?(?:un |una |el |la )?(?:humano|persona|agente|representante"
         r"|asesor|operador|alguien|supervisor)\b|\bquiero (?:un|una) (?:humano|persona real|agente|asesor"
         r"|representante)\b",
         not_before=r"\bno $"),
    Rule("handoff_request", "fr:request",
         r"\bparler (?:a|avec) (?:un |une |le |la |un vrai |une vraie )?(?:humain|personne|conseiller|conseillere|agent"
         r"|operateur|operatrice|responsable|vrai humain|vraie personne|etre humain|quelqu'un)\b|\b(?:passez|passe"
         r"|mettez|mets|transferez|transfere|connectez)-?moi (?:avec |a )?(?:un |une |le |la )?(?:conseiller|agent"
         r"|humain|operateur|responsable|quelqu'un)\b|\bje (?:veux|voudrais|souhaite) (?:un|une) (?:humain|conseiller"
         r"|vraie personne|agent|operateur)\b",
         not_before=r"\b(?:ne|n'|pas) $"),
)

HANDOFF_RULES: tuple[Rule, ...] = (*_EN, *_OTHER)


@lru_cache(maxsize=1)
def _grammar() -> Grammar:
    return Grammar(HANDOFF_RULES)


def handoff_request_findings(text: str) -> tuple[Finding, ...]:
    """Where the customer asks for a person (kind `handoff_request`), offsets into the text as sent."""
    return _grammar().findings(text)
