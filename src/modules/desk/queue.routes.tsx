/** The workspace and its two self-refreshing columns. */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Child } from "hono/jsx";
import { subjectNikLookup } from "../applications/applications.service.ts";
import { isApplicationStatus } from "../applications/lifecycle.ts";
import { addDays, formatLocalDate, localDateOf, parseLocalDate, zonedToUtc } from "../sla/calendar.ts";
import { complaintScopeOf } from "./access.repo.ts";
import { countComplaintWork } from "./complaints/complaint-desk.repo.ts";
import { canAct, type DeskDeps, type DeskUser } from "./context.ts";
import { QueueListBody, QueueNavItems, Workspace } from "./queue.views.tsx";
import { countQueues, listChats, listQueue, type QueueScope } from "./queues.repo.ts";
import { isQueueKey, type QueueFilter, searchKind } from "./queues.ts";
import { sendFragment, sendPage } from "./respond.ts";
import { userOf } from "./session.ts";

const TIME_ZONE = "Asia/Makassar";

/** Unknown values are dropped rather than refused: a stale bookmark still opens the desk. */
export const parseFilter = (user: DeskUser, query: Record<string, string | undefined>): QueueFilter => ({
  queue: isQueueKey(query.queue) ? query.queue : "new",
  ...(query.service && user.services.includes(query.service) ? { service: query.service } : {}),
  ...(query.status && isApplicationStatus(query.status) ? { status: query.status } : {}),
  ...(query.date && /^\d{4}-\d{2}-\d{2}$/.test(query.date) ? { date: query.date } : {}),
  ...(query.search?.trim() ? { search: query.search.trim().slice(0, 40) } : {}),
});

const dayRange = (date: string) => {
  const day = parseLocalDate(date);
  return {
    from: zonedToUtc(TIME_ZONE, { ...day, hour: 0, minute: 0 }),
    to: zonedToUtc(TIME_ZONE, { ...addDays(day, 1), hour: 0, minute: 0 }),
  };
};

export const scopeOf = (deps: DeskDeps, user: DeskUser): QueueScope => ({
  officeId: user.officeId,
  operatorId: user.id,
  services: user.services,
  todayStart: dayRange(formatLocalDate(localDateOf(TIME_ZONE, deps.citizen.now()))).from,
});

/** Complaints waiting for the office, for the link under the queues (people who handle complaints only). */
const countComplaints = (deps: DeskDeps, user: DeskUser) =>
  canAct(user)
    ? countComplaintWork(deps.database.db, complaintScopeOf(user), deps.citizen.now())
    : Promise.resolve(undefined);

export const loadQueues = async (deps: DeskDeps, user: DeskUser, filter: QueueFilter) => {
  const tx = deps.database.db;
  const scope = scopeOf(deps, user);
  const search = filter.search ? searchKind(filter.search) : undefined;
  const [counts, complaints, applications, chats] = await Promise.all([
    countQueues(tx, scope),
    countComplaints(deps, user),
    filter.queue === "chats"
      ? Promise.resolve([])
      : listQueue(tx, scope, {
          queue: filter.queue,
          service: filter.service,
          status: filter.status,
          dateRange: filter.date ? dayRange(filter.date) : undefined,
          ...(search && "nik" in search ? { nikIndex: subjectNikLookup(deps.citizen.keys, search.nik) } : {}),
          ...(search && "tracking" in search ? { tracking: search.tracking } : {}),
        }),
    filter.queue === "chats" ? listChats(tx, deps.citizen.keys, scope) : Promise.resolve([]),
  ]);
  return { counts, complaints, applications, chats };
};

type Query = { Querystring: Record<string, string | undefined> };

/** The whole workspace page with `detail` in the right column (the desk's deep links render through here). */
export const sendWorkspace = async (
  deps: DeskDeps,
  req: FastifyRequest,
  reply: Parameters<typeof sendPage>[0],
  detail?: Child,
  status = 200,
) => {
  const user = userOf(req);
  const filter = parseFilter(user, (req.query ?? {}) as Record<string, string | undefined>);
  const data = await loadQueues(deps, user, filter);
  return sendPage(
    reply,
    <Workspace user={user} deps={deps} filter={filter} {...data} detail={detail} />,
    status,
  );
};

export const queueRoutes = (deps: DeskDeps) => async (app: FastifyInstance) => {
  app.get<Query>("/desk", (req, reply) => sendWorkspace(deps, req, reply));

  app.get<Query>("/desk/queues/nav", async (req, reply) => {
    const user = userOf(req);
    const filter = parseFilter(user, req.query);
    const [counts, complaints] = await Promise.all([
      countQueues(deps.database.db, scopeOf(deps, user)),
      countComplaints(deps, user),
    ]);
    return sendFragment(
      reply,
      <QueueNavItems user={user} filter={filter} counts={counts} complaints={complaints} />,
    );
  });

  app.get<Query>("/desk/queues/list", async (req, reply) => {
    const user = userOf(req);
    const filter = parseFilter(user, req.query);
    const data = await loadQueues(deps, user, filter);
    return sendFragment(reply, <QueueListBody user={user} filter={filter} deps={deps} {...data} />);
  });
};
