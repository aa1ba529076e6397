import { inArray } from "drizzle-orm";
import type { Database } from "../../platform/db/client.ts";
import { applications } from "../../platform/db/schema/index.ts";
import type { WorkingCalendar } from "../sla/calendar.ts";
import { addFlag, removeFlag } from "./applications.repo.ts";
import { slaStatus } from "./clock.service.ts";

/** Statuses whose clock runs (or is paused) and whose queue row shows the SLA flags. */
const CLOCKED = ["submitted", "in_review", "needs_revision", "processing"] as const;

/**
 * Keeps `sla_at_risk` and `sla_breached` true to the clock of every open application, so queues can filter
 * and sort on them without recomputing working time. Run every minute; returns how many flags changed.
 */
export const refreshSlaFlags = async (
  database: Database,
  calendar: WorkingCalendar,
  now = new Date(),
): Promise<number> =>
  database.db.transaction(async (tx) => {
    const open = await tx
      .select()
      .from(applications)
      .where(inArray(applications.status, [...CLOCKED]));
    let changed = 0;
    for (const application of open) {
      const status = await slaStatus(tx, { application, calendar, now });
      if (!status) continue;
      for (const [flag, on] of [
        ["sla_breached", status.breached],
        ["sla_at_risk", status.atRisk && !status.breached],
      ] as const) {
        if (application.flags.includes(flag) === on) continue;
        await (on ? addFlag : removeFlag)(tx, [application.id], flag);
        changed++;
      }
    }
    return changed;
  });
