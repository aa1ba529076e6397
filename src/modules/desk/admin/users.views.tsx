/** Admin › Users: the account list with a create form, and one account's page with every admin act. */
import { ROLES } from "../../operators/operators.service.ts";
import type { DeskDeps, DeskUser } from "../context.ts";
import { serviceName } from "../labels.ts";
import { Notice } from "../layout.tsx";
import { formatDateTime } from "../words.ts";
import { AdminPage, Csrf, type Message, tabLabel } from "./admin.layout.tsx";
import type { AccountRow } from "./admin.repo.ts";
import { uw } from "./users.words.ts";

const ServicesField = (o: { user: DeskUser; deps: DeskDeps; checked: string[] }) => {
  const l = o.user.locale;
  return (
    <fieldset class="services-field">
      <legend>{uw(l, "services")}</legend>
      {o.deps.citizen.catalogue.services.map((s) => (
        <label class="check">
          <input type="checkbox" name="services" value={s.code} checked={o.checked.includes(s.code)} />
          <span>{s.names[l]}</span>
        </label>
      ))}
    </fieldset>
  );
};

const RoleField = ({ user, value }: { user: DeskUser; value?: string }) => (
  <label>
    {uw(user.locale, "role")}
    <select name="role" required>
      {ROLES.map((r) => (
        <option value={r} selected={r === (value ?? "operator")}>
          {uw(user.locale, `role_${r}`)}
        </option>
      ))}
    </select>
  </label>
);

const StateBadges = ({ user, a, now }: { user: DeskUser; a: AccountRow; now: Date }) => {
  const l = user.locale;
  const locked = a.locked_until && a.locked_until > now;
  return (
    <>
      <span class={`badge ${a.active ? "ok" : "bad"}`}>{uw(l, a.active ? "active" : "disabled")}</span>{" "}
      {locked && (
        <span class="badge bad">{uw(l, "lockedUntil", { at: formatDateTime(a.locked_until, l) })}</span>
      )}{" "}
      {a.totp && <span class="badge">TOTP</span>}{" "}
      {a.must_change_password && <span class="badge warn">{uw(l, "mustChange")}</span>}
    </>
  );
};

const CreateForm = ({ user, deps }: { user: DeskUser; deps: DeskDeps }) => {
  const l = user.locale;
  return (
    <section class="card manage-section" aria-labelledby="create-h">
      <h2 id="create-h">{uw(l, "create")}</h2>
      <form method="post" action="/desk/admin/users" class="manage-grid">
        <Csrf user={user} />
        <div class="stack">
          <label>
            {uw(l, "username")}
            <input name="username" required pattern="[a-z0-9._\-]{3,40}" autocomplete="off" />
          </label>
          <label>
            {uw(l, "displayName")}
            <input name="displayName" required maxlength={100} autocomplete="off" />
          </label>
          <RoleField user={user} />
          <button type="submit" class="primary">
            {uw(l, "createButton")}
          </button>
        </div>
        <ServicesField user={user} deps={deps} checked={[]} />
      </form>
    </section>
  );
};

export const UsersPage = (o: {
  user: DeskUser;
  deps: DeskDeps;
  accounts: AccountRow[];
  message?: Message;
  password?: { username: string; password: string };
}) => {
  const l = o.user.locale;
  const now = o.deps.citizen.now();
  return (
    <AdminPage user={o.user} deps={o.deps} tab="users" title={tabLabel(l, "users")} message={o.message}>
      {o.password && <OncePassword user={o.user} {...o.password} />}
      <section class="card manage-section" aria-labelledby="list-h">
        <h2 id="list-h">{uw(l, "list")}</h2>
        {o.accounts.length === 0 ? (
          <Notice kind="empty">{uw(l, "empty")}</Notice>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{uw(l, "username")}</th>
                <th scope="col">{uw(l, "displayName")}</th>
                <th scope="col">{uw(l, "role")}</th>
                <th scope="col">{uw(l, "services")}</th>
                <th scope="col">{uw(l, "state")}</th>
                <th scope="col">{uw(l, "sessions")}</th>
              </tr>
            </thead>
            <tbody>
              {o.accounts.map((a) => (
                <tr data-account={a.username}>
                  <td>
                    <a href={`/desk/admin/users/${a.id}`}>{a.username}</a>
                  </td>
                  <td>{a.display_name}</td>
                  <td>{uw(l, `role_${a.role as "admin"}`) ?? a.role}</td>
                  <td>
                    {a.services.length === 0
                      ? "—"
                      : a.services.map((c) => serviceName(o.deps.citizen.catalogue, l, c)).join(", ")}
                  </td>
                  <td>
                    <StateBadges user={o.user} a={a} now={now} />
                  </td>
                  <td>{a.open_sessions}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <CreateForm user={o.user} deps={o.deps} />
    </AdminPage>
  );
};

/** A generated password, shown this once: it is not stored anywhere readable. */
const OncePassword = (o: { user: DeskUser; username: string; password: string }) => (
  <div class="notice ok" role="status">
    <p>{uw(o.user.locale, "passwordOnce", { username: o.username })}</p>
    <p>
      <code class="secret-once" data-password>
        {o.password}
      </code>
    </p>
  </div>
);

const Act = (o: {
  user: DeskUser;
  a: AccountRow;
  path: string;
  label: string;
  confirm?: string;
  danger?: boolean;
}) => (
  <form method="post" action={`/desk/admin/users/${o.a.id}/${o.path}`} data-confirm={o.confirm}>
    <Csrf user={o.user} />
    <button type="submit" class={o.danger ? "danger" : undefined}>
      {o.label}
    </button>
  </form>
);

export const UserPage = (o: {
  user: DeskUser;
  deps: DeskDeps;
  account: AccountRow;
  message?: Message;
  password?: { username: string; password: string };
}) => {
  const l = o.user.locale;
  const a = o.account;
  const now = o.deps.citizen.now();
  const locked = Boolean(a.locked_until && a.locked_until > now) || a.failed_logins > 0;
  return (
    <AdminPage
      user={o.user}
      deps={o.deps}
      tab="users"
      title={`${a.display_name} (${a.username})`}
      message={o.message}
    >
      <p>
        <a href="/desk/admin/users">← {uw(l, "back")}</a>
      </p>
      {o.password && <OncePassword user={o.user} {...o.password} />}
      <p>
        <StateBadges user={o.user} a={a} now={now} /> · {uw(l, "sessions")}: {a.open_sessions}
      </p>
      <div class="manage-grid">
        <section class="card" aria-labelledby="access-h">
          <h2 id="access-h">{uw(l, "access")}</h2>
          <form method="post" action={`/desk/admin/users/${a.id}/access`} class="stack">
            <Csrf user={o.user} />
            <RoleField user={o.user} value={a.role} />
            <ServicesField user={o.user} deps={o.deps} checked={a.services} />
            <button type="submit" class="primary">
              {uw(l, "saveAccess")}
            </button>
          </form>
        </section>
        <section class="card stack" aria-labelledby="acts-h">
          <h2 id="acts-h">{uw(l, "acts")}</h2>
          {a.active ? (
            <Act
              user={o.user}
              a={a}
              path="disable"
              label={uw(l, "disable")}
              confirm={uw(l, "confirmDisable")}
              danger
            />
          ) : (
            <Act user={o.user} a={a} path="enable" label={uw(l, "enable")} />
          )}
          {locked && <Act user={o.user} a={a} path="unlock" label={uw(l, "unlock")} />}
          <Act
            user={o.user}
            a={a}
            path="reset-password"
            label={uw(l, "reset")}
            confirm={uw(l, "confirmReset")}
          />
          <Act
            user={o.user}
            a={a}
            path="revoke-sessions"
            label={uw(l, "revoke")}
            confirm={uw(l, "confirmRevoke")}
          />
          {a.totp && (
            <Act
              user={o.user}
              a={a}
              path="totp-off"
              label={uw(l, "totpOff")}
              confirm={uw(l, "confirmTotp")}
            />
          )}
        </section>
      </div>
    </AdminPage>
  );
};
