"""The dashboard's drill-down: one event's mentions as sentence cards with their words marked,
and the documents it was reported in."""
from __future__ import annotations

import html
import unicodedata

import pandas as pd
import streamlit as st

from waqai.flows.dashboard_data import TYPE_LABELS, _text, name_of


def _in_word(ch: str) -> bool:
    return ch.isalpha() or unicodedata.category(ch).startswith("M")


def _marked(sentence: str, spans: list[tuple[int, int, str]]) -> str:
    """The sentence as HTML with the trigger, actor, target and date marked (overlaps dropped).
    Marks cover whole words: a mark that starts after a clitic (لـلسعودية) would break the
    letters' joining."""
    whole = []
    for start, end, kind in spans:
        if 0 <= start < end <= len(sentence):
            while start > 0 and _in_word(sentence[start - 1]):
                start -= 1
            while end < len(sentence) and _in_word(sentence[end]):
                end += 1
            whole.append((start, end, kind))
    out, at = [], 0
    for start, end, kind in sorted(whole):
        if start < at:
            continue
        out += [html.escape(sentence[at:start]), f'<mark class="{kind}">{html.escape(sentence[start:end])}</mark>']
        at = end
    out.append(html.escape(sentence[at:]))
    return "".join(out)


def drill_down(view: pd.DataFrame, q) -> None:
    if view.empty:
        st.info("No events in this selection.")
        return
    ranked = view.sort_values(["n_documents", "n_mentions", "event_id"], ascending=[False, False, True])
    labels = {r["event_id"]: f"{TYPE_LABELS.get(r['event_type'], r['event_type'])} · {r['actor_code']} → "
                             f"{r['target_code']} · {_text(r['date_value'], 'undated')} "
                             f"({r['n_mentions']} mentions, {r['n_documents']} documents)"
              for r in ranked.to_dict("records")}
    chosen = st.selectbox("Event (most reported first)", list(labels), format_func=labels.get)
    event = ranked.set_index("event_id").loc[chosen]
    st.markdown(f"**{name_of(event['actor_code'])}** → **{name_of(event['target_code'])}** · "
                f"{TYPE_LABELS.get(event['event_type'], event['event_type'])} · "
                f"{_text(event['date_value'], 'undated')} · {event['status']} · `{chosen}`")
    mentions = q("""select em.published, em.source, em.date_value, em.date_text, em.status, em.rule_id, em.sentence,
                           em.trigger_start - m.sentence_start as trigger_at, em.trigger_end - m.sentence_start as trigger_to,
                           em.actor_start - m.sentence_start as actor_at, em.actor_end - m.sentence_start as actor_to,
                           em.target_start - m.sentence_start as target_at, em.target_end - m.sentence_start as target_to,
                           em.date_start - m.sentence_start as date_at, em.date_end - m.sentence_start as date_to
                    from event_mentions em join mentions m using (mention_id)
                    where em.event_id = ? order by em.published, em.sentence_index""", chosen)
    cards = []
    for r in mentions.to_dict("records"):
        spans = [(int(r[f"{k}_at"]), int(r[f"{k}_to"]), k) for k in ("trigger", "actor", "target", "date")
                 if not pd.isna(r[f"{k}_at"]) and not pd.isna(r[f"{k}_to"])]
        date = _text(r["date_value"], "undated") + (f" ({_text(r['date_text'])})" if _text(r["date_text"]) else "")
        meta = " · ".join(html.escape(x) for x in (
            f"published {_text(r['published'], 'undated')}", _text(r["source"], "unknown source"),
            f"event date {date}", _text(r["status"]), f"rule {_text(r['rule_id'])}"))
        cards.append(f'<div class="waqai-mention"><div class="waqai-meta">{meta}</div>'
                     f'<div class="waqai-sentence" dir="rtl" lang="ar">{_marked(r["sentence"], spans)}</div></div>')
    st.html("".join(cards) or "<p>No asserted mentions.</p>")
    st.caption("Marked: trigger (yellow), actor (blue), target (green), date (pink).")
    sources = q("""select source_uri, title, published, source, url, n_mentions from event_documents
                   where event_id = ? order by published, source_uri""", chosen)
    items = []
    for r in sources.to_dict("records"):
        link = _text(r["url"])
        where = (f'<a href="{html.escape(link)}" target="_blank" rel="noopener">{html.escape(link)}</a>' if link.startswith(("http://", "https://"))
                 else f"<code>{html.escape(_text(r['source_uri']))}</code>")
        items.append(f'<li><span dir="auto">{html.escape(_text(r["title"], "(no title)"))}</span> · '
                     f'{html.escape(_text(r["published"], "undated"))} · {html.escape(_text(r["source"], "unknown source"))} · '
                     f'{where} · {r["n_mentions"]} mention{"s" if r["n_mentions"] != 1 else ""}</li>')
    st.markdown("**Sources**")
    st.html(f'<ul class="waqai-sources">{"".join(items)}</ul>')
