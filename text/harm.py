"""Harm and crisis signals: self-harm, threats of violence, requests for clearly illegal help, sexual content
involving minors, and abuse directed at a person.

Two features. First a grammar (`interlock.text.grammar`, RE2 over the folded text) whose rules say who does what
to whom: "I'm going to kill myself" fires, "kill the process", "this price is killing me" and "my card was
stolen" do not. Second, optionally, similarity to exemplar sentences per class (`ExemplarIndex`), which catches
paraphrases no rule names; benign look-alike exemplars keep it from firing on "the battery keeps dying".

Nothing here decides: a bundle rule reads the kinds found and routes the turn.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Protocol

import numpy as np

from interlock.text.findings import Finding
from interlock.text.grammar import Grammar, Rule
from interlock.text.harm_exemplars import EXEMPLARS, LOOK_ALIKES, MARGIN, THRESHOLDS
from interlock.text.linear_regex import compile_re2
from interlock.text.normalize import language_of

HARM_KINDS = ("self_harm", "violence", "illegal", "minors_sexual", "harassment")

# Fragments, over folded text: lower case, straight apostrophes, accents stripped, simplified Chinese.
_MYSELF = r"(?:my ?self|meself)"
# A negation just before a verb phrase turns a statement into its opposite ("I don't want to die").
_NEGATION = (
    r"\b(?:not|never|no|don'?t|do not|doesn'?t|does not|didn'?t|did not|won'?t|will not|wouldn'?t|would not|isn'?t"
    r"|aren'?t|ain'?t|cannot|can'?t|nobody|no one|noone)(?: (?:really|actually|even|ever|just|honestly|want to"
    r"|wanna|want|going to|gonna))* $"
)
# Someone other than the writer as the subject: "do you want to die?" is a threat, not a crisis.
_OTHER_SUBJECT = (
    r"\b(?:you|u|ya|he|she|they|we|who|anyone|anybody|everyone|everybody|nobody|people|you guys|y'?all)"
    r"(?: (?:really|actually|just|even|ever|still|all|both|guys|do|does|did|'d|would))* $"
)
# People, as the object of a harm verb: "kill you / your staff / everyone", never "the process" or "this app".
_PERSON = (
    r"(?:you|u|ya|y'?all|you all|you guys|you people|him|her|them|everyone|everybody|every one of you|all of you"
    r"|whoever|whomever|anyone who|the (?:next )?person|the people"
    r"|each of you|someone|somebody|people|anyone|anybody|(?:your|ur|the|this|that|his|her|their|my|our|those|these)"
    r"(?: [a-z]+)? (?:staff|employees?|workers?|agents?|reps?|representatives?|managers?|boss|ceo|owner|family|wife"
    r"|husband|kids?|children|daughter|son|people|team|drivers?|couriers?|cashiers?|clerks?|guy|guys|girl|woman|man"
    r"|lady|dude|neighbou?rs?|landlord|ex|bitch|bastard|supervisors?|operators?|technicians?|delivery (?:guy|driver"
    r"|man|person)|mother|mom|mum|father|dad|parents|sister|brother|baby|teacher|coworkers?|colleagues?))\b"
)

# --- self-harm --------------------------------------------------------------------------------------------------

# A desire or plan to act, as the frame of a self-harm act that alone may be an accident: "I cut myself on the
# packaging" is a complaint, "I want to cut myself" is not.
_INTENT = (
    r"\b(?:want|wanna|wish|going|gonna|plan|planning|plans|trying|tried|try|urge|urges|tempted|thinking|thought"
    r"|think|thoughts|considering|consider|considered|decided|ready|about|need|might|will|'ll|ill|could|should|feel"
    r"|felt|like|keep|keeps|kept|been|started|start|stop|stopped|quit|afraid i'?ll|scared i'?ll|imma|i'?ma)"
    r"(?: (?:to|of|about|on|like))?(?: (?:just|finally|really|maybe|actually|seriously|honestly|go|again))*"
)
_WEAK_ACTS = (
    r"(?:(?:hurt|hurting|harm|harming|cut|cutting|burn|burning|starve|starving|stab|stabbing|poison|poisoning"
    r"|kill|killing|end|ending|off|offing|hang|hanging|shoot|shooting|drown|drowning) " + _MYSELF
    + r"|kms|end it|ending it|(?:jump|jumping) (?:off|from) (?:a|the|this|that|my) (?:bridge"
    r"|building|roof|rooftop|cliff|balcony|window|tower)|(?:jump|jumping|step|stepping|throw myself|throwing myself)"
    r" in front of (?:a|the) (?:train|bus|car|truck|subway|tube))\b"
)
# Taking too much of a medicine: "overdose on" is the act itself, so the accident vetoes below do not apply.
_OVERDOSE = (
    r"(?:overdose|overdosing|od|o\.d\.|(?:take|taking|swallow|swallowing) (?:all|a whole (?:bottle|box|pack) of|the"
    r" whole (?:bottle|box|pack) of|every one of) (?:my |the |these |those |of my |of the )?(?:pills|tablets|meds"
    r"|medication|sleeping pills|painkillers))\b"
)
# The weak acts read as accidents or idioms when followed by these: "cut myself a slice", "cut myself on the
# lid", "killing myself at work", "killing myself to meet the deadline".
_NOT_AFTER_WEAK_ACT = (
    r"^ (?:a|an|some|off|short|free|loose|on|with|while|when|by accident|accidentally|in the (?:foot|leg)|laughing"
    r"|of (?:laughter|boredom|embarrassment|shame|cringe|hunger)|from (?:laughter|boredom|embarrassment)|for (?:a|an"
    r"|the|this|that|some|it)|up|out|down|into|to (?:it|the|a)|in (?:work|coffee|debt|paperwork|tears)|at|over"
    r"|trying|working|studying|to (?:finish|meet|get|make|pay|keep|please|work|save)|here|there|now|today|early|so)\b"
)
# "I'm going to die" is hyperbole as often as not ("... of boredom"): a desire to die is the signal.
_DIE_WISH = (
    r"\b(?:want|wanna|wanted|wish|wishing|hope|hoping|ready|deserve|would rather|'d rather|d rather|prefer|would"
    r" like|'d like|longing|long|plan|planning|trying|tried)(?: (?:to|so much to|so bad to))?(?: (?:just|really"
    r"|honestly|simply|finally|quietly|peacefully|so|already))* (?:die|be dead|not be alive|not exist|stop existing"
    r"|not wake up|never wake up|disappear forever|cease to exist|end it|be gone forever|go to sleep forever)\b"
)
_NOT_AFTER_DIE_WISH = (
    r"^ (?:of|from|laughing|for|than|when|whenever|every time|if|old|rich|happy|at (?:an )?old age|in (?:the|my) (?:60"
    r"|70|80|90|old)|with (?:laughter|embarrassment|you|this|the|my|your|a|an|that|these|those)|now with)\b"
)

_SELF_HARM_EN = (
    Rule("self_harm", "act+myself",
         r"\b(?:kill|murder|hang|shoot|drown|electrocute|suffocate|strangle|unalive) " + _MYSELF + r"\b",
         not_after=r"^ (?:laughing|with laughter|in the (?:foot|leg)|in (?:work|coffee|debt|paperwork|tears|chocolate"
         r"|sorrows)|an? (?:email|e-mail|message|note|reminder|text))"),
    Rule("self_harm", "end+my+life", r"\b(?:end|ending|ended|take|taking|took) (?:my (?:own )?life|it all)\b",
         not_after=r"^ (?:savings|insurance|story|back|in (?:my|your) (?:own )?hands|elsewhere|policy|with (?:a|an|the"
         r"|this|that) (?:bang|party|win|high|great|good))"),
    Rule("self_harm", "act+wrists", r"\b(?:slit|slitting|cut|cutting|slash|slashing) my (?:wrists?|throat|veins)\b"),
    Rule("self_harm", "suicide",
         r"\b(?:suicide|suicidal|self[- ]?harm(?:ing|ed)?|self[- ]?injur(?:y|ies|ing|e)|self[- ]?mutilat\w*)\b",
         # compounds that name something else: a film, a car door, a tactic, a cocktail
         not_after=r"^ (?:squad|doors?|king|kings|bomb\w*|attacks?|missions?|runs?|sprints?|drills?|knot|seat"
         r"|blondes?|girls|cocktail)\b"),
    Rule("self_harm", "intent+act", _INTENT + " " + _WEAK_ACTS,
         not_before=_NEGATION + r"|\b(?:you|u|he|she|they|it|this|that|battery|phone) $",
         not_after=_NOT_AFTER_WEAK_ACT),
    Rule("self_harm", "intent+overdose", _INTENT + " " + _OVERDOSE,
         not_before=_NEGATION + r"|\b(?:you|u|he|she|they|it|this|that) $",
         not_after=r"^ (?:on (?:chocolate|sugar|coffee|caffeine|candy|sweets|tv|netflix|content|memes|love))\b"),
    Rule("self_harm", "wish+die", _DIE_WISH, not_before=_NEGATION + "|" + _OTHER_SUBJECT,
         not_after=_NOT_AFTER_DIE_WISH),
    Rule("self_harm", "wish+dead",
         r"\bwish (?:i (?:was|were|had|could|would)|i'?d) (?:just |simply |have |not )*(?:been )?(?:dead|die|died"
         r"|never (?:been born|woke up|existed|wake up|exist)|(?:not )?(?:wake up|exist|be alive)"
         r"|disappear(?: forever)?|fall asleep (?:and|forever))\b|\b(?:hope|pray|praying|hoping) (?:that )?i (?:don'?t"
         r"|never|do not|won'?t) wake up\b|\bwish i (?:wasn'?t|weren'?t|was not|were not|didn'?t|did not) (?:alive"
         r"|exist|born)\b"),
    Rule("self_harm", "better_off+without_me",
         r"\bbetter off (?:dead|without me|if i (?:was|were|wasn'?t|weren'?t|died|disappeared|was gone|were gone"
         r"|was dead|were dead|wasn'?t here|weren'?t here|wasn'?t around|weren'?t around|never existed))\b"
         r"|\b(?:happier|easier|better) (?:for everyone |for them |for all of them )?(?:without me|if i (?:just "
         r"|simply )?(?:was|were|wasn'?t|weren'?t|was not|were not) (?:gone|dead|around|here|alive"
         r"|in the picture)(?: anymore)?)\b",
         # "you'd be better off dead" is abuse, not a crisis of the writer
         not_before=r"\b(?:you|you'?d|you'?re|he|he'?d|she|she'?d|it|it'?d) (?:be |are |is |would be |will be )?$"),
    Rule("self_harm", "no_reason+to_live",
         r"\b(?:no|not any|not a single|zero|lost (?:my|the|all)|no more|don'?t have (?:a|any)|don'?t see (?:a|any"
         r"|the)|can'?t see (?:a|any|the)|nothing|there'?s no) (?:\w+ )?(?:reason|point|purpose|will|hope|meaning"
         r"|sense) (?:left )?(?:to|in|of|for) (?:keep |go on |going on |keep on |continue |continuing )?(?:live"
         r"|living|being alive|staying alive|stay alive|exist|existing|go on|going on|carry on|carrying on|life|wake"
         r" up|waking up)\b|\bnothing (?:left )?to live for\b|\bnot worth living\b|\bwhat(?:'?s| is) the (?:point"
         r"|use|reason) (?:of|in) (?:living|being alive|going on|carrying on|existing|staying alive|life|my life)\b"
         r"|\bwhy (?:should|would|do) i (?:even |still )?(?:keep living|stay alive|go on living|bother living"
         r"|live)\b",
         not_after=r"^ (?:insurance|here|there|in (?:this|that|the|a)|early|with|like that|to the|to your|at|through"
         r"|about)\b"),
    Rule("self_harm", "life+worthless",
         r"\b(?:my life|life itself|living|existing) (?:is|feels|seems|has become|became) (?:so |just |completely"
         r" |totally |utterly |really )?(?:pointless|meaningless|not worth (?:it|living)|worthless|hopeless|over"
         r"|unbearable|too much to bear)\b|\blife (?:isn'?t|is not|ain'?t) worth (?:it|living)\b",
         not_before=r"\b(?:battery|shelf|product|warranty|service|extended|half|device|cycle|tool|[a-z]+'s) $"),
    Rule("self_harm", "dont_want+to_live",
         r"\b(?:don'?t|do not|no longer|never|not) (?:really |even )?(?:want|wanna|wish) (?:to )?(?:live|be alive"
         r"|exist|wake up|keep living|continue living|go on living|be here anymore|be here any ?more|be around"
         r" anymore)\b",
         not_after=r"^ (?:in|with|near|at|on|there|here|next|under|above|close|far|together|abroad|downtown|somewhere"
         r"|anywhere|elsewhere|early|before|so|for|without (?:wifi|internet|a|the|my (?:phone|car)))\b"),
    Rule("self_harm", "cant_go_on",
         r"\bcan'?t (?:go on|keep|bear|stand|continue|face) (?:on )?(?:living|being alive|to live|existing|life|another"
         r" day)\b|\bcan'?t live (?:like this|with myself|anymore|any ?more)\b|\b(?:tired|sick|weary) of (?:living"
         r"|being alive|existing|life)\b|\bdone (?:with )?(?:living|being alive|existing)\b|\b(?:had|'?ve had|have had)"
         r" enough of (?:life|living|being alive|existing)\b|\b(?:nobody|no one|noone|no-one) (?:would )?cares?"
         r" (?:if|whether) i (?:live or die|die|am alive|'?m alive|exist)\b",
         not_after=r"^ (?:in|with|near|here|there|out of)\b"),
    Rule("self_harm", "third_person_at_risk",
         r"\b(?:wants?|wanted|going|gonna|threaten(?:s|ed|ing)?|tried|trying|talk(?:s|ed|ing)? about|thinking (?:about"
         r"|of)|keeps saying (?:he|she|they)(?:'ll| will| wants? to))(?: to)? (?:kill|killing|hurt|hurting|harm"
         r"|harming|cut|cutting|end|ending) (?:himself|herself|themselves|themself|(?:his|her|their) (?:own )?"
         r"li(?:fe|ves))\b"),
    Rule("self_harm", "hoard+means",
         r"\b(?:stockpil(?:e|ed|es|ing)|hoard(?:ed|ing)?|sav(?:e|ed|ing) up|collect(?:ed|ing)?) (?:all )?(?:of )?(?:my"
         r" |the |some )?(?:pills|tablets|meds|medication|sleeping pills|painkillers)\b"),
)

# 想死 is "I want to die", except 想死你了 ("I miss you so much"); 跳楼价 is a fire-sale price, not a jump.
_SELF_HARM_ZH = (
    Rule("self_harm", "zh:want_die", r"想(?:去)?死", not_before=r"(?:不|我不|不会|别|没)$",
         not_after=r"^(?:你|您|他|她|它|你们|我了|我啦|宝宝|妈妈|爸爸|家里|机)"),
    Rule("self_harm", "zh:not_live",
         r"不(?:想|要|愿意?)(?:再)?活(?:了|下去|着|啦)?|活不下去|活着(?:真)?(?:没|没有|毫无)(?:什么)?(?:意思|意义|劲"
         r"|盼头|希望)|(?:没有|没|找不到)(?:继续)?(?:活下去|活着)的(?:理由|意义|必要|勇气|动力)|不如死了|死了算了"
         r"|一死了之|活够了|生无可恋|(?:不如|还不如|干脆)(?:去)?死|(?:想|真想|只想|不如)一了百了|我(?:活着)?(?:就|只"
         r"|真的)?是(?:个|一个|大家的|家里的|所有人的)?(?:累赘|负担|拖累)|活着(?:太|好|很|真|真的|实在)?(?:痛苦|煎熬"
         r"|没劲)|不想(?:再)?醒来|(?:没有我|我不在了|我死了|我消失了)[^。！？!?]{0,8}(?:更好|会好|解脱|轻松)",
         # 死机 is a crash, 死磕 is sticking at it
         not_after=r"^(?:机|磕)"),
    Rule("self_harm", "zh:suicide",
         r"自杀|轻生|寻死|自残|自伤|自我伤害|割腕|上吊|(?:结束|了结)(?:掉)?(?:我)?(?:自己|此生|我的生命|自己的生命"
         r"|生命)",
         not_after=r"^(?:式|性袭击|炸弹|袭击)"),
    Rule("self_harm", "zh:intent+act",
         r"(?:想|要|打算|准备|决定|计划|忍不住)(?:[^，。！？,.!?]{0,6}?)(?:去)?(?:跳楼|跳河|跳桥|卧轨|吞药|吃安眠药"
         r"|喝农药|烧炭|服毒|吞安眠药|伤害自己|割自己|杀了自己|杀死自己|弄死自己|离开这个世界|(?:从|在)?(?:楼上|楼顶"
         r"|天台|桥上|阳台|窗户|高处)(?:上)?跳(?:下去|下来|楼))",
         not_before=r"(?:不|不会|别|没|不要|老板|老板都)$", not_after=r"^(?:价|大甩卖|甩卖|清仓|促销|式)"),
)

# German, Spanish, French, accents folded away ("möchte" is "mochte", "à" is "a").
_SELF_HARM_EU = (
    Rule("self_harm", "de:not_live", r"\bnicht mehr (?:leben|weiterleben|leben will|leben mochte|aufwachen)\b",
         not_before=r"\b(?:hier|dort|da|so|in \w+|bei \w+|mit \w+) $"),
    Rule("self_harm", "de:self_harm",
         r"\b(?:ich )?(?:will|mochte|wurde gerne|wunsche mir zu) (?:nur |einfach |am liebsten )*(?:sterben|tot sein)\b"
         r"|\bmich (?:umbringen|toten|erhangen|erschiessen|ritzen|selbst verletzen)\b|\bbringe? mich um\b|\bmir"
         r" (?:das|mein) leben (?:zu )?nehmen\b|\b(?:selbstmord|suizid|lebensmude)\w*|\b(?:kein(?:en)? sinn|keinen"
         r" grund) (?:mehr )?(?:zu leben|weiterzuleben)\b|\bkeine lust mehr (?:zu leben|auf das leben|auf leben)\b"),
    Rule("self_harm", "es:self_harm",
         r"\b(?:quiero|quisiera|deseo) (?:morir(?:me)?|matarme|suicidarme|quitarme la vida|desaparecer para siempre)\b"
         r"|\b(?:voy a|pienso en|pensando en) (?:matarme|suicidarme|quitarme la vida)\b|\bme quiero (?:morir|matar"
         r"|suicidar)\b|\bme voy a (?:matar|suicidar)\b|\b(?:suicidarme|suicidio|suicida|quitarme la vida|acabar con"
         r" mi vida|terminar con mi vida|hacerme dano|lastimarme|cortarme las venas)\b|\bno quiero (?:seguir )?vivir\b"
         r"|\bno (?:vale|tiene sentido) (?:la pena )?(?:seguir )?vivir\b|\bno tengo (?:razones|motivos|ganas) (?:para"
         r"|de) vivir\b",
         not_after=r"^ (?:de (?:risa|hambre|sueno|calor|frio|ganas)|trabajando|estudiando)"),
    Rule("self_harm", "fr:self_harm",
         r"\b(?:je veux|j'ai envie de|je voudrais|j'aimerais) (?:mourir|me tuer|me suicider|en finir|disparaitre)\b"
         r"|\b(?:je vais|je pense a|j'ai pense a) (?:me tuer|me suicider)\b|\bj'ai envie d'en finir\b|\b(?:me suicider"
         r"|suicidaire|mettre fin a (?:mes jours|ma vie)|en finir avec (?:la|ma) vie|me faire du mal"
         r"|me foutre en l'air|me pendre|m'ouvrir les veines)\b|\bje (?:ne )?veux plus vivre\b|\bplus envie de vivre\b"
         r"|\b(?:pas|plus) de raison de vivre\b",
         not_after=r"^ (?:a la tache|de rire|au travail|avec (?:ce|cette|ces|le|les|vous|votre|vos|ton|ta))"),
)

# --- violence: threats against people -----------------------------------------------------------------------------

# The writer announcing what they will do. "I could kill for a coffee" has no person after the verb, so the object
# keeps it out; negated forms ("I would never hurt you") never reach the verb.
_THREAT_FRAME = (
    r"\b(?:i'?ll|ill|i will|imma|i'?ma|i'?m (?:going to|gonna|about to|coming to|gonna come|going to come)|i am"
    r" (?:going to|gonna|about to|coming to)|i (?:want|wanna|plan|intend|need|swear i'?ll|swear i will|swear to god"
    r" i'?ll|promise i'?ll|could|would|should|might|shall|gotta|have to|will come|'?ll come)(?: to)?|i'?d(?: love to"
    r"| like to)?|we'?ll|we will|we'?re (?:going to|gonna)|we are (?:going to|gonna)|someone (?:should|needs to|will"
    r"|is going to|ought to))(?: (?:really|fucking|fuckin|literally|personally|just|actually|definitely|seriously"
    r"|come|come and|come over and|come down there and|go|go down there and|find and|track you down and|hunt you"
    r" down and|find you and|make sure to|then|and|also|first))*"
)
_THREAT_VERB = (
    r"(?:kill|murder|shoot|stab|hurt|beat|beat up|punch|strangle|choke|slap|attack|assault|rape|torture|butcher"
    r"|slaughter|knife|smash|bash|hunt down|come after|end|gut|execute|behead|kidnap|run over|poison|hit|kick|burn"
    r"|cut|break|skin|maim|cripple|bury|shank|pistol whip|waste|smoke|off)"
)
# "shoot you an email", "hit you up", "cut you a deal", "beat them on price", "hurt your feelings".
_NOT_AFTER_THREAT = (
    r"^(?:'s|s)? (?:up|to (?:it|the|that|a)|an? (?:email|e-mail|message|text|note|line|quick|dm|invite|call|link|deal"
    r"|discount|break|reply|cheque|check|review|copy|cd)|email|over|back|out|to it|some slack|a deal|off|in on|through"
    r"|with (?:a|the|my) (?:lawsuit|complaint|review|chargeback|bill|claim|refund)|with (?:lawsuits|complaints|reviews"
    r"|emails|calls|questions)|(?:my|our|the|some) (?:number|info|details|address|email|resume|cv|link|files?|photos?"
    r"|pics?|docs?|documents?|order|receipt|tracking)|on (?:price|prices|quality|that|this)|online"
    r"|in (?:the )?reviews?|if|feelings|chances|reputation|business|sales|ratings?|brand|pride|ego|credit|score|wallet"
    r"|pocket|bottom line|stock|company|store|image|prices?|record|in (?:court|a game|chess|the game|a race)"
    r"|at (?:chess|this|that|the game|poker|pool|tennis|golf))\b"
)

_VIOLENCE = (
    Rule("violence", "threat+verb+person",
         _THREAT_FRAME + r"(?: (?:[a-z']+ ){1,4}and)? " + _THREAT_VERB + " " + _PERSON,
         not_before=_NEGATION, not_after=_NOT_AFTER_THREAT),
    Rule("violence", "threat+harm+body",
         r"\b(?:break|snap|smash|bash|cut|slit|cave|blow|kick|beat|whoop) (?:your|his|her|their|ur) (?:\w+ )?(?:legs?"
         r"|necks?|face|faces|jaws?|bones|arms?|nose|skulls?|heads?|teeth|knees?|throats?|brains?|kneecaps|ass|asses)"
         r"(?: (?:in|out|off))?\b|\b(?:put|putting|gonna put|'?ll put) (?:a|one|two|some) (?:bullets?|slugs?|rounds?)"
         r" (?:in|into|through) (?:you|your|his|her|their|ur)\b|\bbeat the (?:shit|crap|hell|living (?:shit"
         r"|daylights)) out of " + _PERSON + r"|\bmake (?:you|u|him|her|them|your \w+) (?:bleed|suffer|pay in blood)\b",
         # "you'll break your neck on those stairs" is a warning, not a threat
         not_before=_NEGATION + r"|\b(?:the|a|my) \w+ (?:will|can|could|might|may) $|\b(?:he|she|they|you|u)(?:'?ll"
         r"| will| could| might| can| may|'?d| would)? $"),
    Rule("violence", "i_know_where",
         r"\bi know where (?:you|u|ya|your (?:\w+ )?(?:family|kids|children|wife|husband|staff|manager|boss|employees"
         r"|people|ceo|mother|mom|mum|daughter|son)|he|she|they|the (?:\w+ )?(?:manager|ceo|agent|owner|driver))"
         r" (?:lives?|sleeps?|works?|stays?|go(?:es)? to school|park|parks)\b|\bwatch your back\b|\bsleep with one"
         r" eye open\b|\byour days are numbered\b|\byou(?:'?re| are| r) (?:a )?dead (?:man|meat|woman|bitch)\b"
         r"|\byou(?:'?re| are| will| gonna| going to|'?ll)(?: be)? (?:gonna |going to )?(?:die|be dead|bleed|get"
         r" (?:hurt|shot|stabbed|killed))(?: soon| tonight| tomorrow| today| for this| bitch)?\b"
         r"|\b(?:someone|somebody|people|your (?:\w+ )?(?:staff|family|manager|agents?|employees?|people)) (?:is|are"
         r"|will|'?s|'?re)? ?(?:going to|gonna|will) (?:get (?:hurt|killed|shot|stabbed)|die)\b",
         # "be careful or you'll get hurt", "you will get hurt if you open it powered on": warnings
         not_before=r"\b(?:if|or|could|can|might|may|otherwise|careful|else|when|not|never|don'?t) (?:\w+ )?$",
         not_after=r"^ (?:laughing|of (?:laughter|boredom|envy|jealousy|cuteness)|when you see|once you see|from"
         r" (?:laughter|cuteness)|if|unless|when|while|using|by|because|pain|posture|muscles?)\b"),
    Rule("violence", "bomb_or_attack_threat",
         r"\bthere(?:'?s| is| are| will be) (?:a |an |some )?(?:bombs?|explosives?|ied|explosive device) (?:in|at|on"
         r"|under|inside|planted|hidden|somewhere|set)\b|\bi (?:have |'?ve |just )?(?:put|planted|placed|left|hid|set"
         r"|hidden) (?:a |an |some )?(?:bombs?|explosives?|ied|explosive device)\b|" + _THREAT_FRAME
         + r" (?:bomb|blow up|shoot up|burn down|torch|set fire to|firebomb|set on fire|attack) (?:your|the|this|that"
         r"|ur|their|every|all your|one of your|all of your) (?:\w+ )?(?:store|shop|office|building|headquarters|hq"
         r"|warehouse|branch|location|place|school|mall|restaurant|house|home|plane|flight|airport|station|bank|hotel"
         r"|factory|company|depot|outlet|clinic|hospital|church|mosque|synagogue|temple|event|concert)s?\b|"
         + _THREAT_FRAME + r" (?:bring|get|grab|take) (?:a |my |some )?(?:gun|guns|rifle|weapon|weapons|knife|knives"
         r"|machete|shotgun|pistol|ak-?47|ar-?15|bomb|explosives) (?:to|into|down to|and (?:come|go) to) (?:your|the"
         r"|this)\b|\bmass shooting at (?:your|the)\b|" + _THREAT_FRAME + r" (?:burn|blow|tear|bring) (?:your|the"
         r"|this|that|ur|their) (?:\w+ )?(?:store|shop|office|building|warehouse|branch|place|house|home|company"
         r"|factory|depot|outlet)s? (?:down|up|to the ground)\b",
         not_before=_NEGATION, not_after=r"^(?:'s|s'| (?:reputation|ratings?|reviews?|online|page|website|account))"),
    Rule("violence", "weapon+coming",
         r"\b(?:i'?m|i am|i'?ll be|i will be|i'?ll|we'?re|we'?ll be)(?: (?:coming|waiting|showing up|outside|there"
         r"|over|down|back|by))+(?: [a-z']+){0,5} with (?:a|my|an|some) (?:loaded )?(?:knife|knives|gun|guns|bat"
         r"|baseball bat|machete|axe|hammer|rifle|shotgun|pistol|crowbar|weapon|weapons|bomb)\b",
         not_before=_NEGATION),
    Rule("violence", "zh:threat",
         r"(?:我要|我会|我就|我一定|我迟早|老子|我去|我想|我非|我得|小心我|信不信我|我明天|我今天|我马上|我早晚)(?:要"
         r"|会|就|去|把)?(?:[^，。！？,.!?]{0,6}?)(?:杀|杀了|杀死|砍|砍死|砍了|捅|捅死|弄死|打死|搞死|干掉|宰了|炸"
         r"|炸了|烧了|揍|废了|撞死|毒死|掐死|做掉|灭了)(?:你|你们|他|她|他们|她们|你全家|你家|你们全家|客服|你们老板"
         r"|你们经理|你们的人|所有人|这个客服|那个客服|那个快递员|快递员|那个人|店员|经理|老板|人)|(?:杀|弄|砍|捅|打"
         r"|毒|掐)死你(?:们)?(?:全家)?|(?:杀|砍|宰|做)了你(?:们)?(?:全家)?|干掉你(?:们)?|灭你全家|杀你全家"
         r"|我知道你(?:们)?(?:住|家|在|住在|家住|每天)(?:在)?哪|(?:放|安|装|埋|藏|带)(?:了)?(?:一颗|一个|个)?炸弹"
         r"|(?:炸了|炸掉|炸毁|烧了|烧掉|砸了)(?:你们|你)的?(?:店|公司|大楼|门店|仓库|总部|办公室)|你们都得死"
         r"|你(?:们)?会死得很惨",
         not_before=r"(?:不|不会|不要|别|没|没有|笑|我才不)$",
         not_after=r"^(?:价|毒|菌|进程|程序|软件|病毒|时间|机|鸡)"),
    Rule("violence", "eu:threat",
         r"\bich (?:bringe|bring|werde|will) (?:dich|euch|sie|ihn) (?:um|umbringen|toten|abstechen|erschiessen"
         r"|fertigmachen)\b|\b(?:te|los|las|lo|la|os) (?:voy a|vamos a) (?:matar|apunalar|disparar|romper la cara)\b"
         r"|\bvoy a (?:matarte|matarlos|matarlas|mataros|apunalarte)\b|\bje vais (?:te|vous|le|la|les) (?:tuer|buter"
         r"|crever|egorger|defoncer)\b|\bje sais ou (?:tu (?:habites|vis)|vous (?:habitez|vivez))\b|\bich weiss wo du"
         r" wohnst\b|\bse donde vives\b"),
)

# --- illegal: requests for clearly illegal help -------------------------------------------------------------------

# A request: the writer asks how to, or wants to, do the act. "my card was stolen" (a victim) and "how do I report
# fraud" (a report) name no act that the writer asks to do.
_ASK = (
    r"\b(?:how (?:do|can|could|would|should|might|does|did) (?:i|we|you|one|someone|somebody|a person|u|people)"
    r"(?: (?:go about|best|actually|even|possibly|easily|safely|quickly))?|how (?:to|2)|(?:help|teach|show|tell"
    r"|explain|walk|guide) (?:me|us)(?: (?:how|through))?(?: to)?|(?:give|send|write) me (?:instructions|steps|a guide"
    r"|a tutorial|a recipe|directions|a plan|code|a script)(?: (?:for|to|on))?(?: how to)?|(?:instructions|steps"
    r"|a guide|guide|tutorial|recipe|directions|ways?|tips|method|methods|tricks?|the best way|easiest way|best way"
    r"|fastest way|cheapest way|a way|any way|anyway|safest way)(?: (?:for|to|on|of|i can|we can))?(?: how to)?|(?:i"
    r"|we) (?:want|need|wanna|would like|'?d like|am trying|'?m trying|plan|intend|am going|'?m going|'?m gonna|am"
    r" gonna|gotta|have to)(?: to)?(?: (?:know how to|learn (?:how )?to|figure out how to|find out how to))?|where"
    r" (?:can|do|could|should|would) (?:i|we|you|one|u)(?: (?:go to|find(?: a place to)?))?|can (?:you|u|i|we)"
    r"(?: (?:help me|please|pls))?|could (?:you|u|i|we)(?: (?:help me|please|pls))?|is it possible to|what(?:'?s| is)"
    r" the (?:best|easiest|fastest|safest|cheapest|simplest) way to|any (?:way|tips|ideas|advice) (?:to|on|for)"
    r"|possible to|let'?s|help me)"
    r"(?: (?:to|just|quickly|easily|secretly|safely|actually|successfully|still|even|go|please|pls|and))*"
)
_ILLEGAL_ACT = (
    # weapons and explosives: "make a bath bomb" never matches, the determiner sits right before "bomb"
    r"(?:make|making|build|building|assemble|construct|create|cook|craft|manufacture|produce|put together|wire|rig"
    r"|3d print|print|mix|improvise)(?: (?:a|an|some|my own|our own|homemade|home-made|working|real|untraceable|small"
    r"|big|powerful|simple|improvised|functional|deadly|lethal|cheap|easy|diy))* (?:pipe bombs?|bombs?|explosives?"
    r"|explosive devices?|ieds?|molotov cocktails?|molotovs?|napalm|grenades?|detonators?|car bombs?|nail bombs?"
    r"|dirty bombs?|nerve agents?|nerve gas|sarin|ricin|vx|mustard gas|chlorine gas|poison gas|toxic gas|ghost guns?"
    r"|zip guns?|untraceable (?:guns?|firearms?)|silencers?|machine guns?|auto sears?|bioweapons?|biological weapons?"
    r"|chemical weapons?|tatp|c-?4|semtex|anthrax)\b"
    r"|(?:convert|turn|modify|make) (?:a |my |an? |the )?(?:\w+ )?(?:glock|ar-?15|ak-?47|rifle|gun|pistol|semi-auto"
    r"|semi auto)s? (?:to|into) (?:full auto|fully automatic|automatic|a machine gun)"
    # drugs
    r"|(?:make|making|cook|cooking|synthesi[sz]e|synthesi[sz]ing|manufacture|produce|brew|extract|refine|cut|press"
    r"|smuggle|traffic|sell|deal|distribute|import)(?: (?:some|my own|homemade|pure|a batch of|batches of))? (?:meth"
    r"|methamphetamine|crystal meth|crack|crack cocaine|cocaine|heroin|fentanyl|lsd|mdma|ecstasy|ghb|dmt|pcp"
    r"|ketamine|amphetamines?|opium|morphine|oxycodone|oxy|mephedrone|carfentanil|counterfeit pills|fake pills"
    r"|drugs|narcotics)\b"
    r"|(?:buy|get|order|purchase|score|find|hire|get hold of|source|obtain|acquire|pick up|sell)(?: (?:some|a|an))?"
    r" (?:meth|cocaine|heroin|fentanyl|crack|lsd|mdma|molly|ecstasy|ghb|illegal (?:drugs|guns|weapons|firearms"
    r"|fireworks)|(?:drugs|oxy|oxycodone|xanax|adderall|opioids|painkillers) without (?:a )?prescription|(?:gun"
    r"|firearm|pistol|rifle) without (?:a )?(?:background check|license|licence|permit|id|paperwork)|unregistered"
    r" (?:guns?|firearms?)|ghost guns?|untraceable (?:guns?|firearms?)|stolen (?:goods|cards?|credit cards?|card"
    r" numbers|card details|ids?|identities|accounts|passwords|data|cars?|phones?|iphones?)|fake (?:ids?|passports?"
    r"|money|bills|currency|diplomas?|degrees?|licen[cs]es?|driver'?s licen[cs]es?|visas?)|counterfeit (?:money|bills"
    r"|currency|notes|cash|goods)|cvvs?|fullz|dumps|cc dumps|credit card dumps|hitman|hit man|hitmen|assassin"
    r"|someone to (?:kill|hurt|beat up|shoot|hack)|hacker to|human kidney|human organs|explosives|grenades?|bomb"
    r"|bombs|slaves?)\b"
    # fraud
    r"|(?:use|using|cash out|cashout|max out|card|run|test|sell|launder|clone|cloning|skim|skimming|buy|check|spend)"
    r"(?: (?:a|the|some|these|those|my))? (?:stolen|cloned|skimmed|hacked|leaked|fake|counterfeit|someone else'?s"
    r"|somebody else'?s|other people'?s|another person'?s|a dead person'?s) (?:credit |debit |gift |bank |prepaid )?"
    r"(?:cards?|card numbers|card details|card info|ccs?|identit(?:y|ies)|ssns?|social security numbers?|paypal"
    r"|accounts?|checks?|cheques?|bills|money|notes|cash|coupons?|vouchers?)\b"
    r"|(?:launder|laundering|wash|washing|clean) (?:the |my |some |our |drug |dirty )?(?:money|cash|crypto|bitcoin"
    r"|funds|proceeds)\b"
    r"|(?:forge|forging|fake|faking|counterfeit|counterfeiting|falsify|falsifying|doctor|doctoring|alter|altering"
    r"|photoshop)(?: (?:a|an|some|the|my|your|his|her))? (?:receipts?|invoices?|ids?|id cards?|passports?|driver'?s"
    r" licen[cs]es?|licen[cs]es?|signatures?|checks?|cheques?|documents?|prescriptions?|doctor'?s notes?|bank"
    r" statements?|pay ?stubs?|money|bills|banknotes|currency|diplomas?|degrees?|certificates?|visas?|tickets?"
    r"|boarding pass(?:es)?|proofs? of purchase|order confirmations?|delivery photos?|tracking numbers?|death"
    r" certificates?|covid tests?|vaccination cards?|test results?|damage photos?)\b"
    r"|(?:make|create|print|get|buy|photoshop|generate|design|produce|write)(?: (?:a|an|some|me a|me an))? (?:fake"
    r"|forged|counterfeit|falsified|fraudulent|phony|bogus|false) (?:receipts?|invoices?|ids?|id cards?|passports?"
    r"|driver'?s licen[cs]es?|licen[cs]es?|signatures?|checks?|cheques?|documents?|prescriptions?|doctor'?s notes?"
    r"|bank statements?|pay ?stubs?|money|bills|banknotes|currency|diplomas?|degrees?|certificates?|visas?|reviews?"
    r"|proofs? of purchase|tracking numbers?|police reports?|insurance claims?|claims?|refund requests?)\b"
    r"|(?:scam|con|defraud|swindle|rip off|phish|extort|blackmail|sextort|catfish|trick|cheat)(?: money out of)?"
    r" (?:people|someone|somebody|old people|the elderly|elderly people|an? (?:old|elderly) (?:man|woman|lady|person)"
    r"|grandma|grandpa|my (?:grandma|grandpa|grandmother|grandfather|boss|ex|neighbou?r)|customers|a customer|the"
    r" company|amazon|you|them|him|her|victims|tourists|insurance|the insurance company|my insurance|the bank|banks"
    r"|the government|the irs|investors|retirees|immigrants|kids|children|a store|stores|the store|your store)\b"
    r"|(?:make|create|write|send|build|set up|craft|design|host|code|run)(?: (?:a|an|some))? (?:phishing|scam|fake"
    r" login|spoofed|spoof) (?:emails?|pages?|sites?|websites?|links?|texts?|sms|messages?|campaigns?|kits?|calls?"
    r"|apps?)\b|(?:evade|dodge|avoid paying|cheat on) (?:taxes|tax|my taxes|customs|duties|import duties)\b"
    r"|(?:file|make|submit) (?:a )?(?:fraudulent|fake|false) (?:claims?|chargebacks?|returns?|reports?)\b"
    # account takeover, stalking, intrusion
    r"|(?:hack|hacking|hack into|hacking into|break into|breaking into|get into|getting into|access|accessing|log"
    r" into|login to|log in to|take over|takeover|crack|cracking|bypass|steal|stealing|get the password (?:to|of"
    r"|for)|reset|spy on|read|see|monitor|clone|hijack) (?:someone'?s|someones|somebody'?s|someone else'?s|somebody"
    r" else'?s|another person'?s|other people'?s|a person'?s|people'?s|strangers'?|the victim'?s|his|her|their"
    r"|my (?:ex|ex-?girlfriend|ex-?boyfriend|ex-?wife|ex-?husband|girlfriend|boyfriend|wife|husband|partner|spouse"
    r"|neighbou?r|boss|coworker|co-worker|colleague|friend|teacher|crush|roommate|classmate|sister|brother)'?s)"
    r" (?:\w+ )?(?:account|accounts|email|emails|inbox|phone|iphone|instagram|insta|facebook|fb|whatsapp|snapchat"
    r"|tiktok|twitter|icloud|gmail|passwords?|messages|texts|dms|wifi|wi-fi|computer|laptop|webcam|camera|bank"
    r" account|location|gps|router|network|profile|cloud|photos)\b"
    r"|(?:hack|hack into|break into|ddos|dos|take down|crash) (?:a |an |the |this |that |their |his |her )?(?:\w+ )?"
    r"(?:bank|website|server|company|network|government|database|atm|atms|school|hospital|wifi network)s?\b"
    r"|(?:install|put|hide|plant)(?: (?:a|an|some))? (?:keylogger|spyware|stalkerware|tracker|tracking app|rat"
    r"|malware|ransomware|virus|trojan|gps tracker|hidden camera|hidden cam) (?:on|in|into|onto) (?:my (?:\w+ )?"
    r"(?:wife|husband|girlfriend|boyfriend|partner|ex|boss|coworker|neighbou?r|roommate)'?s?|someone'?s|his|her"
    r"|their|someone else'?s|a (?:stranger|person)'?s)"
    r"|(?:write|make|create|code|build|spread|deploy|send)(?: (?:a|an|some|my own))? (?:ransomware|malware|virus"
    r"|viruses|trojan|keylogger|botnet|worm|spyware|stalkerware|credit card skimmer|skimmer|card skimmer)\b"
    # theft; harm to a person for which the writer wants a method
    r"|(?:steal|shoplift|shoplifting|pickpocket|rob|robbing|hijack|carjack|hotwire|loot|burgle|burglari[sz]e)\b"
    # "how do I kill them" is as often about ants: a bare pronoun is no person here
    r"|(?:kill|murder|poison|strangle|drug|kidnap|abduct|traffic|smuggle) (?:someone|somebody|a person|people|my"
    r" (?:\w+ )?(?:wife|husband|boss|ex|neighbou?r|girlfriend|boyfriend|partner|mom|dad|mother|father|sister|brother"
    r"|teacher|coworker)|a child|a kid|children|kids|a girl|a woman|a man|women|girls|immigrants|migrants|humans)\b"
    r"|(?:dispose of|get rid of|hide|bury|dissolve) (?:a|the) (?:dead )?(?:body|corpse)\b"
    r"|(?:get away with|cover up) (?:murder|killing|a murder|a crime|stealing|theft|fraud|shoplifting|arson|hit and"
    r" run|rape|assault)\b"
)
# Idioms and food: "steal the show", "steal a glance", "make a bomb-ass cake", "cook crack pie".
_NOT_AFTER_ACT = (
    r"^(?: ?(?:ass|-ass|dot)\b| (?:pie|cookies?|brownies?|chicken|dip|corn|sauce|the show|the spotlight|a glance"
    r"|glances|a kiss|hearts?|home|bases?|the scene|ideas?|your heart|my heart|deals?|of (?:a|the) deal|shots?|photos?"
    r" of (?:my|our)|cakes?|pops?|drinks?|cocktails?|burgers?|brownies?|track|song|outfit)\b)"
)

_ILLEGAL = (
    Rule("illegal", "ask+illegal_act", _ASK + " " + _ILLEGAL_ACT, not_before=_NEGATION, not_after=_NOT_AFTER_ACT),
    Rule("illegal", "stalk+without_consent",
         r"\b(?:read|track|tracking|spy on|spying on|monitor|monitoring|access|see|check|listen to|record|recording"
         r"|follow|following|watch|watching|film|filming|photograph|locate)\b[^.?!]{0,48}\bwithout (?:him|her|them"
         r"|my (?:\w+ )?(?:wife|husband|girlfriend|boyfriend|partner|ex|boss|neighbou?r|roommate|coworker|friend)"
         r"|the (?:person|owner|victim)|anyone|somebody|someone)(?: (?:ever|even|actually))? (?:knowing|noticing"
         r"|finding out|knowledge|consent|permission|being aware|seeing|realizing|realising)\b"),
    Rule("illegal", "zh:ask+illegal_act",
         r"(?:怎么|怎样|如何|怎么样|咋|教我|教教我|告诉我|求教|有没有办法|有啥办法|有什么办法|想要|想|哪里|哪儿|在哪"
         r"|谁|帮我|能不能|可以|我要|我想要)(?:才能|才可以|可以|能|去|来|快速|安全地?|偷偷|悄悄|一下|自己|在家|买到"
         r"|弄)*(?:做|制作|制造|自制|合成|造|配|组装|提炼|提纯|买|购买|弄到|搞到|卖|贩卖|走私|运)(?:到|出|一个|一颗"
         r"|一把|个|把|点|些)?(?:炸弹|炸药|雷管|燃烧瓶|土炸弹|枪|手枪|枪支|步枪|子弹|毒品|冰毒|海洛因|可卡因|摇头丸"
         r"|k粉|麻古|芬太尼|毒气|沙林|蓖麻毒素|神经毒剂|假证|假币|假钞|假身份证|假护照|假驾照|假文凭|假发票"
         r"|别人的身份证|身份证号|银行卡四件套|四件套|信用卡信息|黑卡|cvv|人体器官)|(?:怎么|怎样|如何|怎么样|咋|教我"
         r"|教教我|告诉我|求教|有没有办法|有啥办法|有什么办法|想要|帮我|能不能|我要|我想)(?:才能|才可以|可以|能|去|来"
         r"|快速|安全地?|偷偷|悄悄|一下)*(?:盗刷|盗用|套现|洗钱|诈骗|骗钱|骗取|骗老人|偷东西|偷车|偷钱|偷手机|抢劫"
         r"|抢银行|绑架|贩毒|走私|逃税|偷税|漏税|盗号|破解(?:别人|他人)|黑进|入侵|伪造|办假证|做假账|开假发票|杀人"
         r"|下毒|投毒|拐卖|贩卖(?:儿童|妇女|人口)|偷拍|跟踪|定位(?:别人|他人"
         r"|我老婆|我老公|女朋友|男朋友|前任))",
         not_before=r"(?:防止|防范|避免|举报|识别|报警|预防|不|被|不要|别)$",
         not_after=r"^(?:毒|盘|软件|价|者|的人|犯|案|罪)"),
    Rule("illegal", "zh:account_takeover",
         r"(?:盗|黑|破解|入侵|偷看|监控|窃取|盗取)(?:别人|他人|男朋友|女朋友|老公|老婆|前任|前男友|前女友|同事|邻居"
         r"|陌生人)"
         r"的?(?:账号|帐号|微信|qq|邮箱|密码|手机|支付宝|淘宝|抖音|微博|电脑|聊天记录|相册|银行卡|位置)",
         not_before=r"(?:被|防止|防范|举报|不|不要|别)$"),
)

# --- sexual content involving minors ------------------------------------------------------------------------------

_MINOR = (
    r"(?:child|children|childs|kid|kids|minor|minors|underage|under-age|preteen|pre-teen|preteens|prepubescent"
    r"|toddlers?|little (?:girls?|boys?)|young (?:girls?|boys?)|schoolgirls?|schoolboys?|(?:[1-9]|1[0-7]) ?(?:yo|y/o"
    r"|y\.o\.|year olds?|year-olds?|yr olds?|yr-olds?|years old|yrs old)(?: (?:girls?|boys?|kids?|child|students?))?"
    r"|(?:girls?|boys?|kids?|teens?) (?:aged? |who is |who'?s |under |of )(?:[1-9]|1[0-7])\b|middle schoolers?"
    r"|elementary school (?:girls?|boys?|kids|students)|grade ?schoolers?|jailbait|loli|lolis|shota)"
)
_MINORS_SEXUAL = (
    # "sex education for kids", "explicit content for children" never match: no sexual noun sits before the minor
    Rule("minors_sexual", "sexual+minor",
         r"\b(?:sex|sexual|sexy|nude|nudes|naked|porn|porno|pornography|pornographic|explicit|erotic|lewd|nsfw|xxx"
         r"|topless|undressed|sexualized|sexualised|hentai)(?: (?:photos?|pics?|pictures?|images?|videos?|vids?|content"
         r"|material|movies?|stories|story|chat|chats|roleplay|rp|acts?|selfies|snaps|shots|cam|webcam))?(?: (?:of"
         r"|with|involving|featuring|from|depicting|showing|between))?(?: (?:a|an|some|the|real|actual|young|little"
         r"|cute|my|your))* " + _MINOR + r"\b"),
    Rule("minors_sexual", "minor+sexual",
         r"\b(?:child|children|kiddie|kiddy|kid|underage|under-age|preteen|pre-teen|minor|loli|shota|jailbait"
         r"|toddler|young teen|(?:[1-9]|1[0-7]) ?(?:yo|year old|years old|yr old)) ?(?:porn|porno|pornography|sex"
         r"|nudes|nude pics|nude photos|naked pics|naked photos|xxx|hentai|erotica|sex videos?|sex tapes?|sex pics"
         r"|sexual content|sexual images|sexual photos|cam shows?|sexting)\b|\b(?:csam|lolicon|shotacon|pedo"
         r" (?:porn|content|material|videos?|pics)|jailbait)\b",
         not_after=r"^ (?:education|ed|trafficking|abuse|offenders?|crimes?|predators?|safety)\b"),
    # "touch", "groom", "meet", "sleep with" are innocent with a child (a parent's words); only sexual acts count
    Rule("minors_sexual", "sex_act+minor",
         r"\b(?:have sex|having sex|had sex|hook up|hooking up|make out|making out|get intimate|sext|sexting|molest"
         r"|molesting|seduce|seducing|rape|raping|fuck (?:a|an|this|that|some))(?: (?:with|up with))?(?: (?:a|an|some"
         r"|the|this|that|young|little|cute|hot))* " + _MINOR + r"\b|\b(?:get|make|convince|ask|want|pay"
         r"|persuade) (?:a|an|the|this|that|some|my)? ?" + _MINOR + r" to (?:sext|send (?:me )?(?:nudes|naked|nude)"
         r"|have sex|strip|undress|sleep with me|touch (?:me|himself|herself))\b"),
    Rule("minors_sexual", "zh:minor+sexual",
         r"(?:儿童|幼童|幼女|萝莉|未成年(?:人)?|小学生|初中生|中学生|小女孩|小男孩|女童|男童|幼儿|少女)(?:的)?(?:色情"
         r"|裸照|裸体|裸聊|性爱|黄片|黄图|av|成人视频|性交易|性行为|性视频|私密照|不雅照|裸露|性感照)|(?:和|跟|与"
         r"|同)(?:未成年(?:人)?|小学生|初中生|幼女|儿童|小女孩|女童|少女)(?:发生关系|发生性关系|做爱|上床|开房|性交"
         r"|裸聊|约炮)|(?:猥亵|性侵|强奸|奸淫)(?:儿童|幼女|未成年|小孩|女童|男童|小学生)|恋童|萝莉控",
         not_before=r"(?:防止|防范|预防|打击|反对|关于)$"),
)

# --- harassment: slurs, and abuse directed at a person ------------------------------------------------------------

# Two tiers: a customer may call the driver "a jerk" in a complaint (that is feedback); only the severe words are
# abuse whoever they are said of. Said to "you", the milder ones count too.
_SEVERE_INSULT = (
    r"(?:bitch|bitches|cunts?|whores?|sluts?|skanks?|motherfuckers?|son of a bitch|sons of bitches|piece of shit"
    r"|pieces of shit|subhumans?|vermin|maggots?|retards?|twats?|fuckfaces?|dumbfucks?|scum|scumbags?|dickheads?"
    r"|shitheads?|assholes?|arseholes?|bastards?|waste of (?:space|oxygen|air|skin))"
)
_MILD_INSULT = (
    r"(?:idiots?|morons?|imbeciles?|cretins?|dumbass(?:es)?|dipshits?|dicks?|pricks?|wankers?|losers?|pigs?|cows?"
    r"|trash|garbage|freaks?|clowns?|fools?|jerks?|numbskulls?|halfwits?|nitwits?|douche(?:bags?)?|tossers?|pillocks?"
    r"|knobheads?|bellends?|degenerates?|hoes?|thots?|simps?|mfs?|pos)"
)
_INSULT_ADJ = (
    r"(?:fucking|fuckin|fricking|freaking|stupid|dumb|worthless|useless|pathetic|brainless|incompetent|lazy|ugly|fat"
    r"|disgusting|filthy|dirty|little|bloody|damn|goddamn|goddamned|retarded|miserable|lying|cheating|sorry|total"
    r"|complete|absolute|utter|brain ?dead|ignorant|clueless|greedy|thieving|sick|twisted|evil|rotten|shitty|crappy)"
)
_SLURS = (
    r"\b(?:nigg(?:er|a|ah|az|ers|as)|faggots?|fagg?ots?|kikes?|spics?|wetbacks?|gooks?|chinks?|ragheads?|towelheads?"
    r"|sand ?niggers?|coons?|beaners?|retards?|retarded|shemales?|zipperheads?|porch monkeys?|jungle bunn(?:y|ies)"
    r"|golliwogs?|pakis?)\b"
)

_HARASSMENT = (
    Rule("harassment", "insult+you",
         r"\b(?:you|u|ya|yo|you guys|you people|y'?all|you all)(?:'?re| are| r|re)?(?: (?:a|an|such a|such an|the|one"
         r"|a total|a complete|an absolute|the biggest|bunch of|a bunch of|lot of|a lot of|pack of|nothing but|nothing"
         r" but a|all))?(?: " + _INSULT_ADJ + r")* (?:" + _SEVERE_INSULT + "|" + _MILD_INSULT + r")\b",
         # "can you trash my old order", "you pig out", "you freak me out": a verb, not a name
         not_after=r"^ (?:my|the|this|that|it|them|those|these|out|up|away|off|me|us|bag|bags|can|day|collection"
         r"|pickup|bin|bins|disposal)\b"),
    Rule("harassment", "person+is+insult",
         r"\b(?:agent|rep|representative|employee|staff|worker|manager|driver|courier|cashier|clerk|she|he|they"
         r"|this guy|that guy|this woman|that woman|this girl|that girl|this lady|that lady|this man|that man|your"
         r" (?:\w+ )?(?:agent|rep|staff|employee|employees|manager|boss|ceo|driver|courier|people|team|guys|workers|mom"
         r"|mother|mum))(?:'?s|'?re| is| are| was| were| is such| was such| are such| is being| was being| are being"
         r"| are all| is a| was a| are just| is just)(?: (?:a|an|such a|such an|bunch of|a bunch of|total|complete"
         r"|absolute|utter|real))?(?:(?: " + _INSULT_ADJ + r")* " + _SEVERE_INSULT + r"|(?: " + _INSULT_ADJ + r")*"
         r" (?:fucking|fuckin|goddamn|goddamned|shitty|retarded)(?: " + _INSULT_ADJ + r")* " + _MILD_INSULT + r")\b"),
    Rule("harassment", "profanity+you",
         r"\b(?:fuck|fck|fuk|fuq|f\*ck|f\*\*k|screw|frick|damn) (?:you|u|ya|off|yourself|yourselves|your (?:mom|mother"
         r"|mum|family|sister))\b|\b(?:go to hell|eat shit|suck my (?:dick|cock|balls)|kiss my ass|shove it up your"
         r" ass)\b|\bgo (?:fuck|kill|hang|shoot|drown) (?:your ?self|yourselves)\b|\b(?:kill|hang|shoot|drown) your"
         r" ?self\b|\bkys\b|\bkill yourselves\b|\bi hope (?:you|u|your (?:\w+ )?(?:family|kids|staff|agent|manager|boss"
         r"|ceo|mom|mother|wife|husband)) (?:all )?(?:die|dies|get cancer|gets cancer|rot|rots|burn|burns|get hit by a"
         r" (?:car|bus|truck|train)|suffer|suffers|choke|chokes|get raped|gets raped|drop dead|drops dead|go to hell)\b"
         r"|\b(?:die in a fire|rot in hell|burn in hell|drop dead)\b|\bstfu\b|\bshut (?:the fuck|the hell|your"
         r" (?:fucking )?mouth) up\b",
         # "don't kill yourself over it", "you'll kill yourself laughing", "a drop dead gorgeous dress"
         not_before=_NEGATION + r"|\b(?:could|would|might|will|'?ll|can) $",
         not_after=r"^ (?:laughing|with laughter|over (?:it|this|that)|working|trying|if you (?:try|attempt)|gorgeous"
         r"|beautiful|stunning|sexy|cute|handsome|funny)\b"),
    Rule("harassment", "slur", _SLURS,
         not_before=r"\bmaine $",
         not_after=r"^ (?:in (?:the|my|his|her|their|your) armou?r|hounds?|of light|and span|n span|cats?"
         r"|kittens?)\b"),
    Rule("harassment", "zh:insult",
         r"(?:你|你们|客服|你这个|你们这些|这个客服|那个客服|你们客服|这客服|你个|你这)(?:就|真|真是|都|全|这)?(?:是)?"
         r"(?:个|一个|群|帮|一群|一帮|些|条|只|头)?(?:死)?(?:傻逼|傻b|傻比|傻屄|煞笔|沙比|sb|脑残|智障|白痴|弱智|废物"
         r"|贱人|贱货|婊子|狗东西|狗娘养的|王八蛋|王八|混蛋|人渣|畜生|杂种|蠢货|蠢猪|猪头|贱种|狗|傻子|死妈|龟孙)"
         r"|操你|草你|肏你|日你|干你娘|干你妈|你妈(?:的|死了|逼|b)|你全家(?:都)?死|死全家|cnm|nmsl|草泥马|尼玛死了"
         r"|你他妈|去你妈的|你大爷的|(?:你|你们)(?:都|快|赶紧|给我|最好)?(?:去死|滚(?:蛋|开|出去|远点|吧|$|[!！。，,])"
         r"|不得好死)|(?:^|[，。！!,])(?:去死吧|滚(?:蛋|开|出去|远点))|支那|黑鬼|日本鬼子|小日本|死胖子|死基佬",
         not_before=r"(?:我想|我要|想|不是|不是说)$",
         not_after=r"^(?:动|粮|蛋糕|肉|都不如|一样的速度|分类|袋|桶|短信|邮件)"),
)

LEXICON_RULES: tuple[Rule, ...] = (
    *_SELF_HARM_EN, *_SELF_HARM_ZH, *_SELF_HARM_EU, *_VIOLENCE, *_ILLEGAL, *_MINORS_SEXUAL, *_HARASSMENT
)


@lru_cache(maxsize=1)
def lexicon() -> Grammar:
    return Grammar(LEXICON_RULES)


# --- exemplar similarity ------------------------------------------------------------------------------------------


class TextEmbedder(Protocol):
    """Texts to L2-normalised float32 vectors (one row each), so an inner product is a cosine similarity."""

    def embed(self, texts: list[str]) -> np.ndarray: ...


_CLAUSE = compile_re2(r"[^.!?;:\n。！？；…]+")
_WORD = compile_re2(r"[A-Za-z']{2,}")
_MAX_CLAUSES = 24  # a long message is compared clause by clause up to here: each clause costs an embedding


def clauses(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences and clauses of a text worth embedding. A crisis sentence inside a long complaint is
    diluted in one vector for the whole message, so each clause is compared on its own."""
    spans = []
    for match in _CLAUSE.finditer(text):
        start, end = match.span()
        chunk = text[start:end]
        # The embedder is English-only: Chinese reaches it as unknown tokens, which all look alike to it.
        if len(_WORD.findall(chunk)) >= 2 and language_of(chunk) == "en":
            spans.append((start + len(chunk) - len(chunk.lstrip()), start + len(chunk.rstrip())))
    return spans[:_MAX_CLAUSES]


class ExemplarIndex:
    """Exemplar sentences per harm class, and benign look-alikes, embedded once. A clause flags the class of its
    nearest exemplar when that similarity is at least the class's threshold and beats every look-alike by the
    margin: a paraphrase of "I want to end my life" flags self_harm, "my battery is dying" stays nearest to the
    look-alikes."""

    def __init__(self, embedder: TextEmbedder, exemplars: Mapping[str, Sequence[str]], look_alikes: Sequence[str],
                 thresholds: Mapping[str, float], margin: float) -> None:  # fmt: skip
        self.embedder = embedder
        self.kinds = tuple(sorted(exemplars))
        self.thresholds = {kind: float(thresholds[kind]) for kind in self.kinds}
        self.margin = margin
        texts = [text for kind in self.kinds for text in exemplars[kind]] + list(look_alikes)
        columns = [column for column, kind in enumerate(self.kinds) for _ in exemplars[kind]]
        self._columns = np.array(columns + [len(self.kinds)] * len(look_alikes))
        self._vectors = embedder.embed(texts)

    @classmethod
    def default(cls, embedder: TextEmbedder) -> ExemplarIndex:
        """The index over this package's own exemplars, thresholds and margin (`harm_exemplars`)."""
        return cls(embedder, EXEMPLARS, LOOK_ALIKES, THRESHOLDS, MARGIN)

    def similarities(self, texts: list[str]) -> np.ndarray:
        """(texts, kinds + 1): each text's best cosine similarity to each class; the last column is to the nearest
        look-alike."""
        best = np.full((len(texts), len(self.kinds) + 1), -1.0, dtype=np.float32)
        if texts:
            scores = self.embedder.embed(texts) @ self._vectors.T
            for column in range(len(self.kinds) + 1):
                best[:, column] = scores[:, self._columns == column].max(axis=1)
        return best

    def flags(self, row: np.ndarray) -> str | None:
        """The class a clause's similarities (one row of `similarities`) flag, if any. Only the nearest class may:
        "I'm going to kill myself" is near "go kill yourself" too, but nearer to the self-harm exemplars."""
        column = int(np.argmax(row[:-1]))
        kind = self.kinds[column]
        return kind if row[column] >= self.thresholds[kind] and row[column] >= row[-1] + self.margin else None

    def findings(self, text: str) -> tuple[Finding, ...]:
        spans = clauses(text)
        rows = self.similarities([text[s:e] for s, e in spans])
        return tuple(Finding(s, e, kind, "exemplar") for (s, e), row in zip(spans, rows, strict=True)
                     if (kind := self.flags(row)) is not None)  # fmt: skip


def harm_findings(text: str, exemplars: ExemplarIndex | None = None) -> tuple[Finding, ...]:
    """Harm findings of a text, offsets into the text as sent: the grammar's, then (with an index) the exemplars'
    for clauses the grammar found nothing in. Where the grammar has read a clause, its reading of who does what
    to whom stands: "I want to kill myself" is also near "go kill yourself", and is not abuse."""
    found = list(lexicon().findings(text))
    if exemplars is not None:
        for finding in exemplars.findings(text):
            if not any(f.start < finding.end and finding.start < f.end for f in found):
                found.append(finding)
    return tuple(sorted(found))
