/** Test helpers for the desk: staff accounts with known passwords, and a signed-in HTTP client. */

import { eq } from "drizzle-orm";
import { DEMO_NUMBER } from "../../demo.ts";
import type { Database } from "../../platform/db/client.ts";
import { operators } from "../../platform/db/schema/index.ts";
import { truncateAll } from "../../platform/db/testing.ts";
import { type RunningLontar, startLontar, TEST_PHONE_NUMBER_ID } from "../../testing/lontar.ts";
import { seedDemo } from "../offices/seed-demo.ts";
import { createOperator, type Role } from "../operators/operators.service.ts";
import { hashPassword } from "../operators/password.ts";
import { replaceServices } from "../operators/sessions.repo.ts";

export const STAFF_PASSWORD = "kupang-desk-2026";

/** A Lontar with the citizen service and the desk; sign-in throttling is loosened for test traffic. */
export const startDeskLontar = (database: Database, o: { workers?: boolean } = {}) =>
  startLontar(database, {
    citizen: true,
    workers: o.workers ?? false,
    env: { LONTAR_LOGIN_RATE_PER_MINUTE: "1000" },
  });

/** An empty database with the demo office again; the running Lontar is told the new ids. */
export const freshOffice = async (database: Database, lontar: RunningLontar) => {
  await truncateAll(database);
  const seed = await seedDemo(database, { phoneNumberId: TEST_PHONE_NUMBER_ID, ...DEMO_NUMBER });
  lontar.officeId = seed.officeId;
  lontar.channelId = seed.channelId;
  return seed;
};

/** An account ready to work: known password, no forced change, assigned to `services`. */
export const createStaff = async (
  database: Database,
  o: { officeId: string; username: string; role: Role; services?: string[]; displayName?: string },
): Promise<{ id: string; username: string; password: string }> =>
  database.db.transaction(async (tx) => {
    const { id } = await createOperator(tx, {
      officeId: o.officeId,
      username: o.username,
      displayName: o.displayName ?? o.username,
      role: o.role,
    });
    await tx
      .update(operators)
      .set({ passwordHash: await hashPassword(STAFF_PASSWORD), mustChangePassword: false })
      .where(eq(operators.id, id));
    await replaceServices(tx, id, o.services ?? []);
    return { id, username: o.username, password: STAFF_PASSWORD };
  });

export type DeskResponse = { status: number; body: string; location: string | null; headers: Headers };

export type DeskClient = {
  cookie: string;
  csrf: string;
  get(path: string, headers?: Record<string, string>): Promise<DeskResponse>;
  /** A form POST with the CSRF token added (unless `csrf: false`). */
  post(
    path: string,
    form?: Record<string, string | string[]>,
    o?: { csrf?: boolean; htmx?: boolean },
  ): Promise<DeskResponse>;
};

const toResponse = async (res: Response): Promise<DeskResponse> => ({
  status: res.status,
  body: await res.text(),
  location: res.headers.get("location"),
  headers: res.headers,
});

const formBody = (form: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const one of [v].flat()) body.append(k, one);
  return body;
};

/** Signs in through the real login form and picks the CSRF token from the desk page. */
export const signIn = async (
  baseUrl: string,
  username: string,
  password = STAFF_PASSWORD,
): Promise<DeskClient> => {
  const login = await fetch(`${baseUrl}/login`, {
    method: "POST",
    body: formBody({ username, password }),
    redirect: "manual",
  });
  const setCookie = login.headers.get("set-cookie") ?? "";
  const cookie = setCookie.split(";")[0] ?? "";
  if (login.status !== 303 || !cookie.startsWith("lontar_session=")) {
    throw new Error(`sign-in of ${username} failed: ${login.status} ${await login.text()}`);
  }
  const get = async (path: string, headers: Record<string, string> = {}) =>
    toResponse(await fetch(`${baseUrl}${path}`, { headers: { cookie, ...headers }, redirect: "manual" }));
  // The password page opens even before a forced change, and carries the token in its form.
  const account = await get("/desk/password");
  const csrf = /name="_csrf" value="([^"]+)"/.exec(account.body)?.[1];
  if (!csrf) throw new Error(`no CSRF token on the password page (${account.status})`);
  return {
    cookie,
    csrf,
    get,
    post: async (path, form = {}, o = {}) =>
      toResponse(
        await fetch(`${baseUrl}${path}`, {
          method: "POST",
          headers: { cookie, ...(o.htmx ? { "hx-request": "true" } : {}) },
          body: formBody(o.csrf === false ? form : { ...form, _csrf: csrf }),
          redirect: "manual",
        }),
      ),
  };
};
