/**
 * The frame every public page shares (the office pages and receipt verification): one small cached
 * stylesheet, no script, no image files, a strict CSP. Built for a cheap phone on a weak signal.
 */

import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import QRCode from "qrcode";
import type { Locale } from "../catalogue/schema.ts";
import { pw } from "./office.words.ts";

export const PUBLIC_CSS_PATH = "/public/site.css";

/** Nothing but our own stylesheet; the QR codes are inline <svg>, which needs no img-src. */
export const PUBLIC_CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** A link to one of our pages in the page's language (Indonesian needs no parameter). */
export const localHref = (path: string, l: Locale) => (l === "en" ? `${path}?lang=en` : path);

/** A service's own page. */
export const serviceHref = (s: { code: string }, l: Locale) => localHref(`/layanan/${s.code}`, l);

export const parseLocale = (lang: unknown): Locale => (lang === "en" ? "en" : "id");

export const PublicLayout = (o: {
  locale: Locale;
  officeName: string;
  title: string;
  otherLanguageHref: string;
  /** Pages reached by a secret address (receipt codes) stay out of search engines. */
  noindex?: boolean;
  description?: string;
  footer?: Child;
  children: Child;
}) => {
  const l = o.locale;
  return (
    <html lang={l}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {o.noindex && <meta name="robots" content="noindex" />}
        {o.description && <meta name="description" content={o.description} />}
        <title>{`${o.title} · ${o.officeName}`}</title>
        <link rel="stylesheet" href={PUBLIC_CSS_PATH} />
      </head>
      <body>
        <header class="top">
          <div class="in bar">
            <a class="brand" href={localHref("/", l)}>
              {o.officeName}
            </a>
            <a class="lang" href={o.otherLanguageHref} hreflang={l === "id" ? "en" : "id"}>
              {pw(l, "otherLanguage")}
            </a>
          </div>
          <nav class="in" aria-label={pw(l, "navLabel")}>
            <ul>
              <li>
                <a href={localHref("/layanan", l)}>{pw(l, "navServices")}</a>
              </li>
              <li>
                <a href={localHref("/cek-tanda-terima", l)}>{pw(l, "navVerify")}</a>
              </li>
              <li>
                <a href={localHref("/privasi", l)}>{pw(l, "navPrivacy")}</a>
              </li>
            </ul>
          </nav>
        </header>
        <main>
          <h1>{o.title}</h1>
          {o.children}
        </main>
        {o.footer && (
          <footer>
            <div class="in">{o.footer}</div>
          </footer>
        )}
      </body>
    </html>
  );
};

/** WhatsApp emphasis (*bold*, _italic_) as HTML; everything else stays escaped text. */
export const Rich = ({ text }: { text: string }) => (
  <>
    {text
      .split(/(\*[^*\n]+\*|_[^_\n]+_)/)
      .map((part) =>
        /^\*[^*]+\*$/.test(part) ? (
          <strong>{part.slice(1, -1)}</strong>
        ) : /^_[^_]+_$/.test(part) ? (
          <em>{part.slice(1, -1)}</em>
        ) : (
          part
        ),
      )}
  </>
);

/** A QR code as inline SVG (a few kB, no extra request); `label` is what a screen reader says. */
export const qrSvg = async (text: string, label: string): Promise<Child> => {
  const svg = await QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 4 });
  const attrs = `class="qr" role="img" aria-label="${label.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`)}"`;
  // The markup is the qrcode library's own (paths and numbers); the label is escaped above.
  return raw(svg.replace(/^<svg /, `<svg ${attrs} `));
};

export const PUBLIC_CSS = `*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#eef1f4;overflow-wrap:break-word}
a{color:#0a58a8}
a:focus-visible,summary:focus-visible{outline:3px solid #b45309;outline-offset:2px}
.in,main{max-width:40rem;margin:0 auto;padding-left:1rem;padding-right:1rem}
.top{background:#0b4f6c;color:#fff}
.bar{display:flex;justify-content:space-between;align-items:flex-start;gap:.75rem}
.brand{display:block;padding:.75rem 0 .25rem;color:#fff;font-weight:700;line-height:1.3;text-decoration:none}
.lang{flex:none;padding:.75rem 0 .5rem;color:#fff;font-size:.9rem}
.top ul{display:flex;flex-wrap:wrap;gap:0 1.25rem;list-style:none;margin:0;padding:0 0 .25rem}
.top li a{display:inline-block;padding:.6rem 0;color:#fff}
main{background:#fff;padding-top:1rem;padding-bottom:2rem}
h1{font-size:1.45rem;line-height:1.25;margin:.25rem 0 .75rem}
h2{font-size:1.2rem;line-height:1.3;margin:2rem 0 .5rem}
h3{font-size:1.05rem;margin:1.25rem 0 .25rem}
.lead{font-size:1.075rem}
.scam,.free,.ok,.problem{padding:.75rem 1rem;border-radius:.5rem;margin:1rem 0}
.scam{background:#fff4e5;color:#4d2600;border-left:.4rem solid #b45309}
.free,.ok{background:#e6f4ea;color:#0d5223}
.ok{font-weight:600}
.problem{background:#fdecea;color:#7a1c12}
.card{border:1px solid #cfd6de;border-radius:.75rem;padding:1rem;margin:1rem 0}
.card h3{margin-top:0}
.num{font-size:1.4rem;font-weight:700;margin:.25rem 0 .75rem;white-space:nowrap}
.btn{display:flex;align-items:center;justify-content:center;min-height:3rem;padding:.6rem 1rem;border-radius:.5rem;background:#0b6b3a;color:#fff;font-weight:700;text-align:center;text-decoration:none}
.btn:focus-visible{outline:3px solid #b45309;outline-offset:2px}
.qr{display:block;width:11rem;height:11rem;margin:1rem auto .25rem}
.muted,.note{color:#4f5a66;font-size:.9rem}
.center{text-align:center}
ul,ol{padding-left:1.25rem}
li{margin:.2rem 0}
.links{list-style:none;padding:0}
.links a{display:inline-block;padding:.45rem 0}
.meta{color:#3d4650;font-size:.95rem}
.svc{border-top:1px solid #e2e6ea;padding-top:.25rem}
summary{padding:.6rem 0;font-weight:600;cursor:pointer}
dl{margin:1rem 0}
dt{color:#4f5a66;font-size:.875rem}
dd{margin:0 0 .75rem;font-weight:600}
footer{padding:1.5rem 0 2.5rem;font-size:.95rem}
footer h2{font-size:1rem;margin:0 0 .25rem}
pre{white-space:pre-wrap;font:inherit}
`;
