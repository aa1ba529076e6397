/** The admin pages' frame (section tabs, message) and the helpers every admin route shares. */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Child } from "hono/jsx";
import type { AdminContext } from "../../operators/accounts.service.ts";
import { isDomainError } from "../../shared/domain-error.ts";
import type { DeskDeps, DeskUser, Locale } from "../context.ts";
import { domainErrorText } from "../errors.tsx";
import { DeskPage, Notice } from "../layout.tsx";
import { redirect } from "../session.ts";
import { defineWords } from "../words.ts";

export type AdminTab =
  | "users"
  | "numbers"
  | "canned"
  | "templates"
  | "calendar"
  | "catalogue"
  | "storage"
  | "audit";
export const ADMIN_TABS: readonly AdminTab[] = [
  "users",
  "numbers",
  "canned",
  "templates",
  "calendar",
  "catalogue",
  "storage",
  "audit",
];
export type Message = { kind: "ok" | "error"; text: string };

export const tabLabel = defineWords<AdminTab | "title" | "sections">({
  id: {
    title: "Admin",
    sections: "Bagian admin",
    users: "Pengguna",
    numbers: "Nomor WhatsApp",
    canned: "Balasan cepat",
    templates: "Template",
    calendar: "Jam layanan & hari libur",
    catalogue: "Katalog layanan",
    storage: "Penyimpanan",
    audit: "Audit",
  },
  en: {
    title: "Admin",
    sections: "Admin sections",
    users: "Users",
    numbers: "WhatsApp numbers",
    canned: "Canned responses",
    templates: "Templates",
    calendar: "Office hours & holidays",
    catalogue: "Service catalogue",
    storage: "Storage",
    audit: "Audit",
  },
});

export const AdminPage = (o: {
  user: DeskUser;
  deps: DeskDeps;
  tab?: AdminTab;
  title: string;
  message?: Message;
  children: Child;
}) => {
  const l = o.user.locale;
  return (
    <DeskPage
      user={o.user}
      title={`${o.title} · ${tabLabel(l, "title")}`}
      officeName={o.deps.citizen.catalogue.office.name[l]}
      active="admin"
    >
      <div class="manage">
        <nav aria-label={tabLabel(l, "sections")}>
          <ul class="manage-tabs">
            {ADMIN_TABS.map((t) => (
              <li>
                <a href={`/desk/admin/${t}`} aria-current={t === o.tab ? "page" : undefined}>
                  {tabLabel(l, t)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <h1>{o.title}</h1>
        {o.message && <Notice kind={o.message.kind}>{o.message.text}</Notice>}
        {o.children}
      </div>
    </DeskPage>
  );
};

export const Csrf = ({ user }: { user: DeskUser }) => (
  <input type="hidden" name="_csrf" value={user.csrfToken} />
);

export const adminContext = (deps: DeskDeps, user: DeskUser, ip?: string): AdminContext => ({
  officeId: user.officeId,
  adminId: user.id,
  now: deps.citizen.now(),
  ip,
});

/** `?done=key` after a redirect, said with the page's own words. */
export const doneMessage = (
  words: (l: Locale, k: never) => string,
  l: Locale,
  query: unknown,
): Message | undefined => {
  const done = (query as { done?: string } | undefined)?.done;
  const text = done ? (words as (l: Locale, k: string) => string | undefined)(l, `done_${done}`) : undefined;
  return text ? { kind: "ok", text } : undefined;
};

/**
 * Runs an admin change: on success back to `to` (PRG); a refusal re-renders the page with its reason (422),
 * in the page's own words when it has them.
 */
export const attempt = async (
  req: FastifyRequest,
  reply: FastifyReply,
  o: {
    words: (l: Locale, k: never) => string;
    run: () => Promise<string>;
    back: (message: Message, status: number) => Promise<unknown>;
  },
) => {
  try {
    return redirect(req, reply, await o.run());
  } catch (error) {
    // Unknown or other offices' records stay 404 (the desk error handler), like everywhere in the desk.
    if (!isDomainError(error) || error.code.endsWith("_not_found")) throw error;
    const l = req.deskUser?.locale ?? "id";
    const own = (o.words as (l: Locale, k: string) => string | undefined)(l, error.code);
    return o.back({ kind: "error", text: own ?? domainErrorText(l, error.code) }, 422);
  }
};

/** Form fields that may come once or many times (checkbox groups). */
export const many = (v: string | string[] | undefined): string[] => (v === undefined ? [] : [v].flat());
