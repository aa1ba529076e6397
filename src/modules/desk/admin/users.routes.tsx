/** Admin › Users: list, create (password shown once), and the acts on one account. */

import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Tx } from "../../../platform/db/client.ts";
import {
  type AdminContext,
  changeAccess,
  createAccount,
  resetPassword,
  revokeSessions,
  setActive,
  turnOffTotp,
  unlock,
} from "../../operators/accounts.service.ts";
import { isDomainError } from "../../shared/domain-error.ts";
import { isUuid } from "../../shared/uuid.ts";
import type { DeskDeps, DeskUser } from "../context.ts";
import { domainErrorText, notFound } from "../errors.tsx";
import { sendPage } from "../respond.ts";
import { userOf } from "../session.ts";
import { adminContext, attempt, doneMessage, type Message, many } from "./admin.layout.tsx";
import { listAccounts } from "./admin.repo.ts";
import { UserPage, UsersPage } from "./users.views.tsx";
import { uw } from "./users.words.ts";

type Body = Record<string, string | string[] | undefined>;
type Params = { id: string };
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? "") : (v ?? ""));

/** The acts on one account that only need its id: path → use case and the word said after it. */
const ACTS: Record<
  string,
  { done: string; run: (tx: Tx, c: AdminContext, operatorId: string) => Promise<unknown> }
> = {
  disable: { done: "disabled", run: (tx, c, operatorId) => setActive(tx, c, { operatorId, active: false }) },
  enable: { done: "enabled", run: (tx, c, operatorId) => setActive(tx, c, { operatorId, active: true }) },
  unlock: { done: "unlocked", run: (tx, c, operatorId) => unlock(tx, c, { operatorId }) },
  "revoke-sessions": { done: "revoked", run: (tx, c, operatorId) => revokeSessions(tx, c, { operatorId }) },
  "totp-off": { done: "totp", run: (tx, c, operatorId) => turnOffTotp(tx, c, { operatorId }) },
};

export const usersRoutes = (deps: DeskDeps) => async (app: FastifyInstance) => {
  const db = deps.database.db;
  const knownServices = (codes: string[]) =>
    codes.filter((c) => deps.citizen.catalogue.services.some((s) => s.code === c));

  const listPage = async (
    reply: FastifyReply,
    user: DeskUser,
    extra: { message?: Message; password?: { username: string; password: string } } = {},
    status = 200,
  ) => {
    const accounts = await listAccounts(db, user.officeId, deps.citizen.now());
    return sendPage(reply, <UsersPage user={user} deps={deps} accounts={accounts} {...extra} />, status);
  };

  const userPage = async (
    reply: FastifyReply,
    user: DeskUser,
    id: string,
    extra: { message?: Message; password?: { username: string; password: string } } = {},
    status = 200,
  ) => {
    const [account] = isUuid(id) ? await listAccounts(db, user.officeId, deps.citizen.now(), id) : [];
    if (!account) throw notFound();
    return sendPage(reply, <UserPage user={user} deps={deps} account={account} {...extra} />, status);
  };

  app.get("/desk/admin/users", (req, reply) =>
    listPage(reply, userOf(req), { message: doneMessage(uw, userOf(req).locale, req.query) }),
  );

  // Answers with the page itself (no redirect): the generated password must not travel in a URL.
  app.post<{ Body: Body }>("/desk/admin/users", async (req, reply) => {
    const user = userOf(req);
    const b = req.body ?? {};
    try {
      const created = await db.transaction((tx) =>
        createAccount(tx, adminContext(deps, user, req.ip), {
          username: one(b.username),
          displayName: one(b.displayName),
          role: one(b.role),
          services: knownServices(many(b.services)),
        }),
      );
      const username = one(b.username).trim().toLowerCase();
      return listPage(reply, user, {
        message: { kind: "ok", text: uw(user.locale, "done_created") },
        password: { username, password: created.password },
      });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      const text = (uw as (l: string, k: string) => string | undefined)(user.locale, error.code);
      return listPage(
        reply,
        user,
        { message: { kind: "error", text: text ?? domainErrorText(user.locale, error.code) } },
        422,
      );
    }
  });

  app.get<{ Params: Params }>("/desk/admin/users/:id", (req, reply) =>
    userPage(reply, userOf(req), req.params.id, { message: doneMessage(uw, userOf(req).locale, req.query) }),
  );

  const guardId = (req: FastifyRequest<{ Params: Params }>) => {
    if (!isUuid(req.params.id)) throw notFound();
    return req.params.id;
  };

  app.post<{ Params: Params; Body: Body }>("/desk/admin/users/:id/access", (req, reply) => {
    const user = userOf(req);
    const operatorId = guardId(req);
    return attempt(req, reply, {
      words: uw,
      run: async () => {
        await db.transaction((tx) =>
          changeAccess(tx, adminContext(deps, user, req.ip), {
            operatorId,
            role: one(req.body?.role),
            services: knownServices(many(req.body?.services)),
          }),
        );
        return `/desk/admin/users/${operatorId}?done=access`;
      },
      back: (message, status) => userPage(reply, user, operatorId, { message }, status),
    });
  });

  app.post<{ Params: Params }>("/desk/admin/users/:id/reset-password", async (req, reply) => {
    const user = userOf(req);
    const operatorId = guardId(req);
    const password = await db.transaction((tx) =>
      resetPassword(tx, adminContext(deps, user, req.ip), { operatorId }),
    );
    return userPage(reply, user, operatorId, {
      message: { kind: "ok", text: uw(user.locale, "done_reset") },
      password,
    });
  });

  for (const [path, act] of Object.entries(ACTS)) {
    app.post<{ Params: Params }>(`/desk/admin/users/:id/${path}`, (req, reply) => {
      const user = userOf(req);
      const operatorId = guardId(req);
      return attempt(req, reply, {
        words: uw,
        run: async () => {
          await db.transaction((tx) => act.run(tx, adminContext(deps, user, req.ip), operatorId));
          return `/desk/admin/users/${operatorId}?done=${act.done}`;
        },
        back: (message, status) => userPage(reply, user, operatorId, { message }, status),
      });
    });
  }
};
