"""What happened where and when: events per clause, with type, date, places and actor.

An event is a trigger word (a verb or a noun phrase, in Chinese, French or English) in a clause.
Its type comes from one taxonomy (geo.vocabulary.EVENT_TYPES). Its places are the places named in
its own clause, else in the clause before it in the sentence, else where the text points ("the
scene", 现场, "sur place") or what the sentence before it named. A dateline city, the reporter's
city and the place of a statement are never an event's place. Its date is the date of its
clause, else of the clause before it, resolved against the document date (geo.dates); an event
whose text gives no date stays undated. Its actor is who did it, as the clause says it.

Nothing here knows one text: the rules are about how reports are written.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from geo import dates as datelib
from geo.model import Document, Event, Place, Quote, Sentence
from geo.prefilter import Hits, Prefilter
from geo.text import has_cjk, to_simplified
from geo.vocabulary import event_label

MAX_QUOTE = 300  # characters of the quote window around an event
MAX_LOOKBACK = 4  # clauses looked back for an event's place or actor
# Event words read per document: far more than any report holds, and it keeps a runaway input
# (one word repeated a million times) within the time budget.
MAX_EVENTS = 5000


@dataclass(frozen=True)
class _Rule:
    type: str
    subtype: str
    pattern: re.Pattern[str]
    strong: bool = True  # weak words (destroy, kill) make an event only when nothing else does


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


# One list for the three languages; the text is folded to simplified Chinese first.
_RULES: tuple[_Rule, ...] = (
    _Rule(
        "airstrike",
        "",
        _rx(
            r"空袭|空中打击|轰炸|frappes? a[ée]riennes?|bombardement|"
            r"\bair ?strikes?\b|\bairstrikes?\b|\bbombing\b|\bbombed\b|drone strikes?"
        ),
    ),
    _Rule(
        "kidnapping",
        "",
        _rx(r"绑架|劫持|掳走|enlev[ée]|enl[eè]vement|kidnapp|abduct|pris en otage|taken hostage"),
    ),
    _Rule(
        "arrest",
        "",
        _rx(
            r"逮捕|拘捕|拘留|抓获|interpell[ée]|arr[eê]t[ée]s?\b|arrestation|\barrest(?:ed|s)?\b|"
            r"detained|d[ée]tenus?\b"
        ),
    ),
    _Rule(
        "clash",
        "",
        _rx(
            r"交火|交战|激战|发生冲突|击毙|affrontements?|accrochages?|combats?\b|\bclash(?:es|ed)?\b|"
            r"\bfighting\b|\bfought\b|exchange of fire|[ée]change de tirs"
        ),
    ),
    _Rule(
        "attack",
        "",
        _rx(
            r"袭击(?!者)|攻击(?!者)|遇袭|遭袭|攻入|攻陷|屠杀|杀害|遇害|伏击|爆炸袭击|触雷|焚烧|烧毁|"
            r"(?:爆炸装置|地雷)(?:爆炸|袭击)|遭遇(?:简易)?爆炸装置|"
            r"attaqu[ée]|attaques?\b|attentat|embuscade|massacr|incendi[ée]|la cible d|"
            r"cibl[ée]s?\b|"
            r"\battack(?:s|ed)?\b|\bambush|(?:hit|struck|triggered|"
            r"stepped on) an? (?:improvised )?explosive|"
            r"(?:hit|struck|triggered|stepped on) an? (?:land ?)?mine\b|"
            r"explosive device (?:exploded|detonated|went off|struck|hit)|"
            r"\bIED (?:attack|explosion|blast|struck|hit)|"
            r"\bmine blast|suicide bomb|engin explosif|a saut[ée] sur|"
            r"\bkilled\b|\bburn(?:ed|t)\b"
        ),
    ),
    _Rule(
        "displacement",
        "",
        _rx(
            r"逃离|流离失所|背井离乡|被迫迁移|离开家园|d[ée]plac[ée]e?s?\b|d[ée]placements?\b|"
            r"trouv[ée] refuge|ont fui|\bfui\b|displace(?:d|ment|ments)?\b|\bfled\b|"
            r"\bflee(?:ing)?\b|"
            r"\bto move\b|\bmoved (?:from|to)\b|arrival of (?:\d|some|about|nearly|more)|"
            r"arriv[ée]e de (?:\d|plus|près)"
        ),
    ),
    _Rule(
        "return",
        "",
        _rx(
            r"返回|回返(?!者)|返乡|重返家园|retour(?:n[ée]s?)? (?:des|de|à|au|dans)|"
            r"\breturn(?:ed|s)? (?:to|of|home)\b|\breturnees?\b|rapatri"
        ),
    ),
    _Rule(
        "handover",
        "",
        _rx(
            r"移交|交接|hand(?:ed|s|ing)? over|handover|r[ée]troc[ée]d|transf[ée]r[ée]e? (?:aux|à)"
        ),
    ),
    _Rule(
        "base",
        "set up",
        _rx(
            r"(?:建立|设立|开设|设置)[^，,。]{0,8}(?:基地|营地|军营|哨所)|"
            r"(?:set up|established|opened|installed) (?:a |an |its |new |temporary )*(?:base|"
            r"camp)|"
            r"(?:install[ée]|[ée]tabli|ouvert)e? (?:une |un |sa |son )?(?:nouvelle |"
            r"nouveau )?(?:base|camp)"
        ),
    ),
    _Rule(
        "base",
        "withdrawn",
        _rx(
            r"撤出[^，,。]{0,6}(?:基地|营地|军营)|(?:关闭|撤离)[^，,。]{0,6}(?:基地|营地|军营)|"
            r"(?:withdr[ae]w|withdrawn|closed|left|vacated) (?:from )?(?:the |its |a )?(?:base|"
            r"camp)|"
            r"(?:retir[ée]|ferm[ée]|quitt[ée])e?s? (?:de |du )?(?:la |le |sa |son )?(?:base|camp)|"
            r"r[ée]trocession (?:de |du )?(?:la |le )?(?:base|camp)"
        ),
    ),
    _Rule("operation", "patrol", _rx(r"巡逻|patrouill|\bpatrol")),
    _Rule("operation", "escort", _rx(r"护送|护航|escort")),
    _Rule(
        "operation",
        "",
        _rx(
            r"联合行动|军事行动|清剿|扫荡|"
            r"op[ée]rations? (?:militaires?|conjointes?|de s[ée]curisation)|"
            r"military operations?|joint operations?|\bratissage|\bair support\b|appui a[ée]rien|"
            r"\b(?:conducted|launched|carried out|led) (?:an? |several |new )?(?:\w+ )?"
            r"operations?\b|(?:men[ée]|lanc[ée]|conduit)e?s? (?:une |des |plusieurs )?"
            r"op[ée]rations?\b|(?:开展|展开|发起|实施)(?:了)?(?:\S{0,6})?行动"
        ),
    ),
    _Rule(
        "operation",
        "",
        _rx(
            r"打击了|打击[^，,。]{0,12}(?:据点|目标|阵地|营地|分子|团伙)|摧毁|消灭|打死|缴获|"
            r"neutralis|d[ée]truit|\bdestroyed\b|\bseized\b"
        ),
        strong=False,
    ),
    _Rule(
        "reinforcement",
        "",
        _rx(
            r"增援|增派|派兵|(?:派遣|派出)(?:\S{0,4})?(?:部队|士兵|军队)|"
            r"renfort|renforc[ée]|d[ée]p[êe]ch[ée]|reinforce|"
            r"(?:sent|dispatched) (?:more |additional )?(?:troops|soldiers|reinforcements)|"
            r"deployed (?:a |an |its |more |additional )*(?:quick reaction force|troops|forces?|"
            r"soldiers|"
            r"units?)|quick reaction force"
        ),
    ),
    _Rule(
        "inspection",
        "",
        _rx(
            r"视察|巡视|核查|调查[团组队]|(?:展开|开展|进行|实地|前往)调查|评估了|(?:进行|开展)评估|评估团|"
            r"inspection|enqu[êe]te|investigat|[ée]valuation|"
            r"assessment|s'est rendue? à|s’est rendue? à|se sont rendus à|mission (?:d'|"
            r"d’)[ée]valuation|"
            r"fact-finding|visited"
        ),
    ),
    _Rule(
        "mediation",
        "",
        _rx(
            r"调解(?![团组])|斡旋|谈判|签署[^，,。]{0,10}协议|达成[^，,。]{0,6}协议|停火|"
            r"m[ée]diation|n[ée]gociation|pourparlers|accord de paix|cessez-le-feu|"
            r"mediat|negotiat|\btalks\b|\bforum\b|peace agreement|ceasefire|cease-fire|"
            r"Agreement Monitoring Committee|Comit[ée] de suivi de l['’]Accord|"
            r"协议(?:执行)?监督委员会"
        ),
    ),
    _Rule(
        "election", "", _rx(r"选举|投票|[ée]lections?|[ée]lectora|\belections?\b|\bvot(?:e|ing)\b")
    ),
    _Rule(
        "aid",
        "",
        _rx(
            r"人道主义援助|人道援助|紧急援助|援助物资|救援物资|救济|粮食援助|"
            r"(?:发放|分发|提供|运送)[^，,。]{0,12}(?:物资|粮食|用品|药品)|"
            r"(?<!technical )(?<!financial )(?<!technique )assistance(?! technique)|"
            r"aide humanitaire|"
            r"\bvivres|distributions? (?:de|of)|humanitarian aid|food aid|"
            r"relief (?:items|supplies)|"
            r"\b(?:deliver|distribut|provid)(?:ed|es|e|s)? (?:\w+ )?(?:food|water|shelter|"
            r"medicines?|medical supplies|relief|aid)\b"
        ),
    ),
)

# Words that make the next event word hypothetical or not an event of its own.
_NOT_AN_EVENT = re.compile(
    r"防止|预防|避免|威胁|即将|可能|担心|警示|趋势|准备|旨在|pr[ée]ven|threat|menace|risque|\brisk|"
    r"alert|warn|avert|ready to|prêt|pour [ée]viter|to avoid|fear|craint|plan(?:ned|s)? to|"
    r"pr[ée]vu|would|could|condamn|condemn|谴责|将向|将会|将于|将在|拟|承诺|\bwill\b|\bva\b|"
    r"\bvont\b|\bsera(?:ient|it)?\b|\bshall\b",
    re.I,
)
# "attacks were fewer", "attaques en hausse": a trend, not an event.
_TREND = re.compile(
    r"[^，,。]{0,4}(?:较少|减少|增多|增加|趋势)|s? (?:are|were) (?:fewer|rarer|rising)|"
    r"[^,.]{0,30}ne faibli",
    re.I,
)
# The riposte is part of the attack it answers, not an operation of its own.
_RIPOSTE = re.compile(
    r"反击|还击|统计|riposte|counter-?attack|in response|en r[ée]ponse|repouss|repel|bilan|toll",
    re.I,
)
# A demonstrative before a noun anywhere in a clause: the clause goes on with the story told.
_POINTS_BACK = re.compile(
    r"\b(?:cette|cet|ces|ce)\s+(?!matin|soir|jour|mois|week|lundi|mardi|mercredi|jeudi|"
    r"vendredi|samedi|dimanche|ann[ée]e|semaine|nuit)[a-zà-ÿ]{4,}|"
    r"\b(?:this|these)\s+(?!morning|evening|week|month|year|day|time|report|is|was)[a-z]{4,}|"
    r"(?:该|此次|这次|这些|这起)[\u4e00-\u9fff]",
    re.I,
)
# An event word after one of these refers back to an event already told.
_ANAPHOR = re.compile(
    r"(?:\b(?:this|that|these|those|such|cette|cet|ces|ce)\s*|"
    r"(?:这|该|此|上述|这些|这轮|这起|此次|该起|这次)[^，,。]{0,3})$",
    re.I,
)
# "The attack claimed...", "L'attaque a commencé": a definite article refers back, unless the
# event word goes on to say what or where ("the attack on X", "the displacement of 500 people").
_DEFINITE = re.compile(r"\b(?:the|l'|l’|la|le|les)\s*$", re.I)
_SAYS_WHAT = re.compile(
    r"^\S*\s+(?:of|on|against|in|at|near|de|du|des|d'|d’|contre|à|au|dans|survenue?s?)\b", re.I
)
# "assistance to the displaced persons": people described, not an event.
_DESCRIBED = re.compile(r"^\s*(?:persons|people|households|families|population)", re.I)
# A sentence that goes on with the story of the one before it.
_GOES_ON = re.compile(
    r"\balso\b|\baussi\b|également|\bthen\b|\bpuis\b|ensuite|随后|接着|也|还", re.I
)
# The people an aid word helps: "aux déplacés", "to internally displaced people", 向流离失所者.
_RECIPIENT = re.compile(
    r"(?:\b(?:aux|à|to|for|pour)(?:\s+(?:the|les|des|ces|these))?(?:\s+[\w-]+){0,3}\s*|"
    r"(?:向|为|给)\S{0,16})$",
    re.I,
)
# A settlement named before: "dans le village", "cette localité", "the town", 该村.
_SETTLEMENT = re.compile(
    r"\b(?:the|this|that) (?:village|town|locality)\b|\b(?:le|ce) village\b|"
    r"\b(?:la|cette) (?:localité|ville)\b|该(?:村|镇|城)|这个(?:村|镇)|村里|镇上",
    re.I,
)
# "Peacekeepers repelled an attack": the subject defended, the attacker is not stated.
_REPELLED = re.compile(
    r"repel|repuls|repouss|foil|thwart|d[ée]jou|击退|挫败|粉碎|打退|抵御", re.I
)
# A place right before a group's noun names where the group comes from.
_GROUP_AFTER = re.compile(
    r"的?(?:部分|一些|多个|各)?(?:武装组织|武装团体|反政府武装|武装派别|民兵组织)"
)
_UNIT_REFERENCE = re.compile(
    r"\b(?:the|this|that) (?:area|zone)\b|\b(?:la|cette) zone\b|"
    r"该(?:地区|区域|大区|省|县)|这一地区",
    re.I,
)
_SCENE = re.compile(
    r"现场|事发地|(?:前往|赶赴|抵达|进驻)当地|"
    r"the scene|sur place|sur les lieux|on the spot|there\b",
    re.I,
)
# A verb of saying: the place it is said in is not where the event happened.
_STATEMENT = re.compile(
    r"发表|表示|声明|说|宣布|谴责|报道|statement|said|told|announced|declared|d[ée]clar|"
    r"communiqu|annonc",
    re.I,
)
# Clause ends; a comma before "to Y" ("moved from X, to Y") or before "notamment", "including"
# (the places of the same event) does not end the clause.
_CLAUSE = re.compile(
    r"(?:(?<!\d)[,，]|[,，](?!\d))"
    r"(?!\s*(?:to|vers|towards|jusqu|notamment|en particulier|particularly|especially|"
    r"notably|including|y compris)\b)(?!\s*(?:尤其|特别是|包括))|[；;：:•▪●◆]|\s[-–—]\s",
    re.I,
)
_SPACES = re.compile(r" *")
_JOINED = re.compile(r"\s*(?:and|et|to|au|à|-|–|—|至|到|和)\s*", re.I)
_SAID_AFTER = re.compile(r"\s*(?:[（(][^)）]*[)）])?\s*(?:发表|举行记者会|表示|宣布)")
_APPOSITION = re.compile(
    r"\s*(?:(?:dans |in )?(?:la |le |the )?(?:r[ée]gion|cercle|commune|province|district|"
    r"pr[ée]fecture)s?\s+(?:de\s+|d'|d’|of\s+)?[A-Z]|[A-Z][\w'’-]+\s+(?:region|cercle|commune)\b)"
)
# A clause that names its own place, one the gazetteer does not know ("talks in Anéfis"): the
# clause before does not lend it its place.
_OWN_LOCATIVE = re.compile(
    r"\b(?:in|at|near|à|dans|près de)\s+(?:the village of\s+|le village de\s+)?[A-Z][a-zà-ÿ]"
)
_PEOPLE = re.compile(r"(\d[\d ,]*\d|\d)\s*(?:名|人|personnes|people|persons)")
_DISTANCE_REF = re.compile(
    r"^\s*[)）]?\s*(?:[（(][^)）]{0,20}[)）])?\s*(?:以|之)?[东南西北]{1,2}(?:方向)?(?:约)?\s*\d+\s*(?:公里|千米)"
)
_DISTANCE_REF_LATIN = re.compile(
    r"\d+\s*(?:km|kilom[eè]tres?|kilometers?|miles)\s+\w*\s*(?:of|de|du)\s*$", re.I
)
_HOSTILE = re.compile(
    r"恐怖|武装分子|武装团伙|极端|袭击者|圣战|assaillant|terroris|jihadist|djihadist|hommes armés|"
    r"armed men|gunmen|assailant|attackers",
    re.I,
)
_AIR_ACTOR = re.compile(
    r"空军|战机|无人机|armée de l'air|armée de l’air|air force|aviation|drone", re.I
)

_ACTOR_HEADS = (
    r"马里?(?:空军|军方|军队|武装部队|国防和安全部队|国防军|安全部队)|马军|国家武装部队|马空军|"
    r"(?:马里)?稳定团|特派团|联合国维和部队|维和(?:人员|部队)|法国部队|法军|巴尔赫内|瓦格纳|"
    r"(?:多个|一群|一伙|数名|部分|一些)?(?:非法)?(?:武装恐怖团伙|恐怖分子|恐怖组织|武装分子|武装团伙|"
    r"极端组织|极端分子|圣战分子|袭击者|不明武装人员|武装人员|民兵)|"
    r"\bFAMa\b|Malian (?:armed|defence and security|defense and security) forces|Malian (?:army|"
    r"soldiers|troops)|"
    r"forces armées maliennes|l'armée malienne|l’armée malienne|soldats maliens|\bl'armée\b|"
    r"\bl’armée\b|"
    r"\bthe army\b|MINUSMA|Minusma|(?:UN |Chadian )?peacekeepers|casques bleus(?: tchadiens)?|"
    r"Barkhane|French (?:forces|troops)|forces françaises|Wagner|JNIM|GSIM|ISGS|EIGS|"
    r"Islamic State(?: in the Greater Sahara)?|[ÉE]tat islamique|"
    r"(?:(?:des|de|les|d')\s*)?(?:présumés |prétendus )?(?:terroristes|djihadistes|jihadistes|"
    r"assaillants)|"
    r"(?:suspected |unidentified |heavily )*(?:terrorists?|jihadists?|assailants|attackers|gunmen)|"
    r"(?:(?:des|les)\s+)?hommes(?: lourdement)? armés(?: non identifiés)?|"
    r"(?:unidentified |heavily )*armed (?:men|groups?|individuals)|groupes? armés(?: terroristes)?|"
    r"(?:dozos?|milices?|militias?|militiamen)\b|humanitarian (?:organizations|organisations|"
    r"actors|partners)|"
    r"(?:une |la )?mission des acteurs humanitaires|acteurs humanitaires|OCHA|\bCMA\b|"
    r"Coordination des mouvements de l[’']Azawad|[Pp]lat(?:e)?form(?:e)? coalition"
)
_ACTOR = re.compile(_ACTOR_HEADS, re.I)
# A passive event word: "was attacked", "ont été arrêtés", 遭袭, 遇袭, 被绑架.
_PASSIVE = re.compile(
    r"\b(?:was|were|been|being|été|est|sont)\s+(?:\w+\s+)?\S?$|[遭遇被]\S?$|[遭遇]\S?[袭击]",
    re.I,
)
# Chinese passives (遭到暴力袭击, 受到攻击) and event words whose subject suffers them ("a convoy
# hit an explosive device", 触雷).
_PASSIVE_ZH = re.compile(r"(?:遭|遇|受|被)[^，,。]{0,5}$")
# "Peacekeepers came under a complex attack", "ont subi une attaque": the subject suffered it.
_UNDERGONE = re.compile(
    r"\b(?:came|come|comes|coming) under\s+(?:[\w-]+\s+){0,3}$|"
    r"\bsubi(?:e|es|s)?\s+(?:[\w'’-]+\s+){0,3}$",
    re.I,
)
_SUFFERED = re.compile(r"hit |struck |triggered |stepped on |a saut|触雷|遭|遇", re.I)
# What may come before a Chinese clause's subject: nothing but a link word.
_SUBJECT_LEAD = re.compile(r"\s*(?:并|而|且|同时|随后|此后|另外|此外|但|然而|其中)?\s*")
_PASSIVE_BEFORE = re.compile(r"(?:被|遭到?|遇|by|par)\s*$", re.I)
_VICTIM_AFTER = re.compile(
    r"^\s*(?:[^，,。]{0,12}?)(?:遭|遇|被)|^\s*(?:ont été|a été|were|was|have been|has been)", re.I
)


@dataclass
class _Draft:
    type: str
    subtype: str
    sentence: Sentence
    clause: tuple[int, int]  # absolute offsets of the trigger's clause
    trigger: tuple[int, int]  # absolute offsets of the trigger word
    places: list[Place]
    date: datelib.Date | None
    actor: str
    anaphoric: bool
    demonstrative: bool  # "ce renfort", "this attack", 该: points back into the story
    inherited: bool = False  # places or date taken from outside the sentence
    note: str = ""  # where the places or date came from, when not from the clause
    quote_from: int = -1  # absolute start of the quote (the clause that gives place or date)
    quote_to: int = -1  # absolute end of the quote, when a list after a colon gives the places
    extra_dates: list[str] = field(default_factory=list)


def extract_events(
    document: Document,
    places: Sequence[Place],
    skip: Sequence[tuple[int, int]] = (),
) -> list[Event]:
    """Every event the text reports, in reading order.

    `skip` holds spans already told as operations or temporary bases, which are not repeated
    as events.
    """
    datelines = _dateline_spans(document)
    mentions = _mentions_by_sentence(document, places, datelines)
    skip = _union(skip)
    resolver = datelib.Resolver(document.date)
    drafts: list[_Draft] = []
    previous: dict[int, list[_Draft]] = {}  # paragraph -> drafts of its previous sentence
    named = {document.sentences[i].paragraph for i in mentions}  # paragraphs that name places
    last_located: list[_Draft] = []  # the drafts of the last sentence with a located event
    for sentence in document.sentences:
        if len(drafts) >= MAX_EVENTS:
            break
        found = _sentence_events(
            document, sentence, mentions.get(sentence.index, []), resolver, skip, datelines
        )
        last = previous.get(sentence.paragraph, [])
        before = document.sentences[sentence.index - 1] if sentence.index else None
        before_named = (
            mentions.get(before.index, [])
            if before and before.paragraph == sentence.paragraph
            else []
        )
        # A sentence that names no place but goes on with the story borrows the places before;
        # in a paragraph that names none, "ce renfort" takes the last located event's places.
        borrows = (
            bool(found)  # only asked of the sentence's events
            and not mentions.get(sentence.index)
            and bool(_GOES_ON.search(document.search_text[sentence.start : sentence.end]))
        )
        outside = sentence.paragraph not in named
        for draft in found:
            if outside and not last:
                _borrow(draft, last_located, drafts, [], sentence, False, far=True)
            else:
                _borrow(draft, last, drafts, before_named, sentence, borrows)
            if not draft.places:
                _settlement(draft, mentions, sentence)
        if found:
            previous[sentence.paragraph] = found
        elif mentions.get(sentence.index):
            previous[sentence.paragraph] = []
        if any(d.places for d in found):
            last_located = found
        drafts.extend(found)
    # The title, and the title repeated (web pages print it twice), are headlines.
    title = document.title.strip()
    headlines = frozenset(
        p.number
        for p in document.paragraphs
        if p.number == 1 or (len(p.text) >= 10 and title.startswith(p.text.strip()))
    )
    return [_event(document, d) for d in _merge(_expand(drafts), headlines)]


# ---------------------------------------------------------------- places in the text


@dataclass(frozen=True)
class _Located:
    start: int
    end: int
    place: Place


def _mentions_by_sentence(
    document: Document, places: Sequence[Place], excluded: Sequence[tuple[int, int]]
) -> dict[int, list[_Located]]:
    """The places named in each sentence, but in its dateline (`excluded`)."""
    by_sentence: dict[int, list[_Located]] = {}
    for place in places:
        if place.kind == "country":
            continue
        for m in place.mentions:
            if _inside(excluded, m.start):
                continue
            by_sentence.setdefault(m.sentence, []).append(_Located(m.start, m.end, place))
    for found in by_sentence.values():
        found.sort(key=lambda x: x.start)
    return by_sentence


def _dateline_spans(document: Document) -> list[tuple[int, int]]:
    spans = []
    for paragraph in document.paragraphs:
        found = datelib.dateline(paragraph.text)
        if found:
            spans.append((paragraph.start + found[0], paragraph.start + found[1]))
    return spans


# ---------------------------------------------------------------- one sentence


def _clauses(sentence: Sentence, located: Sequence[_Located] = ()) -> list[tuple[int, int]]:
    """Absolute (start, end) of the clauses of a sentence.

    A comma inside a list of places ("Diallassagou, Deguessagou, Dianweli") or before the unit
    that contains a place ("Aguelhoc, région de Kidal") does not end a clause.
    """
    ends = {x.end - sentence.start for x in located}
    starts = {x.start - sentence.start for x in located}
    cuts = [0]
    for m in _CLAUSE.finditer(sentence.text):
        text = sentence.text
        after = _SPACES.match(text, m.end()).end()  # type: ignore[union-attr]
        if m.group(0).strip() in ",，" and (
            (m.start() in ends and after in starts) or _APPOSITION.match(text, m.end())
        ):
            continue
        cuts.append(m.end())
    cuts.append(len(sentence.text))
    return [
        (sentence.start + a, sentence.start + b)
        for a, b in zip(cuts, cuts[1:], strict=False)
        if b > a
    ]


def _sentence_events(
    document: Document,
    sentence: Sentence,
    located: list[_Located],
    resolver: datelib.Resolver,
    skip: Sequence[tuple[int, int]],
    datelines: Sequence[tuple[int, int]],
) -> list[_Draft]:
    text = document.search_text[sentence.start : sentence.end]  # simplified, same offsets
    dates = []
    possible = _date_hits(document.search_text).within(sentence.start, sentence.end)
    for start, _end, kind, m in datelib.find_dates(text, possible):
        if _inside(datelines, sentence.start + start):
            continue  # the dateline's date is the document's, not an event's
        date = resolver.resolve(kind, m, text[max(0, start - 24) : start])
        if date is not None:
            dates.append(replace(date, offset=sentence.start + start))
    hits = _rule_hits(document.search_text)
    if not hits.within(sentence.start, sentence.end):
        return []  # no event word: the dates only moved the resolver on (当天 refers back)
    dates = _merge_adjacent(dates, text, sentence.start)
    clauses = _clauses(sentence, located)
    drafts: list[_Draft] = []
    for ci, clause in enumerate(clauses):
        if len(drafts) >= MAX_EVENTS:
            break
        rules = [_RULES[i] for i in hits.within(*clause)]
        triggers = _triggers(text, sentence.start, clause, skip, rules) if rules else []
        told = []
        for rule, (lo, hi) in triggers:
            draft = _draft(document, sentence, clauses, ci, rule, (lo, hi), located, dates, text)
            if draft is not None:
                told.append(draft)
        # "The attack came two days after a drone strike in X": the clause's places are the new
        # event's; "the attack" only refers back to one told before.
        if any(not d.anaphoric for d in told):
            told = [d for d in told if not d.anaphoric]
        drafts.extend(told)
    return drafts


@lru_cache(maxsize=1)
def _rule_filter() -> Prefilter:
    return Prefilter([rule.pattern for rule in _RULES])


@lru_cache(maxsize=1)
def _rule_hits(search_text: str) -> Hits:
    """Where in the document each rule could match (one automaton pass, not rules × clauses)."""
    return _rule_filter().scan(search_text)


@lru_cache(maxsize=1)
def _date_hits(search_text: str) -> Hits:
    return datelib.date_hits(search_text)


def _triggers(
    text: str,
    base: int,
    clause: tuple[int, int],
    skip: Sequence[tuple[int, int]],
    rules: Sequence[_Rule] = _RULES,
) -> list[tuple[_Rule, tuple[int, int]]]:
    """The event words of one clause: one per type, weak words only when nothing else.

    `rules`: those that may match in the clause (in _RULES order), from _rule_hits.
    """
    lo, hi = clause[0] - base, clause[1] - base
    own = text[lo:hi]
    found: list[tuple[_Rule, tuple[int, int]]] = []
    for rule in rules:
        for m in rule.pattern.finditer(own):
            start, end = base + lo + m.start(), base + lo + m.end()
            if _inside(skip, start):
                continue
            before = own[max(0, m.start() - 16) : m.start()]
            if _NOT_AN_EVENT.search(before) or _TREND.match(own[m.end() : m.end() + 40]):
                continue
            if rule.type == "operation" and re.match(
                r"\s*(?:任务|行动)?(?:的|时)", own[m.end() : m.end() + 5]
            ):
                continue  # 执行巡逻任务的士兵, 执行护航行动时: a circumstance, not the event
            found.append((rule, (start, end)))
            break
    strong = [f for f in found if f[0].strong]
    if strong:
        found = strong
    types = {f[0].type for f in found}
    if _RIPOSTE.search(own):
        found = [f for f in found if f[0].type not in ("operation", "clash")] or found[:0]
    if "airstrike" in types:
        found = [f for f in found if f[0].type != "operation"]
    if "return" in types:  # 流离失所者返回: the displaced come back
        found = [f for f in found if f[0].type != "displacement"]
    if "aid" in types:  # "des vivres aux déplacés", "aid to the displaced": the people helped
        found = [
            f
            for f in found
            if f[0].type != "displacement"
            or not _RECIPIENT.search(text[max(0, f[1][0] - base - 30) : f[1][0] - base])
        ]
    seen: set[str] = set()
    out = []
    for rule, span in sorted(found, key=lambda f: f[1][0]):
        if rule.type not in seen:
            seen.add(rule.type)
            out.append((rule, span))
    return out


def _draft(
    document: Document,
    sentence: Sentence,
    clauses: list[tuple[int, int]],
    ci: int,
    rule: _Rule,
    trigger: tuple[int, int],
    located: list[_Located],
    dates: list[datelib.Date],
    text: str,
) -> _Draft | None:
    clause = clauses[ci]
    base = sentence.start
    before = text[clause[0] - base : trigger[0] - base]
    after = text[trigger[1] - base : clause[1] - base]
    anaphoric = bool(_ANAPHOR.search(before[-6:])) and not re.search(r"\d", before[-4:])
    # "... remise par cette mission": the clause points back into the story.
    demonstrative = anaphoric or bool(
        _POINTS_BACK.search(text[clause[0] - base : clause[1] - base])
    )
    if _DEFINITE.search(before[-5:]) and not _SAYS_WHAT.match(
        text[trigger[0] - base : clause[1] - base]
    ):
        anaphoric = True
    if rule.type == "displacement" and _DESCRIBED.match(after):
        return None
    quote_from, quote_to = clause[0], clause[1]
    places = _in_span(located, clause)
    if not places and text[clause[1] - base - 1 : clause[1] - base] in ":：":
        places = _in_span(located, (clause[1], sentence.end))  # a list after a colon
        quote_to = sentence.end
    if (
        not places
        and not anaphoric
        and not _OWN_LOCATIVE.search(text[clause[0] - base : clause[1] - base])
    ):
        # The clauses before give the place ("11日，马军在X……", "The village of X, located in
        # the Y cercle, was attacked"), back to the clause of another event.
        for cj in range(ci - 1, max(-1, ci - 1 - MAX_LOOKBACK), -1):
            here = _in_span(located, clauses[cj])
            places = here + places
            if here:
                quote_from = clauses[cj][0]
            if here and _has_trigger(text, base, clauses[cj], _rule_hits(document.search_text)):
                break
    where = _event_places(places, text, base)
    date = _clause_date(dates, clause, trigger)
    if date is None:
        n = bisect.bisect_left(dates, clause[0], key=lambda d: d.offset)
        if n:
            date = dates[n - 1]
            quote_from = min(quote_from, _clause_of(clauses, date.offset)[0])
    if rule.type in ("operation", "clash") and _RIPOSTE.search(
        text[max(0, clause[0] - base - 200) : clause[0] - base]
    ):
        return None  # "……予以还击，打死80多名恐怖分子，现场缴获……": the riposte goes on
    actor = _actor(text, base, clauses, ci, trigger, _actor_hits(document.search_text))
    kind = rule.type
    if kind == "operation" and not rule.subtype and _HOSTILE.search(actor):
        kind = "attack"  # armed groups destroying or killing: an attack, not an operation
    elif not rule.strong and _AIR_ACTOR.search(actor):
        kind = "airstrike"  # the air force destroying targets
    return _Draft(
        type=kind,
        subtype=rule.subtype,
        sentence=sentence,
        clause=clause,
        trigger=trigger,
        places=where,
        date=date,
        actor=actor,
        anaphoric=anaphoric,
        demonstrative=demonstrative,
        quote_from=quote_from,
        quote_to=quote_to,
    )


def _has_trigger(text: str, base: int, clause: tuple[int, int], hits: Hits) -> bool:
    own = text[clause[0] - base : clause[1] - base]
    return any(_RULES[i].pattern.search(own) for i in hits.within(*clause))


def _clause_of(clauses: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    for clause in clauses:
        if clause[0] <= offset < clause[1]:
            return clause
    return clauses[0]


def _union(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with overlaps merged."""
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(spans):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _inside(spans: Sequence[tuple[int, int]], offset: int) -> bool:
    """Whether `offset` lies in one of `spans` (sorted, not overlapping)."""
    i = bisect.bisect_right(spans, (offset, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= offset < spans[i][1]


def _in_span(located: list[_Located], span: tuple[int, int]) -> list[_Located]:
    """The places named in `span` (`located` is sorted by start)."""
    lo = bisect.bisect_left(located, span[0], key=lambda x: x.start)
    hi = bisect.bisect_left(located, span[1], key=lambda x: x.start)
    return located[lo:hi]


def _event_places(found: list[_Located], text: str, base: int) -> list[Place]:
    """The places an event happened at, most specific first kept.

    Dropped: the place a statement was made in, a place only named as a distance reference
    ("X以北200公里的Y", "200 km north of X"), a place that qualifies a group (北部地区部分武装组织),
    a region or cercle that contains another place of the clause, and broad areas once a
    narrower place is named.
    """
    kept = []
    for x in found:
        after = text[x.end - base : x.end - base + 14]
        before = text[max(0, x.start - base - 24) : x.start - base]
        if _SAID_AFTER.match(after):
            continue
        if re.search(
            r"(?:statement|said|told \w+|declared|déclaré|annoncé)\s+(?:in|at|à|from)\s*$",
            before,
            re.I,
        ):
            continue
        if len(found) > 1 and (_DISTANCE_REF.match(after) or _DISTANCE_REF_LATIN.search(before)):
            continue
        if _GROUP_AFTER.match(after):
            continue  # 北部地区部分武装组织: the groups' origin, not where it happened
        kept.append(x.place)
    unique = list({p.key: p for p in kept}.values())
    specific = [p for p in unique if p.kind not in ("area", "country")]
    if specific:
        unique = specific
    return [p for p in unique if not any(_contains(p, q) for q in unique if q is not p)]


def _contains(outer: Place, inner: Place) -> bool:
    if outer.kind == "region":
        return inner.admin1 == outer.name and inner.kind != "region"
    if outer.kind == "cercle":
        return inner.admin2 == outer.name and inner.kind not in ("region", "cercle")
    return False


def _clause_date(
    dates: list[datelib.Date], clause: tuple[int, int], trigger: tuple[int, int]
) -> datelib.Date | None:
    lo = bisect.bisect_left(dates, clause[0], key=lambda d: d.offset)
    hi = bisect.bisect_left(dates, clause[1], key=lambda d: d.offset)
    own = dates[lo:hi]
    if not own:
        return None
    before = [d for d in own if d.offset < trigger[0]]
    return before[-1] if before else own[0]


def _merge_adjacent(dates: list[datelib.Date], text: str, base: int) -> list[datelib.Date]:
    """Two months joined by "and" or a dash make one period ("December 2016 and January 2017")."""
    out: list[datelib.Date] = []
    for date in dates:
        if out and out[-1].precision == date.precision == "month" and out[-1].start and date.start:
            gap = text[out[-1].stop - base : date.offset - base]
            if _JOINED.fullmatch(gap) and out[-1].start < date.start:
                prev = out.pop()
                out.append(
                    replace(prev, end=date.start, text=text[prev.offset - base : date.stop - base])
                )
                continue
        out.append(date)
    return out


# ---------------------------------------------------------------- actor


@lru_cache(maxsize=1)
def _actor_filter() -> Prefilter:
    return Prefilter([_ACTOR])


@lru_cache(maxsize=1)
def _actor_hits(search_text: str) -> Hits:
    """Where in the document an actor may be named: most clauses name none."""
    return _actor_filter().scan(search_text)


def _actors(text: str, base: int, lo: int, hi: int, hits: Hits) -> list[re.Match[str]]:
    """_ACTOR's matches in text[lo:hi], the regex run only where an actor's word is."""
    return list(_ACTOR.finditer(text, lo, hi)) if hits.within(base + lo, base + hi) else []


def _actor(
    text: str,
    base: int,
    clauses: list[tuple[int, int]],
    ci: int,
    trigger: tuple[int, int],
    hits: Hits,
) -> str:
    """Who did it, as the text says it: the agent of a passive, else the subject before.

    A passive ("was attacked", 遭袭) names its victim first: only its agent ("by X", 被X) is
    the actor. Chinese leaves the subject out after a sentence's first clause, so the subject
    of a clause before counts there; in French and English it does not.
    """
    clause = clauses[ci]
    lo, t, hi = clause[0] - base, trigger[0] - base, clause[1] - base
    after = _actors(text, base, t, hi, hits)
    for m in after:
        if _PASSIVE_BEFORE.search(text[max(lo, m.start() - 4) : m.start()]):
            return m[0].strip()
    for m in _actors(text, base, lo, t, hits):
        if _PASSIVE_BEFORE.search(text[max(lo, m.start() - 4) : m.start()]):
            return m[0].strip()  # 被恐怖分子绑架
    if after and re.search(
        r"\b(?:by|par|que|qu'|qu’|that|which)\s*$", text[t : after[0].start()], re.I
    ):
        return after[0][0].strip()  # "les vivres que l'armée a acheminés"
    if (
        _PASSIVE.search(text[max(lo, t - 16) : t + 1])
        or _PASSIVE_ZH.search(text[max(lo, t - 8) : t])
        or _SUFFERED.match(text, t)
        or _UNDERGONE.search(text[max(lo, t - 40) : t])
    ):
        return ""  # the victim is not the actor
    latin = not has_cjk(text[lo:hi])
    for m in _actors(text, base, max(lo, t - 80) if latin else lo, t, hits):  # the subject
        between = text[m.end() : t]
        if (
            _VICTIM_AFTER.match(between)
            or between[:1] == "的"
            or _STATEMENT.search(between)
            or _REPELLED.search(between)
        ):
            break  # a victim, a modifier, who says it, or who repelled it
        return m[0].strip()
    if latin:
        return ""
    for cj in range(ci - 1, max(-1, ci - 1 - MAX_LOOKBACK), -1):
        c_lo, c_hi = clauses[cj][0] - base, clauses[cj][1] - base
        within = hits.within(base + c_lo, base + c_hi)
        first = _ACTOR.search(text, c_lo, c_hi) if within else None
        if first is None or not _SUBJECT_LEAD.fullmatch(text[c_lo : first.start()]):
            continue  # no actor, or not the subject ("以支持国家武装部队", "摧毁一处恐怖分子据点")
        if not _VICTIM_AFTER.match(text[first.end() : c_hi]):
            return first[0].strip()
        break
    return ""


# ---------------------------------------------------------------- across sentences


def _borrow(
    draft: _Draft,
    previous: list[_Draft],
    drafts: list[_Draft],
    previous_mentions: list[_Located],
    sentence: Sentence,
    borrows: bool,
    far: bool = False,
) -> None:
    """Places and date from outside the sentence, where the text points to them.

    - "the scene", 现场, "sur place": the last located event's places (and its date).
    - "the attack" with no place, or a sentence that names no place at all: the places of the
      previous sentence of the paragraph (its events' places, else the places it names).
    - No date in the sentence: the date of an event of the same type in the previous sentence
      of the paragraph ("Particularly, ..." elaborating on a dated summary).
    """
    # "The attack" refers to an attack told before. Far from any place, "ce renfort" (a
    # demonstrative, no reinforcement told before) refers to the story itself.
    same_type = draft.anaphoric and not (
        far and draft.demonstrative and all(d.type != draft.type for d in drafts)
    )
    if far:  # "also" is too weak a link across paragraphs
        borrows = draft.demonstrative
    if not draft.places:
        clause_text = draft.sentence.text[
            draft.clause[0] - sentence.start : draft.clause[1] - sentence.start
        ]
        if _SCENE.search(to_simplified(clause_text)):
            located = next((d for d in reversed(drafts[-MAX_LOOKBACK * 8 :]) if d.places), None)
            if located:
                draft.places = list(located.places)
                draft.date = draft.date or located.date
                draft.inherited = True
                draft.note = "place: the scene of the event told before"
        elif (draft.anaphoric or borrows) and (
            sources := [d for d in previous if d.places and (d.type == draft.type or not same_type)]
        ):
            source = sources[-1]
            draft.places = list(source.places)
            draft.date = draft.date or source.date
            draft.inherited = True
            draft.note = (
                "place: the story told in an earlier paragraph"
                if far
                else "place: the event of the sentence before"
            )
        elif (draft.anaphoric or borrows) and previous_mentions and not previous:
            draft.places = _event_places(previous_mentions, "", 0)
            draft.inherited = bool(draft.places)
            draft.note = "place: named in the sentence before" if draft.places else ""
    if draft.date is None and (draft.inherited or not far):
        for d in reversed(previous):
            if d.type == draft.type and d.date is not None:
                draft.date = d.date
                draft.inherited = True
                draft.note = "; ".join(filter(None, (draft.note, "date: of the sentence before")))
                break


def _settlement(draft: _Draft, mentions: dict[int, list[_Located]], sentence: Sentence) -> None:
    """ "Dans le village", 该村, "the town": the last village or town the text named before;
    "la zone", 该地区, "the area": the last region, cercle or area."""
    clause = to_simplified(
        draft.sentence.text[draft.clause[0] - sentence.start : draft.clause[1] - sentence.start]
    )
    kinds: tuple[str, ...]
    if _SETTLEMENT.search(clause):
        kinds, what = ("village", "town"), "village or town"
    elif _UNIT_REFERENCE.search(clause):
        kinds, what = ("region", "cercle", "area"), "region, cercle or area"
    else:
        return
    for index in range(sentence.index, max(-1, sentence.index - 4), -1):
        named = [
            x
            for x in mentions.get(index, [])
            if x.place.kind in kinds and x.start < draft.trigger[0]
        ]
        if named:
            draft.places = [named[-1].place]
            draft.inherited = True
            draft.note = f"place: the last {what} named"
            return


def _expand(drafts: list[_Draft]) -> list[_Draft]:
    """One event per date of a list ("8月22日和27日先后发生两起袭击": two attacks)."""
    out = []
    for d in drafts:
        out.append(d)
        if d.date is not None:
            for other in d.date.others:
                out.append(replace(d, date=replace(d.date, start=other, end=None, others=())))
    return out


def _key_date(d: _Draft) -> str | None:
    return d.date.start if d.date else None


# Distinct place sets compared with each other per type and date: a runaway list of events is
# only deduplicated, so that any input stays linear.
MAX_COMPARED = 64


def _merge(drafts: list[_Draft], headlines: frozenset[int] = frozenset({1})) -> list[_Draft]:
    """The same event told twice is one event.

    Same type and date, and the places of one are the places of the other or contain them
    ("attacks in central Mali on the 1st", then "on the 1st, attacks on Kayes and Nioro").
    Undated events without a place merge only within a paragraph. Anaphoric mentions ("the
    attack") that found no place, or only the place of the same event told before, are dropped:
    they repeat an event already told.
    """
    kept = _told_with_date(_retold(d for d in drafts if d.places or not d.anaphoric), headlines)
    groups: dict[tuple[object, ...], dict[frozenset[str], _Draft]] = {}
    for d in kept:
        groups.setdefault(_group(d), {}).setdefault(_keys(d), d)
    dropped: set[tuple[tuple[object, ...], frozenset[str]]] = set()
    for group, by_places in groups.items():
        told = list(by_places.values())
        if not 1 < len(told) <= MAX_COMPARED:
            continue
        for d in told:
            if any(_dominated(d, o) and not _dominated(o, d) for o in told if o is not d):
                dropped.add((group, _keys(d)))
    out: list[_Draft] = []
    first: dict[tuple[tuple[object, ...], frozenset[str]], _Draft] = {}
    for d in kept:
        key = (_group(d), _keys(d))
        if key in dropped:
            continue
        if key in first:
            earlier = first[key]
            if earlier.sentence.paragraph in headlines and d.sentence.paragraph not in headlines:
                # The headline told it first; the story tells it in full: quote the story.
                d.actor = d.actor or earlier.actor
                out[out.index(earlier)] = first[key] = d
            else:
                earlier.actor = earlier.actor or d.actor
            continue
        first[key] = d
        out.append(d)
    return out


def _retold(drafts: Iterable[_Draft]) -> list[_Draft]:
    """Without the undated "the attack" that tells again an event told before at its places.

    Dropped before _merge's grouping (which would also join them), so that such a mention lends
    the event neither its quote nor its actor.
    """
    told: set[tuple[str, frozenset[str]]] = set()
    out = []
    for d in drafts:
        key = (d.type, _keys(d))
        if d.anaphoric and d.places and d.date is None and key in told:
            continue
        told.add(key)
        out.append(d)
    return out


def _told_with_date(drafts: list[_Draft], headlines: frozenset[int]) -> list[_Draft]:
    """Without an undated telling of an event told with its date at the same places, or, in the
    headline, at broader ones ("Attack in central Mali", then "on the 1st, an attack on a Mopti
    village")."""
    dated: dict[str, list[_Draft]] = {}
    for d in drafts:
        if d.date is not None and d.date.start and d.places:
            dated.setdefault(d.type, []).append(d)
    out = []
    for d in drafts:
        same = dated.get(d.type, []) if d.date is None and d.places else []
        headline = d.sentence.paragraph in headlines
        if len(same) <= MAX_COMPARED and any(
            _keys(d) == _keys(o) or (headline and _dominated(d, o)) for o in same
        ):
            continue
        out.append(d)
    return out


def _group(d: _Draft) -> tuple[object, ...]:
    """Events that can be the same: same type and date; undated ones without a place only
    within their paragraph (a headline and the story tell one attack at one place)."""
    date = _key_date(d)
    return (d.type, date, d.sentence.paragraph if date is None and not d.places else None)


def _keys(d: _Draft) -> frozenset[str]:
    return frozenset(p.key for p in d.places)


def _dominated(a: _Draft, b: _Draft) -> bool:
    """`a` tells `b` at a coarser level (same type and date): every place of `a` broader."""
    if not a.places or not b.places:
        return False
    keys_b = {p.key for p in b.places}
    if {p.key for p in a.places} == keys_b:
        return False
    return all(
        p.key in keys_b or p.kind in ("area", "country") or any(_contains(p, q) for q in b.places)
        for p in a.places
    )


# ---------------------------------------------------------------- output


def _event(document: Document, d: _Draft) -> Event:
    sentence = d.sentence
    start = max(sentence.start, min(d.quote_from, d.clause[0]))
    end = max(d.clause[1], d.quote_to)
    if end - start > MAX_QUOTE:
        start = max(start, d.trigger[0] - MAX_QUOTE // 2)
        end = min(end, start + MAX_QUOTE)
    while end > start and document.text[end - 1] in "，,；;：: ":
        end -= 1
    quote = document.text[start:end]
    names = ", ".join(dict.fromkeys(p.name for p in d.places))
    label = event_label(d.type)
    if d.type == "return":
        people = _PEOPLE.search(document.search_text[sentence.start : sentence.end])
        if people:
            label = f"Return of {int(re.sub(r'[ ,]', '', people.group(1))):,} displaced people"
    elif d.subtype and d.type in ("operation", "base"):
        label = {"patrol": "Patrol", "escort": "Escort"}.get(d.subtype, f"Base {d.subtype}")
    elif d.type == "operation":
        label = "Operation"
    date = d.date
    return Event(
        type=d.type,
        label=f"{label}: {names}" if names else label,
        date=date.start if date else None,
        date_end=date.end if date else None,
        date_text=date.text if date else "",
        place_keys=tuple(dict.fromkeys(p.key for p in d.places)),
        evidence=Quote(sentence.index, sentence.paragraph, start, end, quote),
        date_precision=date.precision if date and date.start else "",
        subtype=d.subtype,
        actor=d.actor,
        trigger=document.text[d.trigger[0] : d.trigger[1]],
        trigger_start=d.trigger[0],
        trigger_end=d.trigger[1],
        note=d.note,
    )
