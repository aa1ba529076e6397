/**
 * The phone simulator page: picks a citizen, sends through the JSON API and keeps the chat live
 * with Server-Sent Events. Messages are upserted by id, ordered by the server's `seq`.
 */
import { el, renderMessage, summary } from "./render.js";

const $ = (id) => document.getElementById(id);
const STORAGE_KEY = "lontar-sim-citizen";

const state = { phone: "", name: "", source: undefined, generation: 0, requests: 0, rows: new Map() };
let noticeTimer;

const notify = (text, kind = "error") => {
  const box = $("error");
  box.textContent = text;
  box.className = `error ${kind}`;
  box.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => (box.hidden = true), kind === "error" ? 8000 : 4000);
};
const clearNotice = () => {
  $("error").hidden = true;
};

const api = async (url, init) => {
  let res;
  try {
    res = await fetch(url, init);
  } catch {
    throw new Error("Tidak bisa menghubungi Lontar. Periksa apakah server masih berjalan.");
  }
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data.error || `Permintaan gagal (HTTP ${res.status}).`);
  return data;
};

const chat = $("chat");
const nearBottom = () => chat.scrollHeight - chat.scrollTop - chat.clientHeight < 80;
const scrollToBottom = () => {
  chat.scrollTop = chat.scrollHeight;
};

const upsert = (m) => {
  const existing = state.rows.get(m.id);
  const stick = nearBottom();
  const node = renderMessage(m, actions);
  if (existing) existing.node.replaceWith(node);
  else {
    // Usually the newest; a catch-up fetch after a reconnect may fill in older ones.
    let before;
    for (const r of state.rows.values()) {
      if (r.message.seq > m.seq && (!before || r.message.seq < before.message.seq)) before = r;
    }
    $("messages").insertBefore(node, before ? before.node : null);
  }
  state.rows.set(m.id, { message: m, node });
  if (stick || (!existing && m.from === "citizen")) scrollToBottom();
  // Images change the height once loaded; keep following the conversation.
  for (const img of node.querySelectorAll("img"))
    img.addEventListener("load", () => stick && scrollToBottom());
};

const historyUrl = (phone) => `/sim/api/history?phone=${encodeURIComponent(phone)}`;

const connect = (generation) => {
  const source = new EventSource(`/sim/api/events?phone=${encodeURIComponent(state.phone)}`);
  state.source = source;
  source.onmessage = (event) => {
    if (generation === state.generation) upsert(JSON.parse(event.data));
  };
  // (Re)connected: fetch the history so anything sent while the stream was down shows up.
  source.onopen = async () => {
    $("status").textContent = `Anda: ${state.name} · ${state.phone}`;
    try {
      const data = await api(historyUrl(state.phone));
      if (generation === state.generation) data.messages.forEach(upsert);
    } catch (error) {
      notify(error.message);
    }
  };
  source.onerror = () => {
    if (generation === state.generation) $("status").textContent = "Menyambung ulang…";
  };
};

const syncPreset = (phone) => {
  const preset = $("preset");
  preset.value = [...preset.options].some((o) => o.value === phone) ? phone : "";
};

const openChat = async (rawPhone, rawName) => {
  // A refused number leaves the open chat (and its live stream) as it was.
  const request = ++state.requests;
  let data;
  try {
    data = await api(historyUrl(rawPhone));
  } catch (error) {
    notify(error.message);
    return;
  }
  if (request !== state.requests) return;
  const generation = ++state.generation;
  state.source?.close();
  clearNotice();
  state.phone = data.phone;
  state.name = rawName.trim() || "Warga";
  $("phone").value = data.phone;
  $("name").value = state.name;
  syncPreset(data.phone);
  localStorage.setItem(STORAGE_KEY, JSON.stringify({ phone: state.phone, name: state.name }));
  state.rows.clear();
  $("messages").replaceChildren();
  data.messages.forEach(upsert);
  scrollToBottom();
  connect(generation);
};

const send = async (payload) => {
  if (!state.phone) {
    notify("Pilih atau ketik nomor warga dulu, lalu tekan Buka.");
    return false;
  }
  try {
    await api("/sim/api/messages", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ phone: state.phone, name: state.name, ...payload }),
    });
    return true;
  } catch (error) {
    notify(error.message);
    return false;
  }
};

const sheet = $("sheet");
const closeSheet = () => {
  sheet.hidden = true;
};

const openList = (m) => {
  $("sheet-title").textContent = m.content.buttonLabel;
  const body = $("sheet-body");
  body.replaceChildren();
  for (const section of m.content.sections) {
    if (section.title) body.append(el("h3", "", section.title));
    for (const r of section.rows) {
      const option = el("button", "option");
      option.type = "button";
      option.append(el("span", "option-title", r.title));
      if (r.description) option.append(el("small", "", r.description));
      option.addEventListener("click", () => {
        closeSheet();
        send({ type: "list_reply", contextWamid: m.id, id: r.id });
      });
      body.append(option);
    }
  }
  sheet.hidden = false;
  body.querySelector("button")?.focus();
};

const actions = {
  tapButton: (m, b) => send({ type: "button_reply", contextWamid: m.id, id: b.id }),
  tapTemplate: (m, b) => send({ type: "template_button", contextWamid: m.id, index: b.index }),
  openList,
  quote: (wamid) => {
    const r = state.rows.get(wamid);
    return r ? summary(r.message) : undefined;
  },
};

for (const node of sheet.querySelectorAll("[data-close]")) node.addEventListener("click", closeSheet);
document.addEventListener("keydown", (e) => e.key === "Escape" && closeSheet());

const text = $("text");
const grow = () => {
  text.style.height = "auto";
  text.style.height = `${Math.min(text.scrollHeight, 120)}px`;
};
text.addEventListener("input", grow);
text.addEventListener("keydown", (e) => {
  // Enter sends, Shift+Enter is a new line; never while an IME is composing a word.
  if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    $("composer").requestSubmit();
  }
});

$("composer").addEventListener("submit", async (e) => {
  e.preventDefault();
  const body = text.value;
  text.value = "";
  grow();
  text.focus();
  if (!(await send({ type: "text", text: body })) && text.value === "") {
    text.value = body;
    grow();
  }
});

$("file").addEventListener("change", async (e) => {
  const input = e.target;
  const file = input.files?.[0];
  input.value = "";
  if (!file) return;
  if (!state.phone) return notify("Pilih atau ketik nomor warga dulu, lalu tekan Buka.");
  const form = new FormData();
  form.append("phone", state.phone);
  form.append("name", state.name);
  form.append("file", file, file.name);
  notify(`Mengunggah ${file.name}…`, "info");
  try {
    await api("/sim/api/upload", { method: "POST", body: form });
    clearNotice();
  } catch (error) {
    notify(error.message);
  }
});

$("preset").addEventListener("change", (e) => {
  const option = e.target.selectedOptions[0];
  if (!option?.value) {
    $("phone").value = "";
    $("name").value = "";
    $("phone").focus();
    return;
  }
  openChat(option.value, option.dataset.name ?? "");
});

$("citizen").addEventListener("submit", (e) => {
  e.preventDefault();
  openChat($("phone").value, $("name").value);
});

const saved = (() => {
  try {
    return JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "null");
  } catch {
    return null;
  }
})();
const first = $("preset").options[0];
openChat(saved?.phone ?? first.value, saved?.name ?? first.dataset.name ?? "");
