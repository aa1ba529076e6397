/**
 * Signing in and out: /login (password), /login/totp (second factor), /logout, and the forced or voluntary
 * password change. Wrong names and wrong passwords get the same answer.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { serializeCookie } from "../../platform/http/cookies.ts";
import { createThrottle } from "../../platform/http/throttle.ts";
import { confirmSecondFactor, loadSession, login, logout } from "../operators/auth.service.ts";
import type { DeskDeps, Locale } from "./context.ts";
import { GuestPage, Notice } from "./layout.tsx";
import { sendPage } from "./respond.ts";
import {
  clearSessionCookie,
  guestLocale,
  isSecure,
  LANG_COOKIE,
  redirect,
  sessionToken,
  setSessionCookie,
} from "./session.ts";
import { defineWords, formatDateTime } from "./words.ts";

const w = defineWords({
  id: {
    title: "Masuk",
    heading: "Masuk ke meja layanan",
    username: "Nama pengguna",
    password: "Kata sandi",
    submit: "Masuk",
    invalid: "Nama pengguna atau kata sandi salah.",
    locked:
      "Akun dikunci sampai {until} karena terlalu banyak percobaan yang salah. Hubungi admin bila mendesak.",
    throttled: "Terlalu banyak percobaan dari komputer ini. Tunggu beberapa menit lalu coba lagi.",
    missing: "Isi nama pengguna dan kata sandi.",
    totpTitle: "Kode verifikasi",
    totpLabel: "Kode 6 angka dari aplikasi autentikator",
    totpSubmit: "Verifikasi",
    totpWrong: "Kode salah atau sudah kedaluwarsa. Coba kode yang terbaru.",
    switchLang: "English",
    signedOut: "Anda sudah keluar.",
  },
  en: {
    title: "Sign in",
    heading: "Sign in to the service desk",
    username: "Username",
    password: "Password",
    submit: "Sign in",
    invalid: "Wrong username or password.",
    locked:
      "The account is locked until {until} after too many wrong attempts. Ask an admin if it is urgent.",
    throttled: "Too many attempts from this computer. Wait a few minutes and try again.",
    missing: "Enter your username and password.",
    totpTitle: "Verification code",
    totpLabel: "6-digit code from your authenticator app",
    totpSubmit: "Verify",
    totpWrong: "Wrong or expired code. Try the newest one.",
    switchLang: "Bahasa Indonesia",
    signedOut: "You have signed out.",
  },
});

const LoginForm = (o: { l: Locale; error?: string; info?: string; username?: string; next?: string }) => (
  <GuestPage locale={o.l} title={w(o.l, "title")}>
    <h1>{w(o.l, "heading")}</h1>
    {o.error && <Notice kind="error">{o.error}</Notice>}
    {o.info && <Notice kind="ok">{o.info}</Notice>}
    <form method="post" action="/login" class="stack">
      <input type="hidden" name="next" value={o.next ?? ""} />
      <label>
        {w(o.l, "username")}
        <input name="username" autocomplete="username" required autofocus value={o.username ?? ""} />
      </label>
      <label>
        {w(o.l, "password")}
        <input name="password" type="password" autocomplete="current-password" required />
      </label>
      <button type="submit" class="primary">
        {w(o.l, "submit")}
      </button>
    </form>
    <p>
      <a href={`/login?lang=${o.l === "id" ? "en" : "id"}`} lang={o.l === "id" ? "en" : "id"}>
        {w(o.l, "switchLang")}
      </a>
    </p>
  </GuestPage>
);

const TotpForm = (o: { l: Locale; error?: string }) => (
  <GuestPage locale={o.l} title={w(o.l, "totpTitle")}>
    <h1>{w(o.l, "totpTitle")}</h1>
    {o.error && <Notice kind="error">{o.error}</Notice>}
    <form method="post" action="/login/totp" class="stack">
      <label>
        {w(o.l, "totpLabel")}
        <input
          name="code"
          inputmode="numeric"
          autocomplete="one-time-code"
          pattern="[0-9 ]{6,7}"
          required
          autofocus
        />
      </label>
      <button type="submit" class="primary">
        {w(o.l, "totpSubmit")}
      </button>
    </form>
  </GuestPage>
);

const page = (reply: FastifyReply, node: Parameters<typeof sendPage>[1], status = 200) =>
  sendPage(reply, node, status);

/** Only our own desk paths: an attacker's ?next=https://evil.example must not bounce a fresh login. */
const safeNext = (next: unknown) =>
  typeof next === "string" && /^\/desk(\/|$|\?)/.test(next) && !next.startsWith("//") ? next : "/desk";

type LoginBody = { username?: string; password?: string; next?: string };

export const authRoutes = (deps: DeskDeps) => async (app: FastifyInstance) => {
  // Per address; the per-account lockout is in the database.
  const throttle = createThrottle({
    perMinute: deps.policy.loginPerMinute,
    burst: deps.policy.loginPerMinute,
  });

  app.get("/login", async (req, reply) => {
    const l = guestLocale(req);
    const asked = (req.query as { lang?: string }).lang;
    if (asked === "en" || asked === "id") {
      reply.header("set-cookie", serializeCookie(LANG_COOKIE, asked, { secure: isSecure(deps, req) }));
    }
    const q = req.query as { next?: string; out?: string };
    return page(reply, <LoginForm l={l} next={q.next} info={q.out ? w(l, "signedOut") : undefined} />);
  });

  app.post<{ Body: LoginBody }>("/login", async (req, reply) => {
    const l = guestLocale(req);
    const { username = "", password = "", next } = req.body ?? {};
    if (!throttle.allow(req.ip)) {
      return page(reply, <LoginForm l={l} error={w(l, "throttled")} username={username} />, 429);
    }
    if (!username.trim() || !password) {
      return page(reply, <LoginForm l={l} error={w(l, "missing")} username={username} />, 400);
    }
    const now = deps.citizen.now();
    const result = await deps.database.db.transaction((tx) =>
      login(tx, {
        username,
        password,
        userAgent: req.headers["user-agent"],
        ip: req.ip,
        now,
        policy: deps.policy,
      }),
    );
    if (!result.ok) {
      const error =
        result.reason === "locked"
          ? w(l, "locked", { until: formatDateTime(result.lockedUntil, l) })
          : w(l, "invalid");
      return page(reply, <LoginForm l={l} error={error} username={username} next={next} />, 401);
    }
    setSessionCookie(deps, req, reply, result.token);
    return reply.redirect(result.secondFactor ? "/login/totp" : safeNext(next), 303);
  });

  const pendingSession = async (req: FastifyRequest) => {
    const token = sessionToken(req);
    if (!token) return undefined;
    const signedIn = await deps.database.db.transaction((tx) =>
      loadSession(tx, token, deps.citizen.now(), deps.policy),
    );
    return signedIn?.session.pendingSecondFactor ? signedIn : undefined;
  };

  app.get("/login/totp", async (req, reply) => {
    if (!(await pendingSession(req))) return reply.redirect("/login", 303);
    return page(reply, <TotpForm l={guestLocale(req)} />);
  });

  app.post<{ Body: { code?: string } }>("/login/totp", async (req, reply) => {
    const l = guestLocale(req);
    const signedIn = await pendingSession(req);
    if (!signedIn) return reply.redirect("/login", 303);
    if (!throttle.allow(req.ip)) return page(reply, <TotpForm l={l} error={w(l, "throttled")} />, 429);
    const ok = await deps.database.db.transaction((tx) =>
      confirmSecondFactor(tx, {
        signedIn,
        code: req.body?.code ?? "",
        keys: deps.citizen.keys,
        now: deps.citizen.now(),
      }),
    );
    if (!ok) return page(reply, <TotpForm l={l} error={w(l, "totpWrong")} />, 401);
    return reply.redirect("/desk", 303);
  });
};

/** Sign-out is a state change, so it lives behind the session hook and its CSRF check. */
export const logoutRoute = (deps: DeskDeps) => async (app: FastifyInstance) => {
  app.post("/logout", async (req, reply) => {
    const token = sessionToken(req);
    if (token) await deps.database.db.transaction((tx) => logout(tx, token, deps.citizen.now()));
    clearSessionCookie(deps, req, reply);
    return redirect(req, reply, "/login?out=1");
  });
};
