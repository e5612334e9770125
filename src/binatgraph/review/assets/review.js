// The review workbench: render the state the server sends, send judgements and item fixes back.
"use strict";
(() => {
  const token = document.querySelector('meta[name="review-token"]').content;
  const $ = (sel, root = document) => root.querySelector(sel);
  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === "class") node.className = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else if (v !== null && v !== undefined && v !== false) node.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c);
    return node;
  };
  let state = null;
  let cur = { draft: 0, item: 0, question: 0 };

  const say = (text, bad = false) => {
    const m = $("#message");
    m.textContent = text;
    m.className = bad ? "bad" : "ok";
  };

  async function post(action, body) {
    const r = await fetch(`/api/${action}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Review-Token": token },
      body: JSON.stringify(body),
    });
    const data = await r.json();
    if (!r.ok) { say(data.error || `failed (${r.status})`, true); return false; }
    say(data.message || "done");
    state = data.state;
    render();
    return true;
  }

  const draft = () => state.drafts[cur.draft];
  const item = () => draft().items[cur.item];
  const itemQuestions = () => draft().questions.filter((q) => q.items.includes(item().position) || (!q.items.length && cur.item === 0));
  const question = () => itemQuestions()[cur.question];

  function renderSource() {
    const it = item();
    const box = $("#source");
    box.replaceChildren();
    box.append(el("h2", {}, `Item ${it.position} of ${draft().items.length}`),
      el("p", { class: "muted" }, draft().source_found ? `from ${draft().source}` : `${draft().source || "source"} is not at hand: the title only`));
    const text = el("div", { class: "passage" });
    let at = 0;
    const q = question();
    for (const m of it.mentions) {
      if (m.start < at) continue;
      text.append(it.text.slice(at, m.start));
      const open = draft().questions.find((x) => x.key === m.key && x.open);
      const cls = ["mention", m.proposed ? (open ? "proposed" : "judged") : "known", q && q.key === m.key ? "current" : ""].join(" ");
      text.append(el("mark", { class: cls, "data-key": m.key, title: m.key, onclick: () => focusKey(m.key) }, it.text.slice(m.start, m.end)));
      at = m.end;
    }
    text.append(it.text.slice(at));
    box.append(text);
  }

  function focusKey(key) {
    const i = itemQuestions().findIndex((q) => q.key === key);
    if (i >= 0) { cur.question = i; render(); }
  }

  function field(label, node) { return el("label", { class: "field" }, el("span", {}, label), node); }

  function renderQuestion(q, index) {
    const active = index === cur.question;
    const card = el("article", { class: `question ${q.open ? "open" : "done"} ${active ? "active" : ""}`, "data-key": q.key, onclick: () => { if (cur.question !== index) { cur.question = index; render(); } } });
    card.append(el("h3", {}, el("span", { class: "kind" }, q.singular), " ", q.mention,
      q.reference ? el("span", { class: "badge" }, "reference") : null));
    if (!q.open) {
      const j = q.judgement;
      card.append(el("p", {}, `judged: ${j.decision}${j.entity ? " → " + j.entity : ""}`, " ",
        el("button", { type: "button", class: "undo", onclick: () => undo(q) }, "Undo (u)")));
      return card;
    }
    const p = q.proposal;
    const kind = el("select", { name: "kind" }, ...state.kinds.map((k) => el("option", { value: k, selected: k === q.kind }, k)));
    const name = el("input", { name: "name", value: p.name, size: 30 });
    const id = el("input", { name: "id", value: p.id, size: 24 });
    const country = el("select", { name: "country" }, ...["", "US", "MX", "CA", "other"].map((c) => el("option", { value: c, selected: c === (p.country || "") }, c || "—")));
    const pillar = el("input", { name: "pillar", value: p.pillar || "", size: 16, placeholder: "institutions only" });
    const parent = el("input", { name: "parent", value: "", size: 20, placeholder: "id" });
    const acceptForm = el("div", { class: "accept" }, field("kind", kind), field("name", name), field("id", id),
      field("country", country), field("pillar", pillar), field("parent", parent),
      el("button", { type: "button", class: "do-accept", onclick: () => accept(q, { kind: kind.value, name: name.value, country: country.value, pillar: pillar.value, parent: parent.value }, id.value) }, "Accept as new (a)"));
    const cands = el("ol", { class: "candidates" }, ...q.candidates.map((c, n) =>
      el("li", {}, el("button", { type: "button", class: "do-merge", "data-entity": c.id, onclick: () => merge(q, c.id) }, `Merge (${n + 1})`), " ",
        el("a", { href: c.url, target: "_blank", rel: "noopener noreferrer" }, c.name), ` ${c.id} · ${c.score.toFixed(2)}`)));
    const other = el("input", { name: "merge-id", size: 24, placeholder: "or another id" });
    card.append(el("p", { class: "muted" }, `proposed as ${p.id}` + (p.country ? `, ${p.country}` : "")),
      acceptForm,
      el("h4", {}, "Merge into a known entity"), q.candidates.length ? cands : el("p", { class: "muted" }, "no candidate"),
      el("p", {}, other, el("button", { type: "button", onclick: () => other.value && merge(q, other.value) }, "Merge")),
      el("p", {}, el("button", { type: "button", class: "do-reject", onclick: () => reject(q, "not-an-entity") }, "Not an entity (x)"), " ",
        el("button", { type: "button", class: "do-not-in-event", onclick: () => reject(q, "not-in-event") }, "Not in this event (e)")));
    return card;
  }

  function renderRecord() {
    const it = item();
    const ev = it.record.event;
    const box = $("#record");
    box.replaceChildren();
    const date = el("input", { id: "date", name: "date", value: ev.date || "", size: 12, placeholder: "YYYY-MM-DD" });
    const type = el("select", { id: "type", name: "type" }, ...state.event_types.map((t) => el("option", { value: t, selected: t === ev.type }, t)));
    const parts = (ev.participants || []).map((p) => el("li", {}, `${p.person}`, p.post ? ` · post ${p.post}` : "", p.role ? ` · ${p.role}` : ""));
    const partsText = el("textarea", { id: "participants", rows: 3, cols: 40, title: "one per line: person id, post id (optional)" },
      (ev.participants || []).map((p) => p.person + (p.post ? ", " + p.post : "")).join("\n"));
    const insts = el("input", { id: "institutions", value: (ev.institutions || []).join(", "), size: 40 });
    box.append(el("h2", {}, it.title),
      el("form", { class: "item", onsubmit: (e) => { e.preventDefault(); saveItem(date.value, type.value, partsText.value, insts.value); } },
        field("date", date), field("event type", type),
        el("div", { class: "field" }, el("span", {}, "participants"), el("ul", {}, ...parts)),
        field("participants (person, post)", partsText), field("institutions", insts),
        el("button", { type: "submit", id: "save-item" }, "Save item")));
    const qs = itemQuestions();
    box.append(el("h2", {}, `Proposals (${qs.filter((q) => q.open).length} open)`), ...qs.map(renderQuestion));
  }

  function render() {
    if (cur.draft >= state.drafts.length) cur.draft = 0;
    if (cur.item >= draft().items.length) cur.item = 0;
    if (cur.question >= itemQuestions().length) cur.question = Math.max(0, itemQuestions().length - 1);
    $("#where").textContent = `${draft().report} — ${draft().title}`;
    $("#left").textContent = state.left ? `${state.left} left to judge` : "all judged: finish when the items are right";
    $("#left").className = state.left ? "open" : "done";
    renderSource();
    renderRecord();
  }

  const nextOpen = () => { const i = itemQuestions().findIndex((q) => q.open); if (i >= 0) cur.question = i; };
  async function judge(q, body) { if (await post("judge", { report: draft().report, key: q.key, ...body })) { nextOpen(); render(); } }
  const accept = (q, record, id) => judge(q, { decision: "new", entity: id, record });
  const merge = (q, entity) => judge(q, { decision: "entity", entity });
  const reject = (q, decision) => judge(q, { decision });
  const undo = (q) => post("undo", { report: draft().report, key: q.key });
  function saveItem(date, type, participants, institutions) {
    const changes = { date, type };
    const people = participants.split("\n").map((l) => l.trim()).filter(Boolean).map((l) => {
      const [person, post] = l.split(",").map((s) => s.trim());
      const known = (item().record.event.participants || []).find((p) => p.person === person) || {};
      return { ...known, person, post: post || null };
    });
    changes.participants = people;
    changes.institutions = institutions.split(",").map((s) => s.trim()).filter(Boolean);
    return post("item", { report: draft().report, position: item().position, changes });
  }

  document.addEventListener("keydown", (e) => {
    if (e.target.closest("input, textarea, select")) { if (e.key === "Escape") e.target.blur(); return; }
    const q = question();
    const qs = itemQuestions();
    if (e.key === "j" || e.key === "ArrowDown") { cur.question = Math.min(qs.length - 1, cur.question + 1); render(); }
    else if (e.key === "k" || e.key === "ArrowUp") { cur.question = Math.max(0, cur.question - 1); render(); }
    else if (e.key === "n") { if (cur.item + 1 < draft().items.length) cur.item++; else if (cur.draft + 1 < state.drafts.length) { cur.draft++; cur.item = 0; } cur.question = 0; render(); }
    else if (e.key === "p") { if (cur.item > 0) cur.item--; else if (cur.draft > 0) { cur.draft--; cur.item = 0; } cur.question = 0; render(); }
    else if (e.key === "a" && q && q.open) { $(`article.active .do-accept`).click(); }
    else if (/^[1-9]$/.test(e.key) && q && q.open && q.candidates[Number(e.key) - 1]) { merge(q, q.candidates[Number(e.key) - 1].id); }
    else if (e.key === "x" && q && q.open) { reject(q, "not-an-entity"); }
    else if (e.key === "e" && q && q.open) { reject(q, "not-in-event"); }
    else if (e.key === "u" && q && !q.open) { undo(q); }
    else if (e.key === "d") { e.preventDefault(); $("#date").focus(); }
    else if (e.key === "F" && e.shiftKey) { $("#finish").click(); }
    else return;
    e.preventDefault();
  });
  $("#finish").addEventListener("click", () => post("finish", {}));
  fetch("/api/state").then((r) => r.json()).then((s) => { state = s; nextOpen(); render(); document.body.dataset.ready = "1"; });
})();
