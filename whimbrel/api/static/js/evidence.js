// The evidence panel: the event, its actors, its sources, the quotes in its sentence, and the article's
// text with the evidence sentence highlighted (the trigger word underlined) and scrolled into view.

import { clear, el, getJSON } from "./util.js";
import { paintSwatches, typeTag } from "./table.js";

function actorList(actors) {
  if (!actors || !actors.length) return el("span", { class: "muted" }, "—");
  return el("span", {}, ...actors.flatMap((a, k) => {
    const extra = [a.country, a.sector && a.sector !== "UNK" ? a.sector : null].filter(Boolean).join("/");
    const name = a.name || a.text;
    const said = a.name && a.text && a.name.toLowerCase() !== a.text.toLowerCase() ? ` “${a.text}”` : "";
    return [k ? "; " : "", el("strong", {}, name), `${extra ? ` (${extra})` : ""}${said}`];
  }));
}

function row(term, value) {
  return [el("dt", {}, term), el("dd", {}, value)];
}

/** The article text as nodes: before, <mark>evidence (trigger in <strong>)</mark>, after. */
function highlighted(text, event) {
  const ev = event.evidence;
  const mark = el("mark", { class: "evidence-mark" });
  const trigger = event.trigger;
  if (trigger && trigger.start >= ev.start && trigger.end <= ev.end) {
    mark.append(text.slice(ev.start, trigger.start), el("strong", {}, text.slice(trigger.start, trigger.end)),
      text.slice(trigger.end, ev.end));
  } else {
    mark.append(text.slice(ev.start, ev.end));
  }
  return { nodes: [text.slice(0, ev.start), mark, text.slice(ev.end)], mark };
}

export async function showEvidence(panel, eventId) {
  const body = panel.querySelector("#evidence-body");
  panel.hidden = false;
  clear(body).append(el("p", { class: "muted" }, "Loading…"));
  const detail = await getJSON(`/api/events/${encodeURIComponent(eventId)}`);
  const event = detail.event;
  const article = await getJSON(`/api/articles/${encodeURIComponent(event.article_id)}`);
  const loc = event.location;
  const fat = event.fatalities;
  const meta = detail.article || article;
  const facts = el("dl", {},
    row("Event", typeTag(event)),
    row("Date", `${event.date || "unknown"}${event.date_precision ? ` (${event.date_precision})` : ""}`),
    row("Where", loc ? `${loc.name}${loc.admin1 ? `, ${loc.admin1}` : ""}${loc.country ? `, ${loc.country}` : ""}` : "unknown"),
    row("Who", actorList(event.source)),
    row("To whom", actorList(event.target)),
    row("Reported by", actorList(event.reported_by)),
    fat ? row("Fatalities", `${fat.best}${fat.low !== fat.high ? ` (${fat.low}–${fat.high})` : ""}`) : null,
    row("Confidence", event.confidence !== null ? event.confidence.toFixed(2) : "—"),
    event.acled ? row("ACLED", `${event.acled.event_type} / ${event.acled.sub_event_type}`) : null,
    event.group && event.group.sources ? row("Also in", `${event.group.sources.length} articles ` +
      `(${event.group.independent_sources} independent)`) : null,
  );
  const source = el("dl", {},
    row("Article", el("strong", {}, meta.title || article.id)),
    row("Outlet", meta.source || "unknown"),
    row("Published", meta.published || "unknown"),
    meta.wires && meta.wires.length ? row("Wires", meta.wires.join(", ")) : null,
    meta.byline ? row("Byline", meta.byline) : null,
    meta.url ? row("Link", el("a", { href: meta.url, rel: "noopener noreferrer nofollow", target: "_blank" }, meta.url)) : null,
  );
  const quotes = detail.quotes.length
    ? detail.quotes.map((q) => el("div", { class: "quote" },
      el("blockquote", {}, q.text),
      el("span", { class: "muted" }, `— ${q.speaker_name || q.speaker_text || "unattributed"}` +
        `${q.cue_text ? ` (${q.cue_text})` : ""}, ${q.kind}`)))
    : [el("p", { class: "muted" }, "No quote in this sentence.")];
  const { nodes, mark } = highlighted(article.text, event);
  const text = el("div", { class: "article-text", id: "article-text" }, ...nodes);
  clear(body).append(facts, el("h3", {}, "Source"), source, el("h3", {}, "Quote"), ...quotes,
    el("h3", {}, "In the article"), text);
  paintSwatches(body);
  text.scrollTop = Math.max(0, mark.offsetTop - text.offsetTop - 60);
}
