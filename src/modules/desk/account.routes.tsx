/** The signed-in person's own settings: password (forced at first login), second factor, language. */
import type { FastifyInstance, FastifyReply } from "fastify";
import { raw } from "hono/html";
import QRCode from "qrcode";
import { changePassword, disableTotp, enableTotp, MIN_PASSWORD_LENGTH } from "../operators/auth.service.ts";
import { findOperatorById, updateOperator } from "../operators/sessions.repo.ts";
import { generateTotpSecret, otpauthUri } from "../operators/totp.ts";
import { isDomainError } from "../shared/domain-error.ts";
import type { DeskDeps, DeskUser, Locale } from "./context.ts";
import { DeskPage, Notice } from "./layout.tsx";
import { sendPage } from "./respond.ts";
import { redirect, userOf } from "./session.ts";
import { common, defineWords } from "./words.ts";

const w = defineWords({
  id: {
    passwordTitle: "Ganti kata sandi",
    forced: "Sebelum mulai bekerja, ganti kata sandi sementara Anda.",
    current: "Kata sandi sekarang",
    next: "Kata sandi baru (minimal {min} karakter)",
    repeat: "Ulangi kata sandi baru",
    changed: "Kata sandi sudah diganti. Sesi lain atas nama Anda sudah diakhiri.",
    mismatch: "Kedua kata sandi baru tidak sama.",
    wrong_password: "Kata sandi sekarang salah.",
    password_too_short: "Kata sandi baru terlalu pendek (minimal {min} karakter).",
    password_contains_username: "Kata sandi baru tidak boleh memuat nama pengguna.",
    password_unchanged: "Kata sandi baru harus berbeda dari yang sekarang.",
    accountTitle: "Akun saya",
    totpHeading: "Verifikasi dua langkah (TOTP)",
    totpOn: "Aktif: setiap masuk meminta kode dari aplikasi autentikator.",
    totpOff:
      "Belum aktif. Pindai kode QR ini dengan aplikasi autentikator, lalu masukkan kode 6 angka yang muncul.",
    secret: "Atau ketik kunci ini:",
    code: "Kode 6 angka",
    enable: "Aktifkan",
    disable: "Matikan verifikasi dua langkah",
    wrong_code: "Kode salah. Pastikan jam komputer dan ponsel tepat, lalu coba kode yang terbaru.",
    enabled: "Verifikasi dua langkah sudah aktif.",
    disabled: "Verifikasi dua langkah sudah dimatikan.",
  },
  en: {
    passwordTitle: "Change password",
    forced: "Before you start, replace your temporary password.",
    current: "Current password",
    next: "New password (at least {min} characters)",
    repeat: "Repeat the new password",
    changed: "Your password has been changed. Your other sessions have been ended.",
    mismatch: "The two new passwords differ.",
    wrong_password: "The current password is wrong.",
    password_too_short: "The new password is too short (at least {min} characters).",
    password_contains_username: "The new password must not contain the username.",
    password_unchanged: "The new password must differ from the current one.",
    accountTitle: "My account",
    totpHeading: "Two-step verification (TOTP)",
    totpOn: "On: every sign-in asks for a code from your authenticator app.",
    totpOff: "Off. Scan this QR code with an authenticator app, then enter the 6-digit code it shows.",
    secret: "Or type this key:",
    code: "6-digit code",
    enable: "Turn on",
    disable: "Turn two-step verification off",
    wrong_code:
      "Wrong code. Check that the computer's and the phone's clocks are right, and try the newest code.",
    enabled: "Two-step verification is on.",
    disabled: "Two-step verification is off.",
  },
});

type PasswordProblem =
  | "mismatch"
  | "wrong_password"
  | "password_too_short"
  | "password_contains_username"
  | "password_unchanged";

const PasswordForm = (o: {
  user: DeskUser;
  officeName: string;
  forced: boolean;
  error?: PasswordProblem;
  ok?: boolean;
}) => {
  const l = o.user.locale;
  const min = { min: MIN_PASSWORD_LENGTH };
  return (
    <DeskPage user={o.user} title={w(l, "passwordTitle")} officeName={o.officeName} active="account">
      <section class="card narrow">
        <h1>{w(l, "passwordTitle")}</h1>
        {o.forced && <Notice kind="ok">{w(l, "forced")}</Notice>}
        {o.error && <Notice kind="error">{w(l, o.error, min)}</Notice>}
        {o.ok && <Notice kind="ok">{w(l, "changed")}</Notice>}
        <form method="post" action="/desk/password" class="stack">
          <input type="hidden" name="_csrf" value={o.user.csrfToken} />
          <label>
            {w(l, "current")}
            <input name="current" type="password" autocomplete="current-password" required />
          </label>
          <label>
            {w(l, "next", min)}
            <input
              name="next"
              type="password"
              autocomplete="new-password"
              minlength={MIN_PASSWORD_LENGTH}
              required
            />
          </label>
          <label>
            {w(l, "repeat")}
            <input name="repeat" type="password" autocomplete="new-password" required />
          </label>
          <button type="submit" class="primary">
            {common(l, "save")}
          </button>
        </form>
      </section>
    </DeskPage>
  );
};

const AccountPage = async (o: {
  user: DeskUser;
  officeName: string;
  totpOn: boolean;
  secret: string;
  message?: { kind: "ok" | "error"; text: string };
}) => {
  const l = o.user.locale;
  const uri = otpauthUri({ secret: o.secret, account: o.user.username, issuer: "Lontar" });
  const qr = await QRCode.toString(uri, { type: "svg", margin: 1, width: 180 });
  return (
    <DeskPage user={o.user} title={w(l, "accountTitle")} officeName={o.officeName} active="account">
      <section class="card narrow">
        <h1>{w(l, "accountTitle")}</h1>
        <p>
          {o.user.displayName} ({o.user.username}) · {o.user.role}
        </p>
        <p>
          <a href="/desk/password">{w(l, "passwordTitle")}</a>
        </p>
        {o.message && <Notice kind={o.message.kind}>{o.message.text}</Notice>}
        <h2>{w(l, "totpHeading")}</h2>
        {o.totpOn ? (
          <>
            <p>{w(l, "totpOn")}</p>
            <form method="post" action="/desk/account/totp/off">
              <input type="hidden" name="_csrf" value={o.user.csrfToken} />
              <button type="submit">{w(l, "disable")}</button>
            </form>
          </>
        ) : (
          <>
            <p>{w(l, "totpOff")}</p>
            <div class="qr" role="img" aria-label="QR">
              {raw(qr)}
            </div>
            <p>
              {w(l, "secret")} <code class="secret">{o.secret}</code>
            </p>
            <form method="post" action="/desk/account/totp" class="stack">
              <input type="hidden" name="_csrf" value={o.user.csrfToken} />
              <input type="hidden" name="secret" value={o.secret} />
              <label>
                {w(l, "code")}
                <input name="code" inputmode="numeric" autocomplete="one-time-code" required />
              </label>
              <button type="submit" class="primary">
                {w(l, "enable")}
              </button>
            </form>
          </>
        )}
      </section>
    </DeskPage>
  );
};

export const accountRoutes = (deps: DeskDeps) => async (app: FastifyInstance) => {
  const officeName = (l: Locale) => deps.citizen.catalogue.office.name[l];
  const now = () => deps.citizen.now();
  const operatorRow = (user: DeskUser) => findOperatorById(deps.database.db, user.id);

  app.get("/desk/password", async (req, reply) => {
    const user = userOf(req);
    const forced = (await operatorRow(user))?.mustChangePassword ?? false;
    return sendPage(reply, <PasswordForm user={user} officeName={officeName(user.locale)} forced={forced} />);
  });

  app.post<{ Body: { current?: string; next?: string; repeat?: string } }>(
    "/desk/password",
    async (req, reply) => {
      const user = userOf(req);
      const { current = "", next = "", repeat = "" } = req.body ?? {};
      const forced = (await operatorRow(user))?.mustChangePassword ?? false;
      const fail = (error: PasswordProblem) =>
        sendPage(
          reply,
          <PasswordForm user={user} officeName={officeName(user.locale)} forced={forced} error={error} />,
          422,
        );
      if (next !== repeat) return fail("mismatch");
      try {
        await deps.database.db.transaction((tx) =>
          changePassword(tx, {
            operatorId: user.id,
            keepSession: user.sessionHash,
            current,
            next,
            now: now(),
          }),
        );
      } catch (error) {
        if (isDomainError(error)) return fail(error.code as PasswordProblem);
        throw error;
      }
      if (forced) return reply.redirect("/desk", 303);
      return sendPage(
        reply,
        <PasswordForm user={user} officeName={officeName(user.locale)} forced={false} ok />,
      );
    },
  );

  const account = async (
    reply: FastifyReply,
    user: DeskUser,
    message?: { kind: "ok" | "error"; text: string },
    status = 200,
  ) => {
    const operator = await operatorRow(user);
    return sendPage(
      reply,
      await AccountPage({
        user,
        officeName: officeName(user.locale),
        totpOn: Boolean(operator?.totpSecretEncrypted),
        secret: generateTotpSecret(),
        message,
      }),
      status,
    );
  };

  app.get("/desk/account", async (req, reply) => account(reply, userOf(req)));

  app.post<{ Body: { secret?: string; code?: string } }>("/desk/account/totp", async (req, reply) => {
    const user = userOf(req);
    try {
      await deps.database.db.transaction((tx) =>
        enableTotp(tx, {
          operatorId: user.id,
          secret: req.body?.secret ?? "",
          code: req.body?.code ?? "",
          keys: deps.citizen.keys,
          now: now(),
        }),
      );
    } catch (error) {
      if (isDomainError(error, "wrong_code"))
        return account(reply, user, { kind: "error", text: w(user.locale, "wrong_code") }, 422);
      throw error;
    }
    return account(reply, user, { kind: "ok", text: w(user.locale, "enabled") });
  });

  app.post("/desk/account/totp/off", async (req, reply) => {
    const user = userOf(req);
    await deps.database.db.transaction((tx) =>
      disableTotp(tx, { officeId: user.officeId, operatorId: user.id, actorId: user.id, now: now() }),
    );
    return account(reply, user, { kind: "ok", text: w(user.locale, "disabled") });
  });

  app.post<{ Body: { locale?: string } }>("/desk/locale", async (req, reply) => {
    const user = userOf(req);
    const locale = req.body?.locale === "en" ? "en" : "id";
    await updateOperator(deps.database.db, user.id, { locale });
    const back = req.headers.referer ? new URL(req.headers.referer).pathname : "/desk";
    return redirect(req, reply, back.startsWith("/desk") ? back : "/desk");
  });
};
