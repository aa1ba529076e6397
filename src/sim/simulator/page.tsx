/**
 * The simulator page (server-rendered shell) and its static assets. The page has no inline script
 * or style, so a strict CSP holds even though it shows untrusted message text.
 */
import { readFileSync } from "node:fs";
import type { FastifyInstance } from "fastify";

export type Preset = { name: string; phone: string };

export const DEFAULT_PRESETS: Preset[] = [
  { name: "Maria", phone: "6281234500001" },
  { name: "Yohanes", phone: "6281234500002" },
  { name: "Dewi", phone: "6281234500003" },
  { name: "Agus", phone: "6281234500004" },
];

const asset = (file: string) => readFileSync(new URL(`./client/${file}`, import.meta.url), "utf8");
const ASSETS: Record<string, { body: string; type: string }> = {
  "/sim/app.js": { body: asset("app.js"), type: "text/javascript; charset=utf-8" },
  "/sim/render.js": { body: asset("render.js"), type: "text/javascript; charset=utf-8" },
  // One stylesheet for the browser, kept in three files for the humans.
  "/sim/app.css": {
    body: ["app.css", "chat.css", "sheet.css"].map(asset).join("\n"),
    type: "text/css; charset=utf-8",
  },
};

const CSP = [
  "default-src 'self'",
  "img-src 'self' data: blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter((w) => /^[A-Z]/.test(w))
    .slice(0, 2)
    .map((w) => w[0])
    .join("") || "L";

const SendIcon = () => (
  <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
    <path fill="currentColor" d="M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z" />
  </svg>
);

const ClipIcon = () => (
  <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
    <path
      fill="currentColor"
      d="M16.5 6.5v10.6a4.5 4.5 0 0 1-9 0V5.8a3 3 0 0 1 6 0v10.3a1.5 1.5 0 0 1-3 0V6.5H9v9.6a3 3 0 0 0 6 0V5.8a4.5 4.5 0 0 0-9 0v11.3a6 6 0 0 0 12 0V6.5z"
    />
  </svg>
);

const Page = ({ officeName, presets }: { officeName: string; presets: Preset[] }) => (
  <html lang="id">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
      <meta name="theme-color" content="#008069" />
      <title>Simulator WhatsApp warga · {officeName}</title>
      <link rel="stylesheet" href="/sim/app.css" />
      <script type="module" src="/sim/app.js" />
    </head>
    <body>
      <main class="phone">
        <form id="citizen" class="controls" autocomplete="off">
          <label class="field preset">
            <span>Warga</span>
            <select id="preset">
              {presets.map((p) => (
                <option value={p.phone} data-name={p.name}>
                  {p.name} ({p.phone})
                </option>
              ))}
              <option value="">Nomor lain…</option>
            </select>
          </label>
          <label class="field">
            <span>Nomor warga</span>
            <input id="phone" inputmode="numeric" placeholder="6281234567890" maxlength={20} />
          </label>
          <label class="field">
            <span>Nama</span>
            <input id="name" placeholder="Nama di WhatsApp" maxlength={60} />
          </label>
          <button type="submit" class="open">
            Buka
          </button>
        </form>
        <header class="topbar">
          <div class="avatar" aria-hidden="true">
            {initials(officeName)}
          </div>
          <div class="who">
            <h1>{officeName}</h1>
            <p id="status">Akun bisnis · simulator</p>
          </div>
        </header>
        <section id="chat" class="chat" aria-label="Obrolan">
          <p class="notice">
            <strong>Simulator</strong>, bukan WhatsApp sungguhan: pesan dikirim ke Lontar lewat Cloud API
            tiruan.
          </p>
          <ol id="messages" class="messages" aria-live="polite" />
        </section>
        <p id="error" class="error" role="alert" hidden />
        <form id="composer" class="composer">
          <label class="attach" title="Lampirkan foto/PDF">
            <input id="file" type="file" accept="image/jpeg,image/png,image/webp,application/pdf" />
            <ClipIcon />
            <span class="sr">Lampirkan foto/PDF</span>
          </label>
          <textarea id="text" rows={1} placeholder="Ketik pesan" aria-label="Ketik pesan" maxlength={4096} />
          <button id="send" type="submit" class="send" title="Kirim" aria-label="Kirim">
            <SendIcon />
          </button>
        </form>
        <div id="sheet" class="sheet" hidden>
          <div class="sheet-backdrop" data-close="1" />
          <div class="sheet-panel" role="dialog" aria-modal="true" aria-labelledby="sheet-title">
            <div class="sheet-head">
              <button type="button" class="sheet-close" data-close="1" aria-label="Tutup">
                ✕
              </button>
              <h2 id="sheet-title">Pilih</h2>
            </div>
            <div id="sheet-body" class="sheet-body" />
          </div>
        </div>
      </main>
    </body>
  </html>
);

export const registerPage = (app: FastifyInstance, o: { officeName: string; presets: Preset[] }) => {
  app.get("/sim", async (_req, reply) => {
    const html = `<!doctype html>${await (<Page {...o} />).toString()}`;
    return reply
      .type("text/html; charset=utf-8")
      .header("content-security-policy", CSP)
      .header("cache-control", "no-store")
      .send(html);
  });
  for (const [url, { body, type }] of Object.entries(ASSETS)) {
    app.get(url, async (_req, reply) => reply.type(type).header("cache-control", "no-cache").send(body));
  }
};
