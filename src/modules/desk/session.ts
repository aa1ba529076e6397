/**
 * Who is asking, on every desk request: the session cookie is looked up in the database (so a revoked
 * session ends at once, on every instance), the CSRF token checked on every state change, and a person
 * who must change their password or enter their code sent there first.
 */
import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { parseCookies, serializeCookie } from "../../platform/http/cookies.ts";
import { loadSession } from "../operators/auth.service.ts";
import type { Role } from "../operators/operators.service.ts";
import type { DeskDeps, DeskUser, Locale } from "./context.ts";
import { common } from "./words.ts";

export const SESSION_COOKIE = "lontar_session";
export const LANG_COOKIE = "lontar_lang";

export const isSecure = (deps: Pick<DeskDeps, "secureCookies">, req: FastifyRequest) =>
  deps.secureCookies === "auto" ? req.protocol === "https" : deps.secureCookies;

export const setSessionCookie = (deps: DeskDeps, req: FastifyRequest, reply: FastifyReply, token: string) =>
  reply.header(
    "set-cookie",
    serializeCookie(SESSION_COOKIE, token, { secure: isSecure(deps, req), sameSite: "Lax" }),
  );

export const clearSessionCookie = (deps: DeskDeps, req: FastifyRequest, reply: FastifyReply) =>
  reply.header(
    "set-cookie",
    serializeCookie(SESSION_COOKIE, "", { secure: isSecure(deps, req), maxAgeSeconds: 0 }),
  );

export const sessionToken = (req: FastifyRequest) => parseCookies(req.headers.cookie)[SESSION_COOKIE];

/** The page language before anyone is signed in: ?lang=, then the cookie, then the browser. */
export const guestLocale = (req: FastifyRequest): Locale => {
  const asked = (req.query as { lang?: string } | undefined)?.lang;
  if (asked === "en" || asked === "id") return asked;
  const cookie = parseCookies(req.headers.cookie)[LANG_COOKIE];
  if (cookie === "en" || cookie === "id") return cookie;
  return /^en\b/i.test(req.headers["accept-language"] ?? "") ? "en" : "id";
};

const sameToken = (a: string | undefined, b: string) =>
  typeof a === "string" && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

const csrfOf = (req: FastifyRequest) =>
  (req.headers["x-csrf-token"] as string | undefined) ??
  (req.body && typeof req.body === "object" ? (req.body as { _csrf?: string })._csrf : undefined);

const isHtmx = (req: FastifyRequest) => req.headers["hx-request"] === "true";

/** Sends a browser somewhere, also from inside an htmx swap (which would otherwise follow it inline). */
export const redirect = (req: FastifyRequest, reply: FastifyReply, to: string) =>
  isHtmx(req) ? reply.header("hx-redirect", to).code(204).send() : reply.redirect(to, 303);

const toLogin = (req: FastifyRequest, reply: FastifyReply) => {
  const next = req.method === "GET" && !isHtmx(req) ? `?next=${encodeURIComponent(req.url)}` : "";
  if (req.method !== "GET" && !isHtmx(req)) {
    return reply.code(401).type("text/plain; charset=utf-8").send("Sesi berakhir. Silakan masuk lagi.");
  }
  return redirect(req, reply, `/login${next}`);
};

/** Paths a signed-in person may use before changing their password. */
const BEFORE_PASSWORD_CHANGE = ["/desk/password", "/logout"];

export const registerSession = (app: FastifyInstance, deps: DeskDeps) => {
  app.decorateRequest("deskUser", null);
  app.addHook("preHandler", async (req, reply) => {
    const token = sessionToken(req);
    const signedIn = token
      ? await deps.database.db.transaction((tx) => loadSession(tx, token, deps.citizen.now(), deps.policy))
      : undefined;
    if (!signedIn) return toLogin(req, reply);
    const { session, operator, services } = signedIn;
    if (session.pendingSecondFactor) return redirect(req, reply, "/login/totp");
    const user: DeskUser = {
      id: operator.id,
      officeId: operator.officeId,
      username: operator.username,
      displayName: operator.displayName,
      role: operator.role as Role,
      locale: operator.locale === "en" ? "en" : "id",
      services,
      csrfToken: session.csrfToken,
      sessionHash: session.tokenHash,
    };
    if (!["GET", "HEAD"].includes(req.method) && !sameToken(csrfOf(req), session.csrfToken)) {
      return reply.code(403).type("text/plain; charset=utf-8").send(common(user.locale, "csrf"));
    }
    req.deskUser = user;
    const path = req.url.split("?")[0]!;
    if (operator.mustChangePassword && !BEFORE_PASSWORD_CHANGE.includes(path)) {
      return redirect(req, reply, "/desk/password");
    }
  });
};

/** The signed-in person; the session hook guarantees one on every route it guards. */
export const userOf = (req: FastifyRequest): DeskUser => {
  if (!req.deskUser) throw new Error("desk route without the session hook");
  return req.deskUser;
};
