/**
 * The desk at /desk (login at /login): one plugin that serves its assets, the guest pages, and every
 * signed-in route behind the session hook (authentication, CSRF, forced password change).
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { FastifyInstance } from "fastify";
import { reportRoutes } from "../reports/reports.routes.tsx";
import { accountRoutes } from "./account.routes.tsx";
import { adminRoutes } from "./admin/admin.routes.tsx";
import { applicationRoutes } from "./application.routes.tsx";
import { authRoutes, logoutRoute } from "./auth.routes.tsx";
import { broadcastRoutes } from "./broadcasts/broadcasts.routes.tsx";
import { complaintWorkRoutes } from "./complaints/complaint-work.routes.tsx";
import type { DeskDeps } from "./context.ts";
import { conversationRoutes } from "./conversation.routes.tsx";
import { deskErrorHandler } from "./errors.tsx";
import { eventRoutes } from "./events.routes.ts";
import { privacyRoutes } from "./privacy/privacy.routes.tsx";
import { queueRoutes } from "./queue.routes.tsx";
import { registerSession } from "./session.ts";
import { supervisorRoutes } from "./supervisor/supervisor.routes.tsx";

const require = createRequire(import.meta.url);
const vendor = (id: string) => readFileSync(require.resolve(id), "utf8");
const own = (file: string) => readFileSync(new URL(`./assets/${file}`, import.meta.url), "utf8");

const JS = "text/javascript; charset=utf-8";
const ASSETS: Record<string, { body: string; type: string }> = {
  "htmx.min.js": { body: vendor("htmx.org/dist/htmx.min.js"), type: JS },
  "sse.js": { body: vendor("htmx-ext-sse/dist/sse.js"), type: JS },
  "desk.js": { body: own("desk.js"), type: JS },
  // One stylesheet for the browser; each view keeps its rules in its own file.
  "desk.css": {
    body: readdirSync(new URL("./assets/", import.meta.url))
      .filter((f) => f.endsWith(".css"))
      .sort()
      .map(own)
      .join("\n"),
    type: "text/css; charset=utf-8",
  },
};

export const deskRoutes = (deps: DeskDeps) => async (app: FastifyInstance) => {
  for (const [name, asset] of Object.entries(ASSETS)) {
    app.get(`/desk/assets/${name}`, async (_req, reply) =>
      reply.type(asset.type).header("cache-control", "public, max-age=3600").send(asset.body),
    );
  }
  await app.register(async (guest) => {
    guest.setErrorHandler(deskErrorHandler);
    await guest.register(authRoutes(deps));
  });
  await app.register(async (desk) => {
    desk.setErrorHandler(deskErrorHandler);
    registerSession(desk, deps);
    await desk.register(logoutRoute(deps));
    await desk.register(accountRoutes(deps));
    await desk.register(queueRoutes(deps));
    await desk.register(applicationRoutes(deps));
    await desk.register(conversationRoutes(deps));
    await desk.register(supervisorRoutes(deps));
    await desk.register(complaintWorkRoutes(deps));
    await desk.register(adminRoutes(deps));
    await desk.register(privacyRoutes(deps));
    await desk.register(broadcastRoutes(deps));
    await desk.register(reportRoutes(deps));
    await desk.register(eventRoutes(deps.changes));
  });
};
