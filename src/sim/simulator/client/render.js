/**
 * Draws one chat message (the JSON of src/sim/simulator/types.ts) as DOM nodes. Message text is
 * untrusted (citizens and Lontar write it), so it only ever goes in through textContent / append(string).
 */

const SVG = "http://www.w3.org/2000/svg";

export const el = (tag, className, text) => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
};

// WhatsApp's *bold*, _italic_, ~strike~ and ```mono```: markers must hug the text and sit at word edges.
const FORMAT = /(^|[\s([{"'])(```|[*_~])(?!\s)([^\n]*?\S)\2(?=$|[\s.,!?;:)\]}"'])/g;
const TAGS = { "*": "strong", _: "em", "~": "s", "```": "code" };

export const formatted = (text, className = "text") => {
  const p = el("p", className);
  let last = 0;
  for (const m of text.matchAll(FORMAT)) {
    const start = m.index + m[1].length;
    if (start > last) p.append(text.slice(last, start));
    p.append(el(TAGS[m[2]], "", m[3]));
    last = m.index + m[0].length;
  }
  if (last < text.length) p.append(text.slice(last));
  return p;
};

const svg = (viewBox, draw) => {
  const node = document.createElementNS(SVG, "svg");
  node.setAttribute("viewBox", viewBox);
  node.setAttribute("aria-hidden", "true");
  for (const [tag, attrs] of draw) {
    const part = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) part.setAttribute(k, v);
    node.append(part);
  }
  return node;
};

const LINE = { fill: "none", stroke: "currentColor", "stroke-width": "1.7", "stroke-linecap": "round" };
const TICKS = {
  pending: {
    label: "Mengirim…",
    draw: [
      ["circle", { ...LINE, cx: 9, cy: 6, r: 4.5 }],
      ["path", { ...LINE, d: "M9 3.5V6l1.8 1.2" }],
    ],
  },
  sent: { label: "Terkirim", draw: [["path", { ...LINE, d: "M3 6.5 6.2 9.5 12.5 2.5" }]] },
  read: {
    label: "Dibaca",
    draw: [
      ["path", { ...LINE, d: "M1.5 6.5 4.7 9.5 11 2.5" }],
      ["path", { ...LINE, d: "M7.6 9.1 8.2 9.5 14.5 2.5" }],
    ],
  },
};

export const tickIcon = (tick) => {
  const spec = TICKS[tick] ?? TICKS.pending;
  const span = el("span", `tick tick-${tick}`);
  span.setAttribute("role", "img");
  span.setAttribute("aria-label", spec.label);
  span.title = spec.label;
  span.append(svg("0 0 16 12", spec.draw));
  return span;
};

const time = (iso) => new Date(iso).toLocaleTimeString("id-ID", { hour: "2-digit", minute: "2-digit" });

const mediaUrl = (id, download) => `/sim/api/media/${encodeURIComponent(id)}${download ? "?unduh=1" : ""}`;

const image = (bubble, c) => {
  if (c.mediaId) {
    const link = el("a", "media");
    link.href = mediaUrl(c.mediaId);
    link.target = "_blank";
    link.rel = "noopener";
    const img = el("img");
    img.src = mediaUrl(c.mediaId);
    img.alt = c.caption || "Foto";
    link.append(img);
    bubble.append(link);
  } else bubble.append(el("p", "other", `Gambar dari tautan: ${c.link ?? "?"}`));
  if (c.caption) bubble.append(formatted(c.caption));
};

const documentCard = (c) => {
  const card = el("div", "doc");
  const ext = (c.filename.match(/\.([a-z0-9]{1,4})$/i)?.[1] ?? "DOC").toUpperCase();
  card.append(el("span", `doc-icon ${ext === "PDF" ? "pdf" : ""}`, ext));
  if (!c.mediaId) {
    card.append(el("span", "doc-name", `${c.filename} (tautan: ${c.link ?? "?"})`));
    return card;
  }
  const open = el("a", "doc-name", c.filename);
  open.href = mediaUrl(c.mediaId);
  open.target = "_blank";
  open.rel = "noopener";
  const save = el("a", "doc-download", "Unduh");
  save.href = mediaUrl(c.mediaId, true);
  save.download = c.filename;
  card.append(open, save);
  return card;
};

const frame = (bubble, c) => {
  if (c.header) bubble.append(el("p", "header", c.header));
  bubble.append(formatted(c.body));
  if (c.footer) bubble.append(el("p", "footer", c.footer));
};

const actionsBar = (items) => {
  const bar = el("div", "reply-buttons");
  for (const [label, onClick, className] of items) {
    const button = el("button", className ?? "", label);
    button.type = "button";
    button.addEventListener("click", onClick);
    bar.append(button);
  }
  return bar;
};

const template = (bubble, c, row, m, actions) => {
  bubble.append(el("p", "template-label", `Templat “${c.name}” · bahasa ${c.language}`));
  const h = c.header;
  if (h?.text?.length) bubble.append(el("p", "header", h.text.join(" ")));
  if (h?.mediaKind === "image" && h.mediaId) image(bubble, { mediaId: h.mediaId });
  if (h?.mediaKind === "document")
    bubble.append(documentCard({ ...h, filename: h.filename ?? "dokumen.pdf" }));
  if (c.body.length > 0) {
    const list = el("ol", "params");
    c.body.forEach((value, i) => {
      const item = el("li");
      item.append(el("span", "ph", `{{${i + 1}}}`), value);
      list.append(item);
    });
    bubble.append(list);
  } else bubble.append(el("p", "other", "(teks templat tanpa parameter)"));
  const quick = c.buttons.filter((b) => b.subType === "quick_reply");
  for (const b of c.buttons.filter((b) => b.subType !== "quick_reply")) {
    bubble.append(el("p", "other", `🔗 Tombol tautan ${b.index + 1}: …/${b.text ?? ""}`));
  }
  if (quick.length > 0) {
    row.append(
      actionsBar(quick.map((b) => [`Balasan cepat ${b.index + 1}`, () => actions.tapTemplate(m, b)])),
    );
  }
};

const CONTENT = {
  text: (bubble, c) => bubble.append(formatted(c.body)),
  reply: (bubble, c) => {
    bubble.append(formatted(c.title));
    if (c.description) bubble.append(el("p", "footer", c.description));
  },
  image: (bubble, c) => image(bubble, c),
  document: (bubble, c) => {
    bubble.append(documentCard(c));
    if (c.caption) bubble.append(formatted(c.caption));
  },
  buttons: (bubble, c, row, m, actions) => {
    frame(bubble, c);
    row.append(actionsBar(c.buttons.map((b) => [b.title, () => actions.tapButton(m, b)])));
  },
  list: (bubble, c, row, m, actions) => {
    frame(bubble, c);
    row.append(actionsBar([[`☰ ${c.buttonLabel}`, () => actions.openList(m), "list-open"]]));
  },
  template,
  other: (bubble, c) => {
    bubble.append(el("p", "other", c.label));
    if (c.text) bubble.append(formatted(c.text));
  },
};

/** One <li> per message; `actions` handles taps and looks up quoted messages. */
export const renderMessage = (m, actions) => {
  const row = el("li", `row ${m.from}`);
  row.dataset.id = m.id;
  row.dataset.from = m.from;
  if (m.tick) row.dataset.tick = m.tick;
  const bubble = el("div", `bubble kind-${m.content.kind}`);
  row.append(bubble);
  const quoted = m.replyTo ? actions.quote(m.replyTo) : undefined;
  if (quoted) bubble.append(el("div", "quote", quoted));
  (CONTENT[m.content.kind] ?? CONTENT.other)(bubble, m.content, row, m, actions);
  if (row.querySelector(".reply-buttons")) row.classList.add("has-buttons");

  const meta = el("span", "meta", time(m.at));
  if (m.from === "citizen") meta.append(tickIcon(m.tick ?? "pending"));
  // The time floats in the last line of text, as on a phone; a spacer keeps text from running under it.
  const last = bubble.lastElementChild;
  if (last?.classList.contains("text")) last.append(el("span", `spacer ${m.from}`));
  else bubble.classList.add("meta-below");
  bubble.append(meta);
  return row;
};

const SUMMARY = {
  text: (c) => c.body,
  reply: (c) => c.title,
  image: (c) => `📷 ${c.caption ?? "Foto"}`,
  document: (c) => `📄 ${c.filename}`,
  buttons: (c) => c.body,
  list: (c) => c.body,
  template: (c) => `Templat ${c.name}`,
};

/** A short plain-text summary of a message, for the quote box of replies. */
export const summary = (m) =>
  String((SUMMARY[m.content.kind] ?? ((c) => c.label))(m.content) ?? "").slice(0, 160);
