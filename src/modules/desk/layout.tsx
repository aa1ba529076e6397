/**
 * The desk's page shell: a top bar (office, sections, language, sign-out) and the page. No inline script
 * or style anywhere, so the strict CSP holds while pages show what citizens typed.
 */
import type { Child } from "hono/jsx";
import type { DeskUser, Locale } from "./context.ts";
import { common } from "./words.ts";

export const CSP = [
  "default-src 'self'",
  "img-src 'self' data: blob:",
  "object-src 'none'",
  "frame-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

// htmx swaps error responses into the toast (the server retargets them); it must never inject styles.
const HTMX_CONFIG = JSON.stringify({
  includeIndicatorStyles: false,
  allowScriptTags: false,
  allowEval: false,
  historyCacheSize: 0,
  responseHandling: [
    { code: "204", swap: false },
    { code: "[23]..", swap: true },
    { code: "[45]..", swap: true, error: true },
  ],
});

const Head = ({ title }: { title: string }) => (
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="htmx-config" content={HTMX_CONFIG} />
    <title>{title}</title>
    <link rel="stylesheet" href="/desk/assets/desk.css" />
    <script src="/desk/assets/htmx.min.js" defer></script>
    <script src="/desk/assets/sse.js" defer></script>
    <script src="/desk/assets/desk.js" defer></script>
  </head>
);

type NavKey = "queues" | "complaints" | "supervisor" | "reports" | "broadcasts" | "admin" | "account";

const NAV: Array<{ key: NavKey; href: string; show: (u: DeskUser) => boolean }> = [
  { key: "queues", href: "/desk", show: () => true },
  {
    key: "complaints",
    href: "/desk/complaints",
    show: (u) => u.role === "operator" || u.role === "supervisor",
  },
  { key: "supervisor", href: "/desk/supervisor", show: (u) => u.role === "supervisor" },
  { key: "broadcasts", href: "/desk/broadcasts", show: (u) => u.role === "supervisor" || u.role === "admin" },
  { key: "reports", href: "/desk/reports", show: (u) => u.role !== "operator" },
  { key: "admin", href: "/desk/admin", show: (u) => u.role === "admin" },
  { key: "account", href: "/desk/account", show: () => true },
];

const TopBar = ({ user, active, officeName }: { user: DeskUser; active?: NavKey; officeName: string }) => {
  const l = user.locale;
  return (
    <header class="topbar">
      <span class="brand">{officeName}</span>
      <nav class="topnav" aria-label={common(l, "appName")}>
        {NAV.filter((n) => n.show(user)).map((n) => (
          <a href={n.href} aria-current={n.key === active ? "page" : undefined}>
            {common(l, n.key)}
          </a>
        ))}
      </nav>
      <span class="who">
        {user.displayName} · <span class="role">{user.role}</span>
      </span>
      <span
        class="live"
        id="live-status"
        role="status"
        data-online={common(l, "live")}
        data-offline={common(l, "offline")}
      >
        {common(l, "live")}
      </span>
      <form method="post" action="/desk/locale" class="inline">
        <input type="hidden" name="_csrf" value={user.csrfToken} />
        <input type="hidden" name="locale" value={l === "id" ? "en" : "id"} />
        <button type="submit" class="link" lang={l === "id" ? "en" : "id"}>
          {common(l, "language")}
        </button>
      </form>
      <form method="post" action="/logout" class="inline">
        <input type="hidden" name="_csrf" value={user.csrfToken} />
        <button type="submit" class="link">
          {common(l, "signOut")}
        </button>
      </form>
    </header>
  );
};

/** A signed-in page. `live` pages listen to the desk's event stream for changes. */
export const DeskPage = (o: {
  user: DeskUser;
  title: string;
  officeName: string;
  active?: NavKey;
  live?: boolean;
  children: Child;
}) => (
  <html lang={o.user.locale}>
    <Head title={`${o.title} · Lontar`} />
    <body
      hx-headers={JSON.stringify({ "X-CSRF-Token": o.user.csrfToken })}
      {...(o.live ? { "hx-ext": "sse", "sse-connect": "/desk/events" } : {})}
    >
      <a class="skip" href="#main">
        {common(o.user.locale, "skip")}
      </a>
      <TopBar user={o.user} active={o.active} officeName={o.officeName} />
      <main id="main" tabindex={-1}>
        {o.children}
      </main>
      <div id="toast" role="alert" aria-live="assertive"></div>
    </body>
  </html>
);

/** A page for someone not signed in (login, second factor). */
export const GuestPage = (o: { locale: Locale; title: string; children: Child }) => (
  <html lang={o.locale}>
    <Head title={`${o.title} · Lontar`} />
    <body class="guest">
      <main id="main" class="card">
        {o.children}
      </main>
    </body>
  </html>
);

/** A small message box: empty states, errors, confirmations. */
export const Notice = (o: { kind: "empty" | "error" | "ok"; children: Child }) => (
  <div class={`notice ${o.kind}`} role={o.kind === "error" ? "alert" : "status"}>
    {o.children}
  </div>
);

type Renderable = { toString(): string | Promise<string> };

/** A fragment as text (for htmx swaps); hono/jsx escapes every interpolated value. */
export const render = async (node: Renderable | Promise<Renderable>): Promise<string> =>
  await (await node).toString();

export const renderPage = async (node: Renderable | Promise<Renderable>) =>
  `<!doctype html>${await render(node)}`;
