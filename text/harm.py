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
from interlock.text.grammar import Grammar, Rule, fold
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
    r"^ (?:a|an|some|off|short|free|loose|on (?:the|a|an|my|your|his|her|it|this|that|some|broken|sharp)"
    r"|with|while|when|by accident|accidentally|in the (?:foot|leg)|laughing"
    r"|of (?:laughter|boredom|embarrassment|shame|cringe|hunger)|from (?:laughter|boredom|embarrassment)|for (?:a|an"
    r"|the|this|that|some|it)|up|out|down|into|to (?:it|the|a)|in (?:work|coffee|debt|paperwork|tears)|at|over"
    r"|trying|working|studying|to (?:finish|meet|get|make|pay|keep|please|work|save)|here|there|now|today|early"
    r"|so (?:much|hard|bad|badly|often))\b"
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

# A story, a film or the news as the frame: "a novel where the hero wants to end his life" is about a character.
_FICTION = (
    r"\b(?:novel|book|film|movie|show|series|story|stories|character|characters|hero|heroine|protagonist|villain"
    r"|game|episode|song|lyrics|article|news|poem|play|plot|documentary|anime|manga)\b[^.?!]{0,40}$"
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
         r"|blondes?|girls|cocktail|content|policy|policies|awareness|statistics|rates?|research|topics?|themes?"
         r"|scenes?|warnings?|trigger warnings?)\b",
         # "I'm not suicidal, just frustrated": denied, not disclosed
         not_before=r"\b(?:i'?m not|i am not|not|never been|never was|wasn'?t|isn'?t|no longer)(?: \w+)? $"),
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
         r"li(?:fe|ves))\b",
         not_before=_FICTION),
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
    Rule("illegal", "what+ask+illegal_act",
         r"\bwhat (?:\w+ ){0,3}(?:do|can|should|would|does) (?:i|we|you|one) (?:need|use|mix|combine|buy|get|add)(?:"
         r" (?:together|up))?(?: (?:to|in order to|for))? " + _ILLEGAL_ACT,
         not_before=_NEGATION, not_after=_NOT_AFTER_ACT),
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

# --- indirect signs, and more languages -------------------------------------------------------------------------

# Cyrillic folds to Latin look-alikes ("думаю" becomes "дymaю"), so Russian rules are written in Cyrillic and folded
# the same way. Write them with literals and ASCII syntax only (no \b, no \p: RE2's \b is ASCII and the fold lower-
# cases escapes), and [её] where either may be typed.
def _folded(pattern: str) -> str:
    return fold(pattern).text


# Asking how much, how long or from how high it takes to die: the method question of someone with a plan.
# "to die for" is dessert, "dying to" is eagerness; neither matches "to die" followed by these.
_METHOD_QUESTION = (
    r"\b(?:how (?:many|much|long|high|far|deep)|what (?:height|dose|dosage|amount|quantity)|which (?:pills|meds"
    r"|floor|bridge|height|dose)|what(?:'?s| is| would be) the (?:most )?(?:painless|quickest|fastest|easiest|surest"
    r"|least painful|best|simplest|cleanest) way)\b[^.?!]{0,60}?\b(?:to|till|until|before|and) (?:i |you |one |a"
    r" person )?(?:actually |definitely |finally |just )?(?:die|dies|be dead|not wake up|never wake up|stop"
    r" breathing|kill (?:my|your|one)self|end (?:it|my life|your life)|overdose|od)\b"
    r"|\bmost painless way to (?:die|go|end (?:it|things|my life)|kill (?:my|one)self)\b"
    r"|\b(?:lethal|fatal|deadly) (?:dose|amount|quantity) of\b"
)

_SELF_HARM_SIGNS = (
    Rule("self_harm", "method_question", _METHOD_QUESTION,
         not_after=r"^ (?:for(?: (?:a|an|the|this|that|it|me|you)\b|[.!?,]|$)|of (?:laughter|boredom|old age"
         r"|embarrassment))"),
    # Preparations and goodbyes: a note, a noose, giving things away, saying goodbye to everyone at once.
    Rule("self_harm", "goodbye+preparation",
         r"\b(?:wrote|written|writing|write|left|leaving|finished|prepared) (?:a |my |the |some )?(?:goodbye|suicide"
         r"|farewell|final|last) (?:letters?|notes?|messages?)\b|\b(?:my|this is my|here is my|here'?s my) (?:last"
         r"|final) (?:message|words|goodbye|note|letter) (?:to (?:anyone|everyone|anybody|the world|you all|all of"
         r" you)|ever)\b|\bsaying (?:my )?goodbyes? to (?:everyone|everybody|the world|my (?:family|kids|friends"
         r"|parents|loved ones))\b|\b(?:bought|got|have|tied|made|found|ordered) (?:a|the|my) (?:noose|rope to hang)\b"
         r"|\bi (?:bought|got|have|ordered) the rope\b|\bgiv(?:ing|en|e) (?:away )?(?:all )?(?:my (?:things|stuff"
         r"|belongings|possessions)) away\b|\bgiving away (?:all )?my (?:things|stuff|belongings|possessions)\b",
         not_after=r"^ (?:for (?:camping|the|a|my|climbing|work|school|sailing|boating)|from (?:your|the|amazon)|you"
         r"|in (?:the|my|your) (?:order|cart|basket)|last (?:week|month)|online|back|with (?:the|my|your) (?:order"
         r"|purchase)|about (?:the|my|your|this))\b"),
    Rule("self_harm", "done_with_everything",
         r"\b(?:i'?m|i am) (?:so |just |completely |really )?done with (?:everything|it all|life|living|this life"
         r"|this world|being alive|all of it)\b|\bcan'?t (?:do|take) (?:this|it) (?:anymore|any more|any longer)"
         r"(?:,? i'?m| and i'?m| i want to) (?:out|gone|done|ending it|leaving this world)\b",
         not_after=r"^ (?:in (?:the|this|your|my) (?:cart|basket|order|app|account)|you (?:guys|people)|at your"
         r"|related to|on (?:your|this|the) (?:app|site|website))\b"),
    Rule("self_harm", "wont_be_alive",
         r"\b(?:i )?(?:won'?t|will not|wont|ain'?t gonna|am not going to|'?m not going to|might not|may not)"
         r" (?:even )?be (?:alive|breathing|living|on this earth|in this world)\b|\bnot be alive (?:by|next|much"
         r"|for|anyway|tomorrow)\b|\bwon'?t (?:be|exist) (?:here|around) (?:much longer|for (?:much|very) long"
         r" anyway|after tonight|by (?:tomorrow|morning|the weekend))\b"),
    Rule("self_harm", "scared_of_myself",
         r"\b(?:scared|afraid|frightened|terrified) of (?:myself|what i (?:might|will|could|may|'?ll|am going to|'?m"
         r" going to) do(?: to myself)?)\b|\b(?:do|doing|did) something (?:stupid |bad |terrible |drastic "
         r"|permanent |dangerous )?to myself\b|\b(?:might|could|will|'?ll|going to|gonna|about to|want to) (?:do"
         r" something (?:stupid|drastic|permanent|terrible) (?:tonight|today|soon|now)|hurt myself (?:badly"
         r" )?(?:tonight|today|soon|now))\b",
         not_before=_NEGATION),
    # Hurting the body on purpose: "burned my hand on the kettle" names a hand and an accident, these name where
    # people cut and burn, with a habit or a purpose around them.
    Rule("self_harm", "act+body",
         r"\b(?:i'?ve been|i have been|i keep|i kept|i started|i'?m|i am|i want to|i wanna|i need to|i have to|i"
         r" like to|i'?ve started|i'?m going to|i'?m gonna|i will|i'?ll|again i|i)(?: (?:secretly|still|always"
         r"|again|just|really))? (?:cut|cutting|burn|burning|burnt|burned|scratch|scratching|carve|carving|slice"
         r"|slicing|punch|punching|hit|hitting|bang|banging|starve|starving) (?:my|myself on my|into my) (?:own )?"
         r"(?:arms?|wrists?|legs?|thighs?|skin|stomach|belly|hips?|body|forearms?)\b"
         r"|\b(?:on purpose|deliberately|intentionally|to feel (?:something|better|pain)|to punish myself|to cope)"
         r" (?:i )?(?:cut|cutting|burn|burning|hurt|hurting|starv\w+|not eating)\b"
         r"|\b(?:haven'?t|have not|hasn'?t|not|stopped|been not|refuse to|refusing to|won'?t) (?:eaten|eating|eat)"
         r" (?:anything |a thing )?(?:in|for) (?:\w+ )?(?:days|weeks)(?: now)? (?:on purpose|deliberately"
         r"|intentionally)\b|\buntil i (?:disappear|die|am gone|'?m gone|waste away|vanish|stop existing|just"
         r" disappear|pass out and never wake up)\b|\bi deserve to (?:suff\w*|die|be hurt|feel pain|bleed|be"
         r" punished|rot)\b",
         not_before=_NEGATION,
         not_after=r"^ (?:on (?:the|a|your|this|that)|by accident|accidentally|while|when|from the|with the (?:oven"
         r"|iron|kettle|pan|knife|box|packaging)|at (?:work|the gym)|shaving)\b"),
)

_SELF_HARM_ZH_SIGNS = (
    # 多少安眠药才能不醒, 烧炭要多久才会死: a method question; 死机 is a crash, 死了 alone is hyperbole (饿死了)
    Rule("self_harm", "zh:method_question",
         r"(?:多少|几片|几颗|几粒|多久|多高|几楼|几层|怎么|怎样|如何|什么)[^，。！？,.!?]{0,12}?(?:才能|才会|就能|就会"
         r"|能|会|可以)(?:一下子|快速|安静地|没有痛苦地|无痛)?(?:不醒|不再醒|死(?:掉|透|成)?|没命|断气|解脱)"
         r"|(?:无痛|不痛苦|最快|最简单)(?:的|地)?(?:自杀|死法|死掉|去死)|致死(?:量|剂量)",
         not_after=r"^(?:机|磕|人吗|不了|了吗我的)"),
    Rule("self_harm", "zh:preparation",
         r"(?:写好|写了|写完|留下|留好|准备好)(?:了)?(?:一封)?(?:遗书|遗言|绝笔)|遗书(?:已经)?(?:写好|写完)"
         r"|(?:攒|存|囤)(?:了|起来|着)?[^，。！？]{0,6}(?:药|安眠药|药片)|药(?:都|全)?(?:攒|存|囤)(?:起来|着|了)"
         r"|(?:只想|就想|好想|真想|想要|想)(?:就)?(?:这样)?(?:永远|彻底|悄悄)?(?:地)?消失|故意不吃(?:饭|东西)"
         r"|(?:买|准备)(?:好)?了(?:绳子|木炭|炭|农药|刀片)(?:[^，。]{0,4})?(?:结束|了结|自杀)?"
         r"|(?:跟|和)(?:大家|所有人|这个世界|世界)(?:说|道)?(?:再见|告别)",
         not_before=r"(?:不|别|不会|没有)$", not_after=r"^(?:优惠|活动|价格|费)"),
)

_SELF_HARM_WORLD = (
    Rule("self_harm", "de:self_harm+zu",
         r"\b(?:mich|mir) (?:selbst )?(?:umzubringen|zu toten|das leben zu nehmen|etwas anzutun|was anzutun|zu ritzen"
         r"|zu verletzen|aufzuhangen|zu erhangen)\b|\bich (?:will|mochte|werde) (?:mich )?(?:nicht mehr leben"
         r"|verschwinden|alles beenden|es beenden|allem ein ende setzen)\b|\b(?:schluss machen|alles beenden"
         r"|es beenden) (?:mit meinem leben|heute nacht|fur immer)\b|\bmeinem leben ein ende\b|\bnicht mehr"
         r" aufwachen\b|\bwie viele? (?:\w+ )?tabletten\b[^.?!]{0,40}\b(?:sterben|tot|nicht mehr aufwachen)\b"),
    Rule("self_harm", "es:self_harm+more",
         r"\b(?:voy a|quiero|pienso|pensando en|necesito) (?:acabar|terminar) con todo\b|\bno quiero (?:seguir"
         r" )?(?:aqui|viviendo|existir|despertar)\b|\b(?:me voy a|quiero) (?:quitar|tirar|colgar|cortar las venas)\b"
         r"|\bdesaparecer para siempre\b|\bcuantas pastillas\b[^.?!]{0,40}\b(?:morir|no despertar|matarme)\b"
         r"|\bquitarme de en medio\b|\bseria mejor (?:si )?(?:yo )?(?:no estuviera|estar muerto|estar muerta"
         r"|morirme)\b",
         not_after=r"^ (?:de (?:la|mi|esta|este) (?:cuenta|suscripcion|pedido|contrato))"),
    Rule("self_harm", "fr:self_harm+more",
         r"\b(?:je vais|je veux|j'ai envie d'|envie d'|je compte|je vais bientot) en finir\b|\b(?:je veux|je vais)"
         r" (?:tout arreter|disparaitre pour toujours|partir pour toujours)\b|\bje ne veux plus (?:vivre|me"
         r" reveiller|exister)\b|\bcombien de (?:comprimes|cachets|pilules)\b[^.?!]{0,40}\b(?:mourir|ne plus me"
         r" reveiller|en finir)\b|\bme jeter (?:sous|du haut|d'un|par la)\b",
         not_after=r"^ (?:avec (?:ce|cette|ces|le|les|votre|vos|ton|ta|mon|mes|un|une|l'abonnement|la commande"
         r"|ce dossier))\b"),
    Rule("self_harm", "ru:self_harm",
         _folded(r"(?:покончить с собой|покончу с собой|убить себя|убью себя|не хочу (?:больше )?жить|хочу умереть"
                 r"|хочется умереть|самоубийств|суицид|повеситься|повешусь|вскрыть вены|вскрою вены|наложить на себя"
                 r" руки|не хочу просыпаться|не хочу (?:больше )?существовать|выпрыгнуть из окна|спрыгнуть с крыши"
                 r"|нет смысла жить|незачем жить|сколько таблеток)"),
         not_after=_folded(r"^(?:ся со смеху|от смеха|со скуки)")),
    Rule("self_harm", "ja:self_harm", _folded(
         r"死にたい|死んでしまいたい|生きていたくない|生きたくない|生きる意味がない|消えてしまいたい|消えたい|自殺|自死"
         r"|首を吊|飛び降り(?:たい|る|よう|ます)|(?:薬|睡眠薬)を(?:全部|まとめて|大量に)飲|リストカット|手首を切|命を絶"
         r"|いなくなりたい"),
         # 自殺 folds to 自杀, so the Chinese compounds are vetoed here too (自杀式袭击 is an attack)
         not_after=_folded(r"^(?:ほど(?:恥ずかしい|疲れ|暑い|寒い|忙しい)|式|性袭击|炸弹|袭击|攻撃|テロ)")),
)

# Someone at the company or near the writer, named by role, as the target of a threat or a doxxing.
_ROLE = (
    r"(?:your|ur|the|that|this|his|her|their|my|our|those|these)(?: [a-z]+)? (?:staff|employees?|workers?|agents?"
    r"|reps?|representatives?|managers?|boss|ceo|owner|family|drivers?|couriers?|cashiers?|clerks?|technicians?"
    r"|installers?|delivery (?:guy|driver|man|person|boy)|guy|woman|man|lady|girl|seller|sellers|vendor|landlord"
    r"|neighbou?rs?|ex|wife|husband|supervisors?|operators?|kids?|children|daughter|son|people|team|cleaner"
    r"|waiter|waitress|receptionist|pharmacist|doctor|nurse|teacher|coworkers?|colleagues?)"
)

_VIOLENCE_MORE = (
    Rule("violence", "i_know_where+role",
         r"\bi know (?:exactly )?where (?:" + _ROLE + r"|you(?:r \w+)?|he|she|they) (?:lives?|sleeps?|works?|stays?"
         r"|parks?|goes?|drops? (?:the|his|her) kids)\b|\bi (?:found|have|got|know) (?:out )?(?:" + _ROLE
         + r"|your)'?s? (?:home )?address\b",
         not_before=_NEGATION),
    Rule("violence", "threat+weapon",
         r"\b(?:i'?m|i am|we'?re|we are) (?:bringing|coming back with|coming in with|coming with|showing up with|going"
         r" to bring|gonna bring) (?:a|my|an|some) (?:loaded )?(?:gun|guns|knife|knives|machete|axe|rifle|shotgun"
         r"|pistol|weapon|weapons|bat|baseball bat|bomb|explosives|crowbar)\b",
         not_after=r"^ (?:set|block|sharpener|case|holder|back (?:for|to)|for (?:a )?(?:return|refund|repair|exchange"
         r"|warranty)|to (?:return|exchange|be (?:repaired|fixed|sharpened))|to the (?:shop|store) for)\b"),
    Rule("violence", "threat+act+role",
         _THREAT_FRAME + r"(?: (?:[a-z']+ ){1,6}and)? (?:kill|murder|shoot|stab|hurt|beat|punch|strangle|choke|slap"
         r"|attack|assault|torture|knife|smash|gut|kidnap|run over|poison|kick|maim|cripple|shank) (?:" + _ROLE
         + r"|him|her|them)(?: up)?\b",
         not_before=_NEGATION,
         not_after=r"^(?:'s|s)? (?:on (?:price|prices|quality)|at (?:chess|poker|pool|tennis|golf|the game|this"
         r"|that)|in (?:court|a game|chess|the game|a race))\b"),
    Rule("violence", "threat+phrase",
         r"\bbreak every bone in\b|\bthere(?:'ll| will| is going to| is gonna)? be blood\b|\b(?:blood|bodies) (?:will"
         r" be|on the floor) (?:spilled|spilt)?\b|\b(?:should|better|'d better|had better) (?:be careful|watch"
         r" (?:out|(?:his|her|their|your) (?:back|step))|look over (?:his|her|their|your) shoulder) when (?:he|she"
         r"|they|you) (?:leaves?|walks?|goes? home|gets? home|comes? out|steps? out|closes?|finishes)\b"
         r"|\b(?:someone|somebody|one of you|people) (?:at|in|from) (?:your|the|that|this) \w+ (?:is|are) (?:going to"
         r"|gonna) (?:get (?:hurt|killed|shot|stabbed|beaten)|die|bleed)\b"
         r"|\b(?:how (?:do|can|could) i|how to|best way to) (?:hurt|beat|injure|poison"
         r"|choke|strangle|drug) (?:" + _ROLE + r"|someone|somebody|a person)\b[^.?!]{0,30}\bwithout (?:leaving"
         r" (?:marks|bruises|a mark|a trace|evidence)|getting caught|anyone (?:knowing|noticing))\b"),
    Rule("violence", "zh:threat+more",
         r"(?:我要|我会|我就|我一定|我非|我迟早|我早晚|我去|我想|老子|我得|我马上|我今天|我明天|我现在)(?:要|会|就|去"
         r"|把|给|开车|拿刀|亲手)?[^，。！？,.!?]{0,8}?(?:弄死|打死|杀死|杀了|砍死|捅死|毒死|撞死|掐死|烧死|打残|打断"
         r"|宰了|干掉|收拾|撞|堵|砍|捅|揍)(?:那个|这个|那|这|你们|你|他们|她们|他|她)"
         r"|(?:给|往)[^，。！？]{0,8}(?:下毒|投毒|泼硫酸|泼汽油)|(?:去|到)你们[^，。！？]{0,6}(?:泼汽油|泼硫酸|放火|纵火"
         r"|砍人|杀人)|(?:带|拿)(?:着)?(?:刀|枪|棍子|斧头|砍刀|菜刀|汽油|硫酸|炸药)(?:去|来|到)|手里拿着(?:刀|枪|棍子"
         r"|斧头|砍刀|菜刀|汽油|硫酸)|打断(?:你|他|她)(?:们)?的腿|见一个打一个|见一个砍一个|会见血|要见血|血溅"
         r"|我知道[^，。！？]{0,10}(?:住哪|住在哪|家在哪|住址)|告诉我[^，。！？]{0,10}(?:住址|住哪|住在哪|家在哪"
         r"|住哪个房间)|(?:找|去找)[^，。！？]{0,8}算账",
         not_before=r"(?:不|不会|不要|别|没|没有|我才不|防止)$",
         not_after=r"^(?:价|毒软件|菌|进程|程序|软件|时间|机|行李|东西|房间|一下房间|屋子|桌子|卫生)"),
    Rule("violence", "world:i_know_where",
         r"\bich weiss,? wo (?:\w+ ){0,3}wohn(?:t|en|st)\b|\bse donde (?:vive|viven|vives|trabaja)\b|\bje sais ou"
         r" (?:\w+ ){0,3}(?:habite|habitent|vit|vivent|travaille)\b|"
         + _folded(r"家(?:は|を)知って(?:いる|る|います)|痛い目に(?:あわせ|遭わせ|あ)|ぶっ殺|殺してやる") + "|"
         + _folded(r"(?:знаю,? где (?:[а-яё]+ ){0,3}жив[её]т|убью (?:тебя|вас|его|ее)|я тебя убью|ответит за это"
                   r"|пожалеет)")),
)

_ILLEGAL_MORE = (
    # Getting away with it: a question of how to do something unnoticed is a question about wrongdoing.
    Rule("illegal", "evade+detection",
         r"\b(?:how|can|could|is there a way|way|tips|best way|what'?s the best way|help me)\b[^.?!]{0,80}\bwithout"
         r" (?:getting caught|being caught|anyone (?:noticing|knowing|finding out)|triggering (?:the |an? )?alarms?"
         r"|the (?:police|cops|bank|store|owner|staff) (?:knowing|noticing|finding out)|getting flagged|being"
         r" (?:traced|tracked|detected|flagged))\b|\b(?:avoid|evade|escape|dodge) (?:detection|getting caught|the"
         r" police|the cops|being traced|fraud detection|the fraud team)\b|\bso (?:it|they|nobody|no one|the"
         r" (?:system|checkout|bank)) (?:can'?t|won'?t|doesn'?t|does not) (?:trace|detect|notice|flag|catch)\b"),
    Rule("illegal", "bypass+check",
         r"\b(?:get around|bypass|skip|avoid|cheat|trick|fool|beat|circumvent|dodge|fake|spoof|disable) (?:the |your"
         r" |an? )?(?:age|id|identity|kyc|background|customs|security|fraud|anti-fraud|verification|2fa|two-factor"
         r"|prescription|licen[cs]e) (?:checks?|verifications?|screenings?|controls?|declarations?|requirements?"
         r"|systems?|filters?)\b|\bwithout (?:a |the )?customs declaration\b|\b(?:buy|get|order) (?:alcohol|booze"
         r"|beer|cigarettes|vapes?|cigs) for (?:my|a) (?:1[0-7]|[1-9])[- ]?(?:year[- ]old|yo)\b"),
    Rule("illegal", "contraband",
         r"\b(?:it'?s|it is|they'?re|the (?:box|package|parcel) is) (?:full of|filled with|packed with|stuffed with)"
         r" (?:cocaine|heroin|meth|drugs|weed|fentanyl|guns|weapons|explosives|cash i (?:stole|need to hide))\b"
         r"|\b(?:hide|hidden|hiding|stash|smuggle|sneak) (?:the |some |my )?(?:cocaine|heroin|meth|drugs|fentanyl"
         r"|pills|weapons?|guns?) (?:in|inside|into|through)\b"),
    Rule("illegal", "others_data",
         r"\b(?:give|send|tell|show|sell|get|find|pull|share|leak|export|dump) (?:me )?(?:the |their |his |her )?"
         r"(?:home )?(?:address|addresses|phone numbers?|emails?|card numbers?|card details|personal (?:info|data"
         r"|details)|passwords?|details|data|order history|location)(?: and(?: \w+){1,3})? (?:of|for|from) (?:the"
         r"|another|other|a|some|that|this|every) (?:\w+ )?(?:customers?|users?|clients?|members?|account holders?"
         r"|guests?|buyers?|people)\b|\bother (?:customers|users|clients|people)'? ?(?:card numbers|cards|card"
         r" details|credit cards|addresses|phone numbers|emails|passwords|data|personal data|details|accounts)\b",
         not_after=r"^ (?:is|are|was|were|has|have|got) (?:been )?(?:leaked|exposed|stolen|hacked)\b"),
    Rule("illegal", "fraud+more",
         r"\b(?:make|create|generate|print|produce|sell|forge|design|buy)(?: (?:some|a|an|me|me some))? (?:counterfeit"
         r"|fake|forged|knock-?off|bootleg|replica) (?:vouchers?|coupons?|gift cards?|tickets?|sneakers|shoes|bags"
         r"|handbags|watches|goods|products|items|designer \w+|brand \w+|labels?|certificates?|sick notes?|medical"
         r" certificates?)\b|\b(?:set up|run|do|pull|pull off|start|commit|organi[sz]e) (?:a |an |the )?(?:\w+ )?"
         r"(?:scam|fraud|con|ponzi scheme|pyramid scheme|money mule)\b|\b(?:chargeback|refund|return|warranty"
         r"|coupon|voucher|insurance|wardrobing) (?:scam|fraud|trick|hack)s?\b|\b(?:generate|make|create|get)"
         r" (?:a |some )?(?:valid|working|valid-looking|real-looking|usable|live) (?:credit |debit )?card numbers?\b"
         r"|\bcard numbers? with (?:a )?(?:cvv|cvc|cvv2|expiry)\b|\b(?:second|another|new|extra|fake) (?:passport"
         r"|id|identity card|driver'?s licen[cs]e)s? (?:under|in|with) (?:a|another) (?:different|fake|false|new"
         r"|made[- ]up|someone else'?s) (?:name|identity)\b|\b(?:free stuff|refunds?|money|free (?:items|products"
         r"|orders)) by (?:falsely )?(?:reporting|claiming|saying|pretending)\b|\b(?:pretend|pretending|lie|lying|fake"
         r"|faking|falsely (?:report|claim)) (?:that )?(?:the |my |an? )?(?:package|parcel|order|item|delivery|it)s?"
         r" (?:was |were |is |are |never )?(?:missing|lost|never arrived|didn'?t arrive|not delivered|stolen"
         r"|damaged)\b|\breturn (?:a |the |an )?(?:box of (?:rocks|bricks|stones|sand)|empty box|brick|fake \w+|used"
         r" \w+|different \w+) instead of\b",
         not_before=_NEGATION + r"|\b(?:report|reporting|avoid|spot|detect|prevent|protect (?:me|us|myself) from"
         r"|victim of|fell for|was|got|is|was this)(?: (?:a|an|the|this|that))? $"),
    Rule("illegal", "break_in",
         r"\b(?:pick|picking|force|forcing|jimmy|crack|cracking|break|breaking|bypass) (?:open )?(?:the|a|an|this"
         r"|that|someone'?s|their|his|her|your) (?:\w+ )?(?:locks?|lockers?|safes?|padlocks?)\b|\b(?:clone|copy"
         r"|duplicate|cloning|copying) (?:a |my |the |someone'?s )?(?:hotel |room |office |access )?(?:key ?cards?"
         r"|badges?|access cards?|fobs?)\b[^.?!]{0,30}\b(?:other|someone else'?s|other people'?s|another)\b"
         r"|\bget into (?:other (?:people'?s )?(?:rooms|apartments|houses|flats|lockers|accounts|cars)|someone else'?s"
         r" (?:room|apartment|house|flat|locker|account|car))\b|\bunlock (?:a |the |this )?stolen \w+\b",
         not_before=r"\b(?:my|own|locked out|i lost|i forgot)\b[^.?!]{0,20}$"),
    Rule("illegal", "stolen+typo",
         r"\b(?:use|using|spend|cash out|sell|buy)(?: (?:a|the|some|this|these))? (?:stoeln|stolne|stollen|stoln|stolem"
         r"|stelen) (?:credit |debit |gift )?(?:cards?|card numbers|card details|phones?|goods)\b"),
    Rule("illegal", "zh:illegal+more",
         r"(?:怎么|怎样|如何|咋|能不能|可以|有没有办法|教我)[^，。！？防避被举报]{0,10}?(?:偷东西|偷钱|偷车|偷手机|盗刷"
         r"|抢劫|撬开|撬锁|偷拍|定位)|不被(?:警报|监控|警察|店员|保安|人|别人|系统)?(?:发现|抓到|抓住|查到|察觉|逮到|识破)"
         r"|(?:绕过|绕开|跳过|规避|躲过|逃过|骗过|避开)(?:年龄|实名|身份|人脸|海关|安检|警报|风控|监管)(?:验证|认证|检查"
         r"|审核|系统|识别)?|不报关|(?:包裹|快递|箱子|盒子)(?:里)?(?:是|有|装着|装了|藏着|藏了)(?:毒品|冰毒|海洛因|可卡因"
         r"|大麻|枪|枪支|炸药)|(?:帮我|给我|能不能|可以|能)(?:办|开|做|弄|搞)(?:一本|一张|一个|个|张|本)?(?:假\S{0,3}?"
         r"(?:证|条|单|照|票|章|护照|文凭|病历|发票)|病假条)|(?:偷来|偷的|捡来|捡的|盗来|抢来)的?(?:手机|电脑|iphone"
         r"|卡|车)[^，。]{0,6}(?:解锁|刷机|破解|激活|卖|销赃)|(?:卖|提供|导出|发|给)(?:给)?我[^，。]{0,6}(?:客户|用户"
         r"|会员|别人|顾客)的?(?:手机号|电话|信息|资料|数据|住址|身份证|地址)|(?:偷偷|悄悄)(?:地)?(?:定位|监控|追踪"
         r"|查看|看)(?:我)?(?:老婆|老公|女朋友|男朋友|前任|别人|他|她)",
         not_before=r"(?:防止|防范|避免|举报|识别|报警|预防|不要|别|怎么防止|如何防止)$"),
    Rule("illegal", "world:illegal",
         r"\b(?:gestohlene\w*|geklaute\w*) (?:kredit|bank|ec-?)?karte\w*\b|\btarjetas? (?:de credito )?robadas?\b"
         r"|\bcartes? (?:bancaires? |de credit )?volees?\b|\bohne erwischt zu werden\b|\bsin que me (?:pillen"
         r"|atrapen|descubran|pesquen)\b|\bsans (?:me faire|etre) (?:prendre|attraper|choper|pris)\b|\bfaux"
         r" (?:p\w{0,2}s+e?ports?|papiers|permis|billets)\b|\bpasaportes? falsos?\b|\bgefalschte\w* (?:pass|ausweis"
         r"|reisepass|papiere)\w*\b|"
         + _folded(r"偽造(?:パスポート|免許|身分証|カード|紙幣)|盗んだ(?:カード|クレジットカード)") + "|"
         + _folded(r"(?:поддельн[а-яё]* (?:паспорт|документ|права)|фальшив[а-яё]* (?:паспорт|документ|деньги)"
                   r"|украденн[а-яё]* карт)")),
)

# Sexual words near a minor within one sentence, either order. "sex education for 12-year-olds" and "swimsuits
# for teenage girls" name no sexual act or image.
_MINOR_NEAR = (
    r"(?:child|children|childs|kid|kids|minor|minors|underage|under-age|preteens?|pre-teens?|prepubescent|toddlers?"
    r"|little (?:girls?|boys?)|young (?:girls?|boys?)|schoolgirls?|schoolboys?|(?:[1-9]|1[0-7])[ -]?(?:yo|y/o|year"
    r"[ -]olds?|yr[ -]olds?|years? old|yrs old)|(?:girls?|boys?|kids?|teens?) (?:aged? |who is |who'?s |under |of )"
    r"(?:[1-9]|1[0-7])|middle schoolers?|grade ?schoolers?|jailbait|loli|lolis|shota|(?:neighbou?r'?s|friend'?s"
    r"|sister'?s|brother'?s) (?:daughter|son|kid|kids|children))\b"
)
_SEXUAL_WORDS = (
    r"sexual|sexually|sexy|nude|nudes|naked|porn|porno|pornography|pornographic|explicit|erotic|erotica|lewd"
    r"|nsfw|xxx|topless|undressed|sexualized|sexualised|hentai|smut|smutty|horny|orgasm|intercourse|strip|stripping"
)
_SEXUAL_NEAR = r"(?:sex|" + _SEXUAL_WORDS + ")"
_MINORS_MORE = (
    # bare "sex" only after the minor: before it, it is as often "sex education books for kids"
    Rule("minors_sexual", "sexual~minor",
         r"\b(?:" + _SEXUAL_WORDS + r"|sex (?:with|scenes?|story|stories|chats?|videos?|pics|photos|images|roleplay"
         r"|acts?|tapes?|games?))\b[^.?!]{0,48}?\b" + _MINOR_NEAR + r"|\b" + _MINOR_NEAR + r"[^.?!]{0,40}?\b"
         + _SEXUAL_NEAR + r"\b",
         not_after=r"^ ?(?:education|ed|educational|health|safety|abuse (?:prevention|awareness)|offenders?"
         r"|predators?|trafficking)\b"),
    Rule("minors_sexual", "csam",
         r"\bchild (?:sexual )?(?:abuse|exploitation) (?:material|images?|videos?|content|pics|photos)\b"
         r"|\b(?:1[0-7]|[1-9])\b(?: years? old)? and make (?:it|them|the (?:story|scene)) (?:sexual|sexy|explicit"
         r"|erotic|nsfw|lewd|dirty|spicy)\b"),
    Rule("minors_sexual", "zh:sexual~minor",
         r"(?:(?:^|[^0-9])(?:[1-9]|1[0-7])(?:岁|周岁)|儿童|幼童|幼女|萝莉|未成年|小学生|初中生|中学生|小女孩|小男孩"
         r"|女童|男童|幼儿|小孩|孩子|女学生|男学生|女儿|儿子)[^，。！？,.!?]{0,14}?(?:色情|裸照|裸体|裸聊|性爱|黄片|黄图"
         r"|黄色(?:小说|视频|图片|故事|漫画)|成人视频|性交易|性行为|性视频|私密照|不雅照|性内容|性关系|做爱|上床|开房"
         r"|性交|约炮|性感照|脱光|露点|色色)|(?:色情|裸照|裸聊|性爱|黄色(?:小说|视频|图片|故事)|性内容|不雅照|发生性关系"
         r"|做爱|性交)[^，。！？,.!?]{0,10}?(?:(?:^|[^0-9])(?:[1-9]|1[0-7])(?:岁|周岁)|儿童|幼童|幼女|未成年|小学生"
         r"|初中生|小女孩|小男孩|女童|男童|小孩|孩子)",
         not_before=r"(?:防止|防范|预防|打击|反对|关于|举报)$"),
    Rule("minors_sexual", "world:sexual~minor",
         r"\b(?:sexuell\w*|nackt\w*|porno\w*|erotisch\w*)\b[^.?!]{0,40}\b(?:kind\w*|minderjahrig\w*|madchen|(?:[1-9]"
         r"|1[0-7])-jahrig\w*)|\b(?:kind\w*|minderjahrig\w*|madchen|(?:[1-9]|1[0-7])-jahrig\w*)\b[^.?!]{0,30}"
         r"\b(?:sexuell\w*|nackt\w*|porno\w*|erotisch\w*)"
         r"|\b(?:sexual\w*|desnud\w*|porno\w*|erotic\w*)\b[^.?!]{0,40}\b(?:ninos?|ninas?|menores|(?:[1-9]|1[0-7])"
         r" anos)\b|\b(?:sexuel\w*|nue?s?|porno\w*|erotique\w*)\b[^.?!]{0,40}\b(?:d'|des |de |d')?(?:enfants?"
         r"|mineur\w*|(?:[1-9]|1[0-7]) ans)\b|"
         + _folded(r"(?:性的|エロ|ヌード|裸|わいせつ)[^。！？]{0,20}(?:(?:[1-9]|1[0-7])歳|少女|児童|子供|子ども"
                   r"|小学生|中学生)"
                   r"|(?:(?:[1-9]|1[0-7])歳|少女|児童|子供|子ども|小学生|中学生)[^。！？]{0,20}(?:性的|エロ|ヌード|裸|わいせつ)")
         + "|"
         + _folded(r"(?:эротическ|порно|сексуальн|гол[ыао]|обнаж[её]нн|интимн)[а-яё]*[^.?!]{0,40}(?:[1-9]|1[0-7])-"
                   r"летн|(?:эротическ|порно|сексуальн|гол[ыао]|обнаж[её]нн|интимн)[а-яё]*[^.?!]{0,40}(?:дет[еияй]"
                   r"|ребен|реб[её]н|несовершеннолетн|девочк|мальчик)"),
         not_after=r"^ ?(?:education|aufklarung|educacion|education sexuelle)"),
)

_INSULT_ANY = (
    r"(?:" + _SEVERE_INSULT + "|" + _MILD_INSULT + r"|piece of (?:garbage|trash|crap|filth|dirt)|hags?|slaves?"
    r"|scammers?|thieves|liars?|crooks?|frauds?|brain[- ]?dead \w+|subhuman)"
)
_HARSH_ADJ = r"(?:fat|ugly|disgusting|filthy|stupid|dumb|retarded|brainless|brain[- ]?dead|old|worthless|useless|vile)"

_HARASSMENT_MORE = (
    Rule("harassment", "you+insult+more",
         r"\b(?:you|u|ya|you guys|you people|y'?all|you all|(?:every|each) (?:single )?one of you|all of you)"
         r"(?:'?re| are| r|re| is)?(?: (?:a|an|such a|such an|the|a total|a complete|an absolute|all|just|nothing but"
         r"|bunch of|a bunch of))?(?: (?:" + _INSULT_ADJ + r"|brain[- ]dead|" + _HARSH_ADJ + r"))* (?:" + _INSULT_ANY
         + r")\b|\b(?:a|an|some) (?:" + _INSULT_ADJ + r" )*(?:" + _INSULT_ANY + r") like (?:you|u)\b",
         not_after=r"^ (?:my|the|this|that|it|them|those|these|out|up|away|off|me|us|bag|bags|can|day|collection"
         r"|pickup|bin|bins|disposal|website|site|app|system|button|of a (?:website|site|app|system))\b"),
    Rule("harassment", "you+so+adj",
         r"\b(?:you|u|ur|you'?re|youre|you are|u r)(?: all)? (?:so|such|really|very|too|fucking|just|bloody) (?:dumb"
         r"|stupid|useless|pathetic|worthless|ugly|disgusting|retarded|brainless|incompetent|thick)\b",
         not_before=_NEGATION),
    Rule("harassment", "role+is+insult",
         r"\b(?:" + _ROLE + r"|she|he|they)(?: [a-z]+)?(?:'?s|'?re| is| are| was| were)(?: (?:a|an|such a|such an"
         r"|bunch of|a bunch of|total|complete|absolute|utter|real|just|nothing but|all))?(?: " + _HARSH_ADJ
         + r")+(?: " + _INSULT_ADJ + r")* (?:" + _INSULT_ANY + r")\b|\b(?:tell|call) (?:" + _ROLE + r"|him|her|them)"
         r" (?:that )?(?:he|she|they)(?:'?s|'?re| is| are)(?: (?:a|an|such a|total|complete))?(?: (?:"
         + _HARSH_ADJ + r"|" + _INSULT_ADJ + r"))* (?:" + _INSULT_ANY + r")\b",
         not_before=_NEGATION),
    Rule("harassment", "vocative+insult",
         r"(?:^|[,;:.!?] )(?:you )?(?:(?:" + _INSULT_ADJ + r"|" + _HARSH_ADJ + r") )*(?:idiot|moron|imbecile|cretin"
         r"|dumbass|retard|loser|slave|bitch|cunt|whore|slut|scum|asshole|bastard)s?(?: ?[.!?]| ?$)",
         not_before=r"\b(?:i'?m|i am|i was|i feel like an?|i look like an?|such an?|what an?|am i|i'?m such)\b"
         r"[^.?!]{0,20}$"),
    Rule("harassment", "hate+identity",
         r"\bgo back to (?:your|where you|ur) (?:own )?(?:country|came from|village|jungle|cave)\b|\blearn"
         r" (?:to speak )?(?:proper )?english,? (?:you|moron|idiot|stupid|monkey)\b|\b(?:women|females|blacks"
         r"|muslims|jews|immigrants|foreigners|indians|asians|mexicans|gays|arabs) (?:shouldn'?t|should not"
         r"|don'?t belong|are (?:all )?(?:too )?(?:stupid|dumb|inferior|animals|useless|lazy|dirty|vermin|scum"
         r"|subhuman|worthless))\b|\byour (?:accent|voice|face|english|name|kind) (?:is|sounds) (?:so )?(?:disgusting"
         r"|ugly|retarded|revolting|gross|vile)\b|\bshut (?:your|ur) (?:fucking |stupid )?(?:mouth|face|trap|pie"
         r" ?hole|gob)\b"),
    # Going after the person outside the chat: posting their address, finding their accounts, hounding them.
    Rule("harassment", "dox+hound",
         r"\b(?:post|share|publish|leak|spread|put|plaster) (?:your|ur|her|his|their) (?:home |personal |private"
         r" )?(?:address|phone number|number|photos?|pictures?|details|info|name|face|location)(?: (?:and|&) \w+)?"
         r" (?:online|on the internet|everywhere|on social media|on (?:twitter|x|facebook|reddit|instagram|tiktok))\b"
         r"|\b(?:find|track down|look up|dig up|hunt down) (?:your|ur) (?:personal |private )?(?:facebook|instagram"
         r"|insta|twitter|tiktok|socials|profile|linkedin|home|house|address|family|kids|parents)\b|\b(?:spam|flood"
         r"|harass|stalk|bombard) (?:your|ur) (?:personal |private )?(?:instagram|insta|facebook|phone|email|socials"
         r"|accounts?|inbox|dms|profile)\b|\buntil (?:you|u|she|he) (?:cry|cries|quit|quits|get fired|gets fired|lose"
         r" your job|loses (?:his|her) job|kill yourself|break down|have a breakdown)\b|\b(?:scream|yell|shout) at"
         r" (?:you|u|her|him) until\b|\b(?:send|sending|show|showing) (?:it|this|these|screenshots?) to your (?:family"
         r"|boss|husband|wife|kids|parents|mother|mom|father|dad|friends)\b|\btell everyone (?:you'?re|you are|that"
         r" you'?re) a\b|\bi hope (?:he|she|they|you) (?:loses?|lose) (?:his|her|their|your) (?:job|house|home|kids"
         r"|family)\b|\bnobody (?:will|would|could) ever love (?:you|u|a \w+ like you)\b"),
    Rule("harassment", "zh:insult+more",
         r"(?:那个|这个|你们的?|你们这些)?(?:女|男)?(?:快递员|快递小哥|司机|店员|客服|经理|主管|员工|骑手|外卖员|卖家"
         r"|师傅|小哥|人|女的|男的|家伙)(?:就|真|简直|都)?(?:是)?(?:个|一个|群|帮|条|只)?(?:垃圾|废物|蠢货|蠢猪|傻逼|人渣"
         r"|畜生|贱人|狗东西|白痴|智障|脑残|蠢)|(?:^|[，。！？,.!?\s])(?:傻逼|煞笔|傻b|sb|脑残|智障|白痴|弱智|狗日的|蠢货"
         r"|废物)(?:客服|东西|玩意|[，。！？,.!?]|$)|你妈没教(?:过)?你|滚回(?:你|你们)?(?:的)?(?:老家|国|乡下|村)"
         r"|乡巴佬|土包子|人肉(?:你|你们|他|她)|(?:让|害)(?:你|他|她)[^，。]{0,4}社死|挂(?:到|在)网上|(?:你|你的)[^，。]{0,8}"
         r"(?:住址|地址|电话|照片|信息|名字)[^，。]{0,4}(?:发|挂|曝光)(?:到|在)?网上|直到你(?:辞职|被开除|滚蛋|哭|去死)"
         r"|骂到你(?:辞职|哭)|(?:天天|每天)[^，。]{0,6}骂你|听不懂人话|浪费空气|(?:你|你的声音|你长得)[^，。！？]{0,6}"
         r"(?:丑|恶心|难听死)",
         not_before=r"(?:我想|我要|不是|不是说|这个app|app|软件)$",
         not_after=r"^(?:分类|袋|桶|短信|邮件|食品|处理|回收)"),
    Rule("harassment", "world:insult",
         r"\b(?:du|sie) (?:bist|sind) (?:ein |eine |so ein |so eine )?(?:\w+ )?(?:idiot|arschloch|depp|vollidiot"
         r"|trottel|wichser|hurensohn|schlampe|missgeburt|kuh|sau|schwein|versager|penner)\b|\bhalt (?:die|deine"
         r"|ihre) (?:klappe|fresse|schnauze|maul)\b|\bdu (?:dumme|blode|bloder|dummer|dummes) \w+|\b(?:callate|imbecil"
         r"|gilipollas|hijo de puta|pendejo|cabron)\b|\b(?:eres|es usted|sois) (?:un |una )?(?:\w+ )?(?:idiota"
         r"|imbecil|estupid[oa]|inutil|pendejo)\b|\b(?:ferme[- ]la|ta gueule|connard|connasse|salope|encule|abruti"
         r"|pauvre (?:idiote?|con|conne|type|abrutie?|cretin|cretine))\b|\btu es (?:un |une )?(?:\w+ )?(?:idiote?"
         r"|con|conne|nulle?|abrutie?|cretine?)\b|"
         + _folded(r"(?:お前|おまえ|てめえ|テメエ|貴様|きさま)[^。！？]{0,12}(?:バカ|馬鹿|アホ|役立たず|クズ|ブス"
                   r"|ゴミ)|死ね|黙れ")
         + "|"
         + _folded(r"(?:ты (?:[а-яё]+ )?(?:идиот|дура|дурак|туп|урод|мразь|сволоч|бесполезн|кретин|дебил)|заткнись"
                   r"|мразь|сука)")),
)

# A wider net for self-harm, where a false handoff to a person is cheap and a missed crisis is not: the act already
# done, the place ("on the ledge"), the burden, and the words people type fast (typos, "sewerslide").
_SELF_HARM_WIDE = (
    Rule("self_harm", "act_done+means",
         r"\bi (?:just |already |have |'?ve |had )?(?:took|taken|swallowed|downed|ate|had) (?:all|the whole (?:bottle"
         r"|box|pack|packet)|a (?:whole|full) (?:bottle|box|pack|packet)|a handful|(?:twenty|thirty|forty|fifty"
         r"|a hundred|dozens|[2-9]\d|\d{3})) (?:of )?(?:my |the |these |those )?(?:pills|tablets|meds|medication"
         r"|sleeping pills|painkillers|paracetamol|tylenol|ibuprofen|aspirin|antidepressants|insulin|xanax)\b"
         r"|\b(?:gun|pistol|barrel|knife|blade|razor) (?:to|in|against|on) my (?:head|mouth|temple|throat|wrists?"
         r"|chest)\b|\b(?:standing|sitting|stood|sat|i'?m) on (?:the|a|this) (?:ledge|edge of (?:the|a) (?:bridge|roof"
         r"|building|cliff|platform)|bridge (?:right now|now|tonight)|roof (?:right now|now|tonight))\b|\b(?:drive"
         r"|crash|steer) (?:my|the) car (?:into|off) (?:a|the) (?:wall|tree|river|cliff|bridge|truck|lake|sea) on"
         r" purpose\b|\bon purpose\b[^.?!]{0,20}\b(?:crash|overdose|jump|drown)\b",
         not_before=r"\b(?:my (?:dog|cat|kid|son|daughter)|the (?:dog|cat)) $",
         # "took all my pills to the pharmacy": carried, not swallowed
         not_after=r"^ (?:to|back|with me|in|into|out|off|for (?:a|the|my) (?:review|check|trip))\b"),
    Rule("self_harm", "burden+no_way_out",
         r"\b(?:i'?m|i am|i feel like|i'?ve become|i have become) (?:just )?(?:a|such a|nothing but a) (?:burden|waste"
         r" of (?:space|air|oxygen|life)) (?:to|on|for) (?:everyone|everybody|my (?:\w+ )?(?:family|parents|kids"
         r"|friends|wife|husband|partner)|the people|all of them|them)\b"
         r"|\b(?:there'?s|there is|i see|i have|i can see) no (?:other )?(?:way out|escape|other way|other option"
         r"|way forward)(?: (?:but|except|other than|apart from) (?:to )?"
         r"(?:die|dying|death|ending it|killing myself))?\b|\b(?:nobody|no one|noone|no-one) (?:would|will|'?d)"
         r" (?:even )?(?:notice|care|miss me|cry) (?:if|when) i (?:died|die|was gone|were gone|disappeared|killed"
         r" myself|was dead|were dead|stopped existing)\b|\b(?:make|making) (?:it all|everything|the pain|all of it)"
         r" stop (?:for good|forever|permanently|once and for all)\b|\bi (?:shouldn'?t|should not|don'?t deserve to)"
         r" (?:even )?(?:be alive|exist|live|be here|have been born)\b",
         not_after=r"^ (?:of (?:this|the|my|your) (?:contract|subscription|plan|deal|loan|lease))\b"),
    Rule("self_harm", "typos+slang",
         r"\b(?:kil|kll|kilk|kiil|kil?l) (?:my ?s[ei]lf|myslef|mysefl|mysef|myslf|meself)\b|\b(?:kill|end|hurt|cut"
         r"|harm) (?:myslef|mysefl|mysef|myslf|mysellf|my sefl)\b|\b(?:sucide|suiside|suicde|sucidal|suicdal|suiside"
         r"|suicid|sewerslide|sewer slide|unalive myself|unaliving myself|unalive me)\b"
         r"|\b(?:wanna|want to|gonna|going to) (?:unalive|sewerslide|kms)\b",
         not_after=r"^ (?:squad|doors?|bomb\w*|attacks?|missions?)\b"),
    Rule("self_harm", "zh:wide",
         r"(?:结束|了结)(?:掉)?(?:这一切|一切|这条命|我这条命)|离开(?:这个)?(?:世界|人世)|告别(?:这个)?世界|自我了断"
         r"|了断自己|寻短见|想不开|走绝路|求死|死了(?:才好|就好了|就解脱了|一了百了)|死掉算了|早点死|让我死"
         r"|我[^，。！？]{0,4}(?:撑|熬|坚持|扛)不(?:下去|住)了?|永别了|诀别|这是我(?:的)?最后一(?:条|次)(?:消息|留言|说话)"
         r"|(?:吃|喝|吞)(?:了|掉|下)?(?:一整瓶|一瓶|整瓶|全部|所有的?|一把|一大把|几十(?:片|颗))(?:的)?(?:安眠药|药|药片"
         r"|农药|止痛药)|(?:站在|坐在|爬上|爬到)(?:了)?(?:楼顶|天台|桥上|桥边|窗台|阳台边|悬崖|顶楼)|割(?:了)?(?:自己|手腕"
         r"|腕|大腿|手臂)|(?:用刀|拿刀|用刀片)(?:割|划)(?:自己|手)|划(?:伤)?自己|没(?:有)?人(?:在乎|关心|会在意|在意)我"
         r"(?:的)?(?:死活|是死是活|死不死)|我死了[^，。！？]{0,4}(?:没人|不会有人|也没人)(?:在乎|难过|发现|知道|关心)"
         r"|我不配活|(?:一)?睡不醒(?:就好|算了)|睡过去(?:就)?(?:不|别)(?:要|再)?醒|不想(?:再)?(?:存在|面对明天)"
         r"|活着(?:就是|只是)(?:个)?(?:错误|多余|拖累)|人生(?:没有|毫无)(?:意义|希望)",
         not_before=r"(?:你|你们|他|她|别|不要|千万别|不会|不能让你)$",
         not_after=r"^(?:价|订单|合同|服务|会员|套餐|账号|账户|的订单)"),
    Rule("self_harm", "world:wide",
         r"\bmir (?:etwas|was) an(?:tun|zutun)\b|\b(?:ich )?ritze mich\b|\bmein leben (?:zu )?beenden\b"
         r"|\babschiedsbrief|\bniemand wurde mich vermissen\b|\balle waren besser dran ohne mich\b"
         r"|\bvon (?:der|einer) brucke springen\b"
         r"|\bvor (?:den|einen) zug (?:springen|werfen|legen)\b|\bkeinen ausweg mehr\b|\b(?:tabletten|pillen) (?:alle"
         r" )?(?:auf einmal )?(?:nehmen|schlucken)\b"
         r"|\b(?:no quiero estar aqui|ganas de morir|sin ganas de vivir|carta de despedida|nadie me extranaria"
         r"|estarian mejor sin mi|tirarme (?:de|por|del|desde) (?:un|una|el|la)? ?(?:puente|edificio|ventana|balcon"
         r"|azotea)|cortarme (?:los brazos|las munecas|las piernas)|autolesion\w*|no le veo sentido a (?:la vida"
         r"|vivir|seguir)|me quiero ir de este mundo|dejar de existir)\b"
         r"|\b(?:envie de mourir|lettre d'adieu|personne ne me regretterait|serait mieux sans moi|seraient mieux sans"
         r" moi|sauter (?:d'un|du|par la) (?:pont|toit|fenetre|immeuble)|me scarifier|me couper les veines"
         r"|plus la force de vivre|marre de vivre|me tuer ce soir|je vais me tuer|disparaitre a jamais"
         r"|ne plus me reveiller)\b|"
         + _folded(r"(?:жить не хочу|лучше бы я умер|хочу умереть|хочется умереть|лучше умереть|устал[а]? жить"
                   r"|нет сил жить|прыгнуть с (?:моста|крыши)|спрыгнуть с (?:моста|крыши)|наглотаться таблеток"
                   r"|выпить все таблетки|порезать вены|резать себя|режу себя|предсмертн|всем будет лучше без меня"
                   r"|уйти из жизни|св[её]сти сч[её]ты с жизнью|не хочу больше жить|покончу с жизнью)") + "|"
         + _folded(r"生きるのが(?:つらい|辛い|しんどい|嫌)|死のう|死ぬつもり|死ぬ方法|楽に死|遺書|自分を傷つけ|リスカ"
                   r"|オーバードーズ|練炭|生まれてこなければ|終わりにしたい|全部終わらせたい|電車に飛び込|首をつ")),
)

# Generalised crisis, threat and illegal-request shapes. Crisis: a first-person subject with hopelessness (no
# point, no value, tired of waking up), an ending (end things, make it stop for good, not wake up, not be around
# much longer), or a method (jump off a named height, drive off the road, "enough to not wake up"); each shape
# names the writer, and vetoes take out negation, a third person and fiction.
_ENDING = r"(?:end (?:it|things|everything|it all|my life)|kill myself|do it|not wake up|never wake up)"
_CRISIS_GRAMMAR = (
    Rule("self_harm", "no_point+anymore",
         r"\b(?:i )?(?:don'?t|do not|can'?t|cannot|no longer) see (?:the|any) point (?:anymore|any more|any longer"
         r"|in (?:anything|life|living|trying|going on|waking up)|of (?:anything|life|living|trying|going on))\b"
         r"|\bwhat'?s the point (?:anymore|any more|of (?:anything|trying) anymore)\b"
         r"|\b(?:my|this) life has no (?:value|meaning|purpose|point|worth)\b|\bi (?:have|'ve got) nothing left"
         r" to (?:live|give|lose)\b",
         not_before=r"\b(?:you|he|she|they|we)(?: \w+)? $"),
    Rule("self_harm", "plan+ending",
         r"\b(?:plan|planning|plans|planned|decided|ready|going|gonna|want|wanna|thinking|figuring out|researching"
         r"|looking up|started planning|been planning)(?: (?:to|about|of|on|out))?(?: how)? (?:to )?" + _ENDING
         + r"\b|\b(?:planning|figuring out|researching|looking up|googling|worked out) how (?:i(?:'?ll| will| would"
         r"| could)? |to )" + _ENDING + r"\b",
         not_before=_NEGATION + r"|\b(?:you|he|she|they|it|this|that) $",
         not_after=r"^ (?:with (?:my|him|her|them|the|a|this|that)|off|up|right|well|over|in (?:the|a) (?:game|show"
         r"|story|book))\b"),
    Rule("self_harm", "make_it_stop+forever",
         r"\b(?:want|need|wish|just want) (?:it all|everything|all of it|the pain|it|this) to (?:stop|end)\b"
         r"[^a-z]{0,4}(?:permanently|forever|for good|for ever|once and for all)\b"
         r"|\bwant (?:it all|everything|all of it) to (?:stop|end)\b",
         not_before=_NEGATION),
    Rule("self_harm", "sleep+not_wake",
         r"\b(?:go to sleep|fall asleep|sleep|close my eyes) and (?:not|never) (?:wake up|wake|open them again)\b"
         r"|\b(?:enough|sufficient|how many|how much)\b[^.?!]{0,40}\bto (?:not|never) wake up\b"
         r"|\bsleep forever\b",
         not_before=_NEGATION + r"|\b(?:you|he|she|they|the baby|baby|my (?:dog|cat|kid|son|daughter)) $"),
    Rule("self_harm", "tired_of_waking",
         r"\b(?:tired|sick|exhausted|weary) of (?:waking up|being me|being here|being alive|it all|fighting (?:every"
         r" day|to live|to stay alive))\b|\b(?:i )?can'?t keep (?:doing this|going|living like this|waking up)\b"
         r"[^.?!]{0,30}\b(?:tired|anymore|any more|exhausted|done)\b",
         not_before=r"\b(?:you|he|she|they|we|staff|agents?) (?:are|is|'?re|get|got) $"),
    Rule("self_harm", "not_be_around",
         r"\b(?:won'?t|will not|wont|am not going to|'?m not going to|'?m not gonna|not gonna|might not|may not)"
         r" (?:even )?be (?:here|around|alive) (?:much longer|for (?:much|very) long|anymore|any more|any longer"
         r"|after (?:tonight|today|this week))\b"
         r"|\b(?:doesn'?t|does not|won'?t|will not|wont) matter (?:anyway|anymore|any more)\b[^.?!]{0,40}\b(?:won'?t"
         r"|will not|wont|not going to|not gonna) be (?:here|around|alive)\b",
         not_before=r"\b(?:you|he|she|they|it|this|that|the \w+|stock|offer|sale|deal|item|product) $"),
    Rule("self_harm", "method+place",
         r"\b(?:jump|jumping|leap|leaping|throw myself|throwing myself|hurl myself) (?:off|from) (?:a|the|this|that"
         r"|my|our|their)(?: [a-z-]+){0,2} (?:bridge|building|roof|rooftop|cliff|balcony|window|tower|garage"
         r"|parking (?:garage|deck|structure|lot roof)|overpass|ledge|skyscraper|high ?rise|car park)\b"
         r"|\b(?:drive|driving|drove|steer|steering|crash|crashing|swerve|swerving) (?:my car |the car |myself )?(?:off"
         r" (?:the|a) (?:road|bridge|cliff|overpass)|into (?:oncoming traffic|traffic|a wall|a tree|the river"
         r"|a truck))\b",
         not_before=_NEGATION + r"|\b(?:you|he|she|they|the cat|my cat|the dog|my dog|kids|children) $",
         not_after=r"^ (?:into (?:the|a) (?:pool|lake|sea|water) for fun|for fun|in (?:the|a) (?:game|video|movie))\b"),
    Rule("self_harm", "self_injury+again",
         r"\bi (?:cut|burned|burnt|hurt myself|harmed myself|relapsed) again\b(?: (?:last night|today|tonight|this"
         r" (?:morning|week)|yesterday))?|\b(?:cutting|hurting myself|self[- ]?harm(?:ing)?|burning myself) (?:is|was)"
         r" the only thing (?:that )?(?:helps|works|makes me feel)\b|\bi(?:'?ve| have)? relapsed (?:on|with|into)"
         r" (?:cutting|self[- ]?harm\w*|hurting myself)\b",
         not_after=r"^ (?:the|my|our|your|it|them|this|that|a|an|some|to (?:size|length|fit))\b"),
    Rule("self_harm", "disappear+never_back",
         r"\b(?:want|wanna|wish i could|need) to (?:just )?(?:disappear|vanish) (?:and never come back|for good"
         r"|forever|permanently|from (?:this|the) (?:world|earth|planet))\b|\bthe world (?:would be|is) better"
         r" (?:off )?without me\b",
         not_before=_NEGATION),
    Rule("self_harm", "relief+if_gone",
         r"\bwould (?:\w+ )?be (?:relieved|glad|fine|okay|ok|happier|better(?: off)?) (?:if|when|once) i (?:was|were"
         r"|am|'?m) (?:gone|dead|not here|not around|no longer (?:here|around|alive))\b|\b(?:easier|better|happier"
         r"|relieved|simpler)\b[^.?!]{0,30}\bif i (?:just |simply |were to )?(?:died|disappeared|didn'?t wake up"
         r"|never woke up|wasn'?t here|weren'?t here|was gone|were gone|killed myself|ended it)\b"
         r"|\bno point (?:in )?(?:me )?(?:being here|being alive|living|existing|going on|carrying on)\b",
         not_before=r"\b(?:you|he|she|they)(?: \w+)? $"),
    Rule("self_harm", "goodbyes+never_better",
         r"\b(?:said|say|saying|sent) (?:my )?(?:last |final )?goodbyes\b|\bnothing (?:is|will) ever (?:going to )?"
         r"(?:get|be) better\b|\bit'?s never going to get better\b|\b(?:tired|sick) of pretending (?:i'?m|to be|it|that"
         r"|everything|i am)\b",
         not_after=r"^ (?:to (?:the|my|our) (?:old|phone|car|house|team|colleagues|job|office|flat|apartment)|with"
         r" (?:you|your|this|the)|at (?:your|this|the)|about (?:your|this|the))\b"),
    Rule("self_harm", "looked_up+method",
         r"\b(?:looked up|googled|searched|researched|been reading about|read up on|been looking up) (?:how many|how"
         r" much|how long|how high|what dose|which)\b[^.?!]{0,50}\b(?:it would take|it takes|to die|to not wake up"
         r"|to never wake up|is lethal|is fatal|would kill (?:me|a person)|to end it)\b"),
    Rule("self_harm", "zh:thinking_how_to_die",
         r"(?:想|在想|琢磨|研究|查|搜)(?:着|了)?(?:怎么|如何|用什么方法|用什么办法)(?:才能)?(?:去)?(?:死|自杀|结束生命)",
         not_before=r"(?:不|别|不要|不会|没)$", not_after=r"^(?:机|磕)"),
    Rule("self_harm", "zh:crisis_grammar",
         r"(?:我|自己)(?:根本|真的|就)?不配(?:活|活着|活下去|存在)|不想(?:再)?醒(?:过)?来|没(?:什么)?(?:好|可)活的"
         r"|活着(?:也|还)?(?:没|没有)(?:什么)?(?:用|必要|意思)|死了(?:就|也就|就能)?(?:不用|不必|可以不|再也不用)(?:再)?"
         r"(?:面对|受|痛苦|难过|烦|活)|(?:想|要|打算)(?:去)?死(?:了)?(?:算了|一了百了)|(?:就|才)?(?:去死|寻死)(?:，|,)?"
         r"(?:反正|算了)|撑不下去|活不下去|熬不下去",
         not_before=r"(?:你|你们|他|她|别|不要|千万别|不会)$",
         not_after=r"^(?:的(?:订单|电脑|手机|系统)|机)"),
    Rule("self_harm", "world:crisis_grammar",
         r"\bschluss (?:zu )?mach\w*(?: ich)? mit (?:allem|meinem leben|dem leben|mir)\b|\bmach\w* (?:ich )?schluss mit"
         r" (?:allem|meinem leben|dem leben)\b|\bum (?:endgultig )?schluss zu"
         r" machen\b|\b(?:tabletten|pillen|medikamente|schlaftabletten) (?:ge)?(?:sammelt|gehortet|gespart"
         r"|gebunkert)\b|\bes hat (?:alles )?keinen sinn mehr\b|\bwill (?:einfach )?nicht mehr aufwachen\b"
         r"|\bno quiero (?:seguir )?(?:vivir|vibir|bivir|existir)\b|\b(?:he pensado|pienso|pensando) en quitarme la"
         r" vida\b|\bestarian mejor sin mi\b|\b(?:quiero|voy a) desaparecer para siempre\b"
         r"|\bje (?:n'en peux plus|ne tiens plus)\b[^.?!]{0,30}\b(?:mourir|en finir|disparaitre)\b"
         r"|\ben finir avec (?:tout|la vie|ma vie)\b|\bj'ai pense a (?:me suicider|mourir|en finir)\b|"
         + _folded(r"(?:если меня не станет|меня не станет|лучше без меня|я вс[её] законч|покончить со всем|хочу"
                   r" исчезнуть|сил (?:больше )?нет жить|не хочу больше просыпаться)") + "|"
         + _folded(r"(?:消えたい|消えてしまいたい|いなくなりたい|生きていたくない|もう生きられない|楽になりたい)")),
)

# Threats: the writer's future act of harm to a person or their property, in each language; and the menace shapes
# that name no verb ("deserve to be shot", "watch his back", "see what happens ... I have a gun").
_THREAT_GRAMMAR = (
    Rule("violence", "deserve+harm",
         r"\b(?:you|you people|you all|y'?all|all of you|they|he|she|your \w+|ur \w+|that \w+|the \w+ (?:guy|woman"
         r"|man|driver|courier)) (?:all )?(?:deserves?|should|ought to|needs? to) (?:to )?(?:be|get) (?:shot"
         r"|killed|stabbed|beaten(?: up)?|hanged|hung|burned alive|executed|murdered)\b",
         not_before=_NEGATION),
    Rule("violence", "come_with+weapon",
         r"\b(?:i'?ll|i will|ill|i'?m going to|i am going to|i'?m gonna|gonna|we'?ll|we will) (?:come|show up|be"
         r" back|come back|turn up|come round|come over|come by|come in|come down|stop by|drop by|visit)(?: [a-z']+)"
         r"{0,4} with (?:a|my|an|some|the) (?:loaded )?(?:knife|knives|gun|guns|machete|axe|rifle|shotgun|pistol"
         r"|weapon|bat|baseball bat|crowbar|hammer|friends and (?:a |some )?(?:bats|guns|knives))\b",
         not_after=r"^ (?:set|block|sharpener|case|holder|for (?:a )?(?:return|refund|repair|exchange|warranty))\b"),
    Rule("violence", "arson+property",
         r"\b(?:i'?ll|i will|ill|i'?m going to|i am going to|i'?m gonna|gonna|we'?ll|we will|i want to|i swear i'?ll)"
         r" (?:\w+ )?(?:set fire to|set (?:your|the|that|this) \w+(?: \w+)? on fire|torch|burn down|firebomb|blow up"
         r"|smash up|trash|wreck) (?:your|ur|the|that|this|their|his|her)\b",
         not_before=_NEGATION,
         not_after=r"^ (?:\w+ )?(?:backlog|inbox|competition|dance floor|phone|notifications|chat)\b"),
    Rule("violence", "make_regret",
         r"\b(?:i'?ll|i will|ill|i'?m going to|i'?m gonna|we'?ll|we will) make (?:you|u|him|her|them|every one of you"
         r"|each (?:and every )?one of you|all of you|the whole \w+|your (?:whole )?\w+|every \w+)(?: \w+)? (?:regret"
         r" (?:it|this|that)[^.?!]{0,20}\bone by one|pay (?:with (?:your|their|his|her) (?:life|lives|blood)|in blood)"
         r"|bleed|suffer)\b|\bone by one\b[^.?!]{0,30}\b(?:regret|pay|suffer)\b",
         not_before=_NEGATION),
    Rule("violence", "teach_lesson+watch_back",
         r"\b(?:i'?ll|i will|ill|i'?m going to|i'?m gonna|i want to|gonna|we'?ll) teach (?:him|her|them|you|one of"
         r" (?:them|you)|that \w+|the \w+|your \w+|those \w+) a lesson\b|\b(?:better|'d better|had better|should)"
         r" watch (?:his|her|their|your|ur) (?:back|step)\b|\b(?:see what happens|or else|try me|last warning)"
         r"\b[^.?!]{0,60}\b(?:gun|knife|weapon|rifle|pistol|machete)\b|\bi (?:have|'ve got|got|own) (?:a|my)"
         r" (?:gun|knife|weapon|rifle|pistol)\b[^.?!]{0,40}\b(?:or else|see what happens|you'?ll see|try me|last"
         r" warning|watch out)\b",
         not_before=_NEGATION),
    Rule("violence", "world:threat",
         r"\bich (?:bring|bringe|werde|will) (?:den|die|das|dich|euch|ihn|sie|ihm|jeden|alle|einen|eine[nmrs]?"
         r"|eure[nmrs]?|deine[nmrs]?|ihre[nmrs]?)(?: \w+){0,2} (?:um|umbringen|toten|abstechen|erschiessen|verprugeln"
         r"|fertigmachen|zusammenschlagen|abknallen)\b|\b(?:komme|kommen) (?:ich|wir) mit (?:einem|einer|meinem"
         r"|meiner) (?:messer|waffe|pistole|gewehr|axt|baseballschlager)\b"
         r"|\b(?:voy|vamos) a (?:ir(?: \w+){0,3} a )?(?:matar|golpear|pegar|pegarle|apunalar|disparar|reventar"
         r"|partirle la cara|romperle la cara|quemar)\b|\b(?:te|lo|la|los|les|os) (?:voy|vamos) a (?:matar|pegar"
         r"|reventar|apunalar|disparar|quemar)\b|\bvoy con un (?:cuchillo|arma|pistola)\b"
         r"|\bje vais (?:te |le |la |les |vous )?(?:tuer|frapper|buter|defoncer|poignarder|cogner|casser la gueule)\b"
         r"|\bje vais (?:venir|aller|passer)\b[^.?!]{0,40}\b(?:frapper|tuer|buter|defoncer|casser la gueule)\b"
         r"|\bje viens avec un (?:couteau|flingue|arme)\b|"
         + _folded(r"(?:убью|прибью|зарежу|порежу|прирежу|изобью|застрелю|сожгу ваш|приду с ножом|приду с оружием)")
         + "|"
         + _folded(r"(?:を|に)(?:殴る|殴って|殴りに|殺す|殺しに|刺す|刺しに|ぶん殴)|包丁を持って(?:行|来)")),
    Rule("violence", "zh:threat_grammar",
         r"让(?:你们|你|他|她|他们)(?:都)?见血|揍(?:他|她|你|你们|他们)一顿|(?:下班|回家|出门)(?:的时候|路上)?(?:最好)?"
         r"小心(?:点|一点)|让(?:你们|你)(?:每个|所有)?(?:人|员工)?(?:都)?(?:后悔|付出代价)|(?:带|拿)(?:着)?(?:刀|枪"
         r"|棍子|斧头|砍刀|菜刀|汽油|硫酸)(?:过去|过来|上门)|(?:去|到)你们(?:公司|店|门店)(?:里)?(?:砍人|杀人|闹事|放火)"
         r"|(?:都|全)该死",
         not_before=r"(?:不|不会|不要|别|没|没有)$"),
)

# Illegal requests: the act named with its purpose (phishing a bank's customers, a fake claim to keep the item,
# smuggling past customs), and the same in more languages. Another customer's data asked for is the bundles'
# `other_customer_data` intent (a compliance refusal), not a harm finding.
_ILLEGAL_GRAMMAR = (
    Rule("illegal", "write+phishing",
         r"\b(?:write|draft|create|make|compose|generate|craft|design|code|build|send)(?: me| us)? (?:a|an|some|the)"
         r" (?:\w+ )?(?:phishing|scam|spoof(?:ed)?|fraudulent)(?: \w+)? (?:emails?|e-mails?|messages?|texts?|sms|pages?"
         r"|sites?|websites?|letters?|calls?|scripts?)\b|\b(?:email|message|text|sms|letter|page|site) that (?:looks"
         r" like|pretends to be|appears to be|seems to be) (?:it'?s |it is |it comes |coming )?(?:from )?(?:a |the"
         r" |your |my )?(?:bank|paypal|amazon|irs|tax office|police|post office|courier)\b"),
    Rule("illegal", "fake+claim",
         r"\b(?:file|make|submit|fake|forge|invent|fabricate|write|post|leave|create|stage)(?: me)? (?:a |some )?"
         r"(?:fake|false|fraudulent|bogus|made[- ]up|phony|forged) (?:\w+ )?(?:claims?|reports?|receipts?|invoices?"
         r"|reviews?|revews?|chargebacks?|returns?|accidents?|injur(?:y|ies)|complaints?)\b"
         r"|\b(?:fake|false) (?:reviews?|revews?) (?:for|about|of) (?:my|our|his|her|their)\b"
         r"|\bkeep the (?:item|product|goods|parcel|package|money) and (?:get|claim) (?:a |the )?refund\b"
         r"|\bget (?:a |the )?refund and keep the (?:item|product|goods|parcel|package)\b",
         not_before=_NEGATION + r"|\b(?:report|reporting|spot|spotting|detect|detecting|flag|flagging|about|against"
         r"|remove|removing|delete|deleting) (?:a |the |these |those |all )?$"),
    Rule("illegal", "smuggle+launder+books",
         r"\b(?:how|way|tips|help me|can i|could i|best way|easiest way)\b[^.?!]{0,40}\b(?:smuggl\w+|launder\w*"
         r"|cook the books|evade (?:the )?(?:tax|taxes|customs|duties)|dodge (?:the )?(?:tax|taxes|customs)"
         r"|sneak \w+ (?:through|past) (?:customs|security|the border))\b",
         not_before=_NEGATION),
    Rule("illegal", "stole+return",
         r"\b(?:return|sell|pawn|refund|resell|get rid of|fence)\b[^.?!]{0,40}\b(?:i|we) (?:stole|shoplifted|nicked"
         r"|swiped|pinched)\b|\b(?:i|we) (?:stole|shoplifted|nicked|swiped)\b[^.?!]{0,60}\b(?:return|refund|sell"
         r"|not get caught|without getting caught|get away with)\b"),
    Rule("illegal", "hack+account",
         r"\b(?:hack|hacking) into (?:\w+'?s? ){0,3}(?:a[a-z]{1,2}ount|accounts?|email|phone|wifi|instagram|facebook)\b"
         r"|\b(?:break|breaking|get|getting|log|logging) into (?:his|her|their|someone'?s|somebody'?s|my (?:ex"
         r"|boyfriend|girlfriend|wife|husband|neighbou?r|boss|friend|partner|coworker)'?s?) (?:\w+ )?(?:a[a-z]{1,2}ount"
         r"|accounts?|email|phone|wifi|instagram|facebook)\b"
         r"|\bwithout (?:his|her|their|the owner'?s|my \w+'?s) (?:password|permission|knowledge|consent)\b",
         not_before=_NEGATION + r"|\b(?:someone|somebody|hackers?|they|he|she|scammers?) (?:tried to |has |have"
         r" |had |just )?$"),
    Rule("illegal", "zh:illegal_grammar",
         r"(?:写|编|做|发|弄)(?:一(?:条|封|个))?(?:冒充[^，。！？]{0,6}的)?钓鱼(?:短信|邮件|网站|链接)|冒充(?:银行|客服|警察"
         r"|快递)[^，。！？]{0,6}(?:短信|邮件|电话)|盗(?:别人|他人)?的?(?:微信|qq|号|账号|帐号)|假(?:发票|优惠券|证件"
         r"|身份证)|(?:怎么|如何|怎样|帮我|教我|想)[^，。！？]{0,8}(?:刷单|刷好评|洗钱)|(?:买|弄|搞)(?:到)?(?:别人|他人)的(?:身份证|个人)?信息|不用处方(?:怎么|如何)?买",
         not_before=r"(?:防止|防范|避免|举报|识别|报警|预防|不|被|不要|别|怎么识别|如何识别)$",
         not_after=r"^(?:的(?:风险|危害)|是违法|违法吗|犯法吗)"),
    Rule("illegal", "world:illegal_grammar",
         r"\b(?:gefalschte|falsche) (?:ausweise|passe|dokumente|rechnungen|bewertungen) (?:herstellen|machen"
         r"|erstellen|kaufen)\b|\bwie kann ich\b[^.?!]{0,40}\b(?:hacken|falschen|schmuggeln|waschen)\b"
         r"|\b(?:hackear|piratear) (?:la |el |su |mi )?(?:cuenta|correo|wifi|telefono|instagram|facebook)\b"
         r"|\bcuenta de (?:mi|su) (?:novio|novia|ex|esposa|esposo|pareja|jefe)\b[^.?!]{0,20}\bsin\b"
         r"|\b(?:fabriquer|faire|imprimer) (?:de la )?(?:fausse monnaie|faux billets|faux papiers|faux documents)\b"
         r"|\bpirater (?:le |la |un |une |son |sa )?(?:compte|wifi|telephone|messagerie)\b"),
)

# Abuse with its target named: "you" plus a demeaning noun or adjective, a threat to someone's name or life online.
_ABUSE_GRAMMAR = (
    Rule("harassment", "you+demeaning",
         r"\byou (?:dumb|stupid|useless|pathetic|worthless|brainless|incompetent|fat|ugly|lazy|filthy|disgusting)"
         r" (?:\w+ )?(?:monkey|pig|cow|idiot|moron|loser|clown|bitch|bastard|donkey|rat|animal|piece of \w+"
         r"|excuse for a \w+)\b|\bwhat a (?:pathetic|useless|stupid|worthless|sad|miserable) (?:\w+ )?(?:loser"
         r"|idiot|moron|clown|failure|joke) (?:you are|you'?re|he is|she is|he'?s|she'?s)\b|\bruin (?:your|ur|his"
         r"|her|their) (?:life|career|reputation|name)\b|\bunder your (?:real |full )?name\b[^.?!]{0,40}\b(?:pervert"
         r"|paedo|pedo|predator|criminal|thief|rapist|scammer|liar)\b",
         not_before=_NEGATION),
    Rule("harassment", "zh+world:abuse_grammar",
         r"(?:都是|就是|简直是)(?:一群|一帮|一窝)(?:猪|狗|废物|垃圾|蠢货|傻子|白痴)|又老又丑|又蠢又丑|又胖又丑"
         r"|\bdu (?:bist|nutzloser|nutzlose) (?:ein |eine )?(?:nutzlose[rs]?|dumme[rs]?|blode[rs]?|hassliche[rs]?)"
         r" \w+"),
    Rule("minors_sexual", "world:minor+sexual",
         r"未满\d{1,2}岁[^，。！？]{0,8}(?:发生关系|发生性|性关系|上床|开房)|未成年人?的?(?:性感|裸|色情|性)"
         r"|\b(?:photos?|images?|videos?|pics?) (?:nues?|pornographiques?) (?:d'|de |des )(?:enfants?|enfans?"
         r"|mineurs?|fillettes?)\b|" + _folded(r"(?:откровенн(?:ые|ых|ое|ую) фото|интимн(?:ые|ых|ое) фото|голые фото)"
                                              r" (?:детей|ребенка|ребёнка|несовершеннолетн)")),
)

LEXICON_RULES: tuple[Rule, ...] = (
    *_SELF_HARM_EN, *_SELF_HARM_ZH, *_SELF_HARM_EU, *_SELF_HARM_SIGNS, *_SELF_HARM_ZH_SIGNS, *_SELF_HARM_WORLD,
    *_SELF_HARM_WIDE, *_CRISIS_GRAMMAR, *_THREAT_GRAMMAR, *_ILLEGAL_GRAMMAR, *_ABUSE_GRAMMAR,
    *_VIOLENCE, *_VIOLENCE_MORE, *_ILLEGAL, *_ILLEGAL_MORE, *_MINORS_SEXUAL, *_MINORS_MORE, *_HARASSMENT,
    *_HARASSMENT_MORE,
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
        """The clauses a class flags; the feature names the similarity to that class (`exemplar:0.62`)."""
        spans = clauses(text)
        rows = self.similarities([text[s:e] for s, e in spans])
        return tuple(Finding(s, e, kind, f"exemplar:{float(row[self.kinds.index(kind)]):.2f}")
                     for (s, e), row in zip(spans, rows, strict=True)
                     if (kind := self.flags(row)) is not None)  # fmt: skip


def with_similar(lexical: tuple[Finding, ...], similar: tuple[Finding, ...]) -> tuple[Finding, ...]:
    """The grammar's findings and the exemplars' for clauses the grammar found nothing in, sorted. Where the
    grammar has read a clause, its reading of who does what to whom stands: "I want to kill myself" is also near
    "go kill yourself", and is not abuse."""
    added = [f for f in similar if not any(g.start < f.end and f.start < g.end for g in lexical)]
    return tuple(sorted((*lexical, *added)))


def harm_findings(text: str, exemplars: ExemplarIndex | None = None) -> tuple[Finding, ...]:
    """Harm findings of a text, offsets into the text as sent: the grammar's, then (with an index) the exemplars'
    for clauses the grammar found nothing in (`with_similar`)."""
    found = lexicon().findings(text)
    return found if exemplars is None else with_similar(found, exemplars.findings(text))
