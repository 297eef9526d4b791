"""Arms-deal frames: who supplies whom (supply, with double objects), who acquires from
whom (acquire), the parties to a deal (deal) and where weapons are made (produce)."""
from __future__ import annotations

import re

from waqai.transforms.events.clause import (
    Clause, Pair, _after, _before, _chain, _coordinated, _prev_word, _stately, _subject, _subject_after, _subject_before, _system_origin, _targets_after, _undated_gap, _weapon_origin,
)
from waqai.transforms.events.rules import Rule, load_event_lexicon
from waqai.transforms.events.words import DEAL_PARTNER_PREPS as _DEAL_PARTNER_PREPS
from waqai.transforms.events.words import PREPOSITION_WORDS as _PREPOSITION_WORDS


def _frame_supply(c: Clause, rule: Rule, ts: int, te: int) -> list[Pair]:
    shipper = _shipment_origin(c, ts, te)
    if shipper is not None:
        # "وصول شحنة إيرانية تحتوي على صواريخ": the shipment's nisba is where it comes from,
        # whatever weapon or state the sentence names before it; the recipient follows إلى/لـ.
        return [(shipper, r) for r in _targets_after(c, te, rule, {shipper.code}, ("place", "agent"))[:1]]
    origin = _weapon_origin(c, ts, te)
    double = _double_object(c, rule, ts, te)
    if double:
        supplier, recipient = double
        if origin and origin.code != recipient.code:
            supplier = origin
        return [(supplier, recipient)] if supplier.code != recipient.code else []
    suppliers = _subject(c, ts, te)
    if not origin and not suppliers:
        origin = _system_origin(c, ts, te)
    if origin is None:
        # "تسليم روسيا قدرات دفاع جوي متطورة للنظام السوري": the state right after the noun
        # hands over, to the nisba's state
        first = next(iter(_after(c, te)), None)
        lam = _lam_nisba(c, first) if first is not None and _stately(first) and not _undated_gap(c, te, first.start).split() else None
        if lam is not None:
            return [(first, lam)]
    if origin and (not suppliers or suppliers[0].code != origin.code):
        # A recipient named after the trigger wins over the subject: the subject of "علق ...
        # على قرار تسليم منظومة إس-300 إلى سوريا" is a commentator, not a party.
        recipients = _targets_after(c, te, rule, {origin.code}, ("place", "agent")) or [m for m in suppliers if m.code != origin.code]
        return [(origin, r) for r in recipients[:1]]
    if not suppliers:
        return []
    sup = suppliers[0]
    # "زودت الولايات المتحدة وفرنسا المسلحين": a state coordinated with the supplier supplies too.
    co = {m.code for m in _chain(c, sup, _after(c, sup.end), ("place", "agent"))}
    targets = _targets_after(c, max(te, sup.end), rule, co, ("place", "agent"))
    return [(sup, t) for t in targets]


_SHIPMENT = re.compile(r"(?:ال)?شحن(?:ه|ات)$")


def _shipment_origin(c: Clause, ts: int, te: int):
    """The state's nisba right after a shipment noun ("شحنة إيرانية", "شحنات أسلحة روسية")."""
    if not _SHIPMENT.search(c.text[ts:te]):
        return None
    first = next(iter(_after(c, te)), None)
    if first is None or first.cls != "nisba" or not first.code:
        return None
    gap = c.text[te:first.start].split()
    return first if not gap or (len(gap) == 1 and re.fullmatch(r"(?:ال)?(?:اسلحه|سلاح|ذخاير|ذخيره|صواريخ|عتاد)", gap[0])) else None


def _lam_nisba(c: Clause, seller):
    """"تسليم روسيا قدرات دفاع جوي للنظام السوري": a body named with لـ and a state's nisba
    after the thing handed over is the recipient."""
    for m in _after(c, seller.end):
        if len(_undated_gap(c, seller.end, m.start).split()) > 8 or re.search(r"[.،,؛:]", c.text[seller.end:m.start]):
            return None
        if m.cls == "nisba" and m.code and m.code != seller.code:
            before = c.text[max(c.start, m.start - 20):m.start].split()
            return m if before and re.match(r"[وف]?لل\S{2,}$", before[-1]) else None
        if m.code:
            return None
    return None


def _double_object(c: Clause, rule: Rule, ts: int, te: int) -> Pair | None:
    """"وافقت واشنطن على بيع قطر صواريخ": after a verbal noun, a state followed by the thing
    sold is the recipient, and the subject of the clause before it the supplier."""
    after = _after(c, te)
    if not after or not _stately(after[0]) or _undated_gap(c, te, after[0].start).split():
        return None
    recipient = after[0]
    if _targets_after(c, recipient.end, rule, {recipient.code}, ("place", "agent")) or _lam_nisba(c, recipient):
        return None  # "بيع روسيا الأسلحة إلى سوريا": the state after the noun is the seller
    lex = load_event_lexicon()
    if not lex.terms["weapons"].search(c.text, recipient.end, min(c.end, recipient.end + 60)):
        return None
    before = [m for m in _subject_before(c, ts) if m.code != recipient.code]
    if not before or len(_undated_gap(c, before[0].end, ts).split()) > 8:
        return None
    return before[0], recipient


def _frame_arrive(c: Clause, rule: Rule, ts: int, te: int) -> list[Pair]:
    """"وصول منظومة إس-300 الروسية إلى سوريا": what arrives is the weapon, so the supplier is
    its nisba, the state it comes from (من), or the named system's maker — never the one who
    announces the arrival; the recipient follows إلى/لـ."""
    origin = _weapon_origin(c, ts, te)
    if origin is None:
        source = [m for m in _after(c, te) if _stately(m) and _prev_word(c, m) == "من"
                  and len(_undated_gap(c, te, m.start).split()) <= 8]
        origin = source[0] if source else _system_origin(c, ts, te)
    if origin is None:
        return []
    return [(origin, r) for r in _targets_after(c, te, rule, {origin.code}, ("place",))[:1]]


def _frame_acquire(c: Clause, rule: Rule, ts: int, te: int) -> list[Pair]:
    # A buyer is a state or an official, never a nisba: "أسلحة روسية" names where arms come from.
    buyers = _subject(c, ts, te, ("agent", "place"))
    if c.text[ts:te].endswith(("ها", "ايه", "اءه")):
        # "حذرت واشنطن أنقرة من أن اقتناءها منظومة ...": the pronoun stands for the state named
        # last before it, even as the object of another verb.
        last = [m for m in _before(c, ts) if m.cls in ("agent", "place") and m.code]
        if last and len(_undated_gap(c, last[-1].end, ts).split()) <= 4:
            buyers = last[-1:]
    if not buyers:
        # ... unless it is the subject right after the verb: "تسلمت البحرية الباكستانية فرقاطة".
        origin = _weapon_origin(c, ts, te)
        buyers = [m for m in _subject_after(c, te, ("agent", "nisba")) if m is not origin and (origin is None or m.start != origin.start)]
    if not buyers:
        return []
    buyer = buyers[0]
    # the seller after من in the purchase's own phrase: "شراءها طائرات (إف-35) ... معرض للخطر، ما لم
    # تتخل عن خطة لشراء منظومة (إس-400) من روسيا" names Russia for the other purchase
    sellers = [m for m in _after(c, te) if _stately(m) and m.code != buyer.code and _prev_word(c, m) == "من"
               and not _another_trigger_between(c, rule, te, m.start)]
    origin = _weapon_origin(c, ts, te)
    if not sellers and origin and origin.code != buyer.code:
        sellers = [origin]
    if not sellers:
        system = _system_origin(c, ts, te)
        sellers = [system] if system and system.code != buyer.code else []
    return [(s, buyer) for s in sellers[:1]]


def _another_trigger_between(c: Clause, rule: Rule, lo: int, hi: int) -> bool:
    """Whether the rule's trigger occurs again, as a whole word, between lo and hi."""
    return any((m.start() == 0 or not c.text[m.start() - 1].isalnum()) and (m.end() >= len(c.text) or not c.text[m.end()].isalnum())
               for m in rule.trigger.finditer(c.text, lo, hi))


def _frame_deal(c: Clause, rule: Rule, ts: int, te: int) -> list[Pair]:
    lex = load_event_lexicon()
    subject = _subject(c, ts, te)
    partners = [m for m in _after(c, te) if _stately(m) and _prev_word(c, m) in _DEAL_PARTNER_PREPS]
    if partners:
        partners = _chain(c, partners[0], _after(c, partners[0].end), ("place", "agent", "nisba"))
    if not partners:
        # "وقعت الهند وروسيا عقدا": two coordinated states before the deal are its parties.
        before = [m for m in _before(c, ts) if m.cls in ("place", "agent") and m.code]
        for a, b in zip(before, before[1:], strict=False):
            if a.code != b.code and _coordinated(c, a, b) and _prev_word(c, a) not in _PREPOSITION_WORDS:
                subject, partners = [a], [b]
    if len(partners) >= 2 and _prev_word(c, partners[0]) == "بين":
        # "صفقة الأسلحة بين بغداد وموسكو": the two named after بين are the parties, whoever
        # else the sentence names before the deal.
        subject, partners = partners[:1], partners[1:2]
    if not subject or not partners:
        return []
    origin = _weapon_origin(c, ts, te)
    pairs = []
    for p in partners:
        s = subject[0]
        if s.code == p.code:
            continue
        if origin and origin.code in (s.code, p.code):
            pairs.append((origin, p if origin.code == s.code else s))
        elif lex.cues["buyer_purpose"].search(c.text[te:c.end]):
            # "أبرمت السعودية عقدا لشراء عربات من كندا": the purpose may stand before the partner.
            pairs.append((p, s))
        elif lex.cues["seller_purpose"].search(c.text[te:c.end]):
            pairs.append((s, p))
        elif p.code in lex.exporters and s.code not in lex.exporters:
            pairs.append((p, s))
        else:
            pairs.append((s, p))
    return pairs


def _frame_produce(c: Clause, rule: Rule, ts: int, te: int) -> list[Pair]:
    # The site follows the factory closely: "مصنع طائرات بدون طيار هجومية في كازاخستان".
    sites = [m for m in _after(c, te) if m.cls == "place" and m.code and _prev_word(c, m) == "في"
             and len(_undated_gap(c, te, m.start).split()) <= 6]
    if not sites:
        return []
    site = sites[0]
    makers = [m for m in c.actors if _stately(m) and m.code != site.code]
    if not makers:
        return []
    maker = min(makers, key=lambda m: abs(m.start - ts))
    return [(maker, site)]
