/**
 * Admin › Office hours and holidays. Every change is stored, audited, and loaded into the running calendar
 * at once (other instances reload it every minute: see main.ts).
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import type { Tx } from "../../../platform/db/client.ts";
import { findOfficeCalendar, listHolidays } from "../../offices/calendar.repo.ts";
import {
  addHoliday,
  editHoliday,
  reloadOfficeCalendar,
  removeHoliday,
  setWeeklyHours,
  WEEKDAYS,
} from "../../offices/calendar.service.ts";
import { DomainError } from "../../shared/domain-error.ts";
import { DEFAULT_WEEKLY, type WeeklySchedule } from "../../sla/calendar.ts";
import type { DeskDeps, DeskUser } from "../context.ts";
import { notFound } from "../errors.tsx";
import { sendPage } from "../respond.ts";
import { userOf } from "../session.ts";
import { attempt, doneMessage, type Message } from "./admin.layout.tsx";
import { CalendarPage, hw, type Weekly } from "./calendar.views.tsx";

type Body = Record<string, string | undefined>;
const isId = (id: string) => /^[0-9a-f]{8}-[0-9a-f-]{27}$/i.test(id);

/** "07:30-12:00, 13:00-16:00" → ranges; the calendar itself checks order and overlap. */
export const parseDayRanges = (text: string) =>
  text
    .split(/[,;]/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const m = /^(\d{1,2})[:.](\d{2})\s*[-–]\s*(\d{1,2})[:.](\d{2})$/.exec(part);
      if (!m) throw new DomainError("invalid_hours");
      const t = (h: string, mm: string) => `${h.padStart(2, "0")}:${mm}`;
      return { start: t(m[1]!, m[2]!), end: t(m[3]!, m[4]!) };
    });

export const calendarRoutes = (deps: DeskDeps) => async (app: FastifyInstance) => {
  const db = deps.database.db;
  const page = async (reply: FastifyReply, user: DeskUser, message?: Message, status = 200) => {
    const [row, holidays] = await Promise.all([
      findOfficeCalendar(db, user.officeId),
      listHolidays(db, user.officeId),
    ]);
    const weekly = (row?.weekly ?? DEFAULT_WEEKLY) as Weekly;
    return sendPage(reply, <CalendarPage {...{ user, deps, weekly, holidays, message }} />, status);
  };

  /** Stores a change, then puts the office's calendar into the running one before answering. */
  const change =
    (
      user: DeskUser,
      done: string,
      run: (tx: Tx, ctx: { officeId: string; actorId: string; now: Date }) => Promise<unknown>,
    ) =>
    async () => {
      await db.transaction((tx) =>
        run(tx, { officeId: user.officeId, actorId: user.id, now: deps.citizen.now() }),
      );
      await reloadOfficeCalendar(deps.database, user.officeId, deps.citizen.calendar);
      return `/desk/admin/calendar?done=${done}`;
    };
  const back = (reply: FastifyReply, user: DeskUser) => (m: Message, s: number) => page(reply, user, m, s);

  app.get("/desk/admin/calendar", (req, reply) =>
    page(reply, userOf(req), doneMessage(hw, userOf(req).locale, req.query)),
  );

  app.post<{ Body: Body }>("/desk/admin/calendar/hours", (req, reply) => {
    const user = userOf(req);
    return attempt(req, reply, {
      words: hw,
      run: change(user, "hours", (tx, ctx) => {
        const weekly = Object.fromEntries(
          WEEKDAYS.map((d) => [d, parseDayRanges(req.body?.[d] ?? "")]),
        ) as unknown as WeeklySchedule;
        return setWeeklyHours(tx, { ...ctx, weekly });
      }),
      back: back(reply, user),
    });
  });

  const holidayInput = (b: Body) => ({
    date: b.date?.trim() ?? "",
    name: b.name ?? "",
    kind: b.kind ?? "",
    source: b.source ?? "",
    confidence: b.confidence ?? "",
    note: b.note,
  });

  app.post<{ Body: Body }>("/desk/admin/calendar/holidays", (req, reply) => {
    const user = userOf(req);
    return attempt(req, reply, {
      words: hw,
      run: change(user, "added", (tx, ctx) =>
        addHoliday(tx, { ...ctx, holiday: holidayInput(req.body ?? {}) }),
      ),
      back: back(reply, user),
    });
  });

  // The row form changes source and confidence; the other fields keep their stored values.
  app.post<{ Params: { id: string }; Body: Body }>("/desk/admin/calendar/holidays/:id", (req, reply) => {
    const user = userOf(req);
    if (!isId(req.params.id)) throw notFound();
    return attempt(req, reply, {
      words: hw,
      run: change(user, "saved", async (tx, ctx) => {
        const current = (await listHolidays(tx, user.officeId)).find((h) => h.id === req.params.id);
        if (!current) throw new DomainError("holiday_not_found");
        const stored: Body = {
          date: current.date,
          name: current.name,
          kind: current.kind,
          source: current.source,
          confidence: current.confidence,
          note: current.note ?? undefined,
        };
        return editHoliday(tx, { ...ctx, id: current.id, holiday: holidayInput({ ...stored, ...req.body }) });
      }),
      back: back(reply, user),
    });
  });

  app.post<{ Params: { id: string } }>("/desk/admin/calendar/holidays/:id/delete", (req, reply) => {
    const user = userOf(req);
    if (!isId(req.params.id)) throw notFound();
    return attempt(req, reply, {
      words: hw,
      run: change(user, "deleted", (tx, ctx) => removeHoliday(tx, { ...ctx, id: req.params.id })),
      back: back(reply, user),
    });
  });
};
