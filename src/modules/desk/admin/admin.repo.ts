/** What the admin pages list: the office's accounts with their services, lock and sessions. */
import { sql } from "drizzle-orm";
import type { Tx } from "../../../platform/db/client.ts";
import { rows } from "../../../platform/db/client.ts";

export type AccountRow = {
  id: string;
  username: string;
  display_name: string;
  role: string;
  active: boolean;
  must_change_password: boolean;
  failed_logins: number;
  locked_until: Date | null;
  totp: boolean;
  services: string[];
  open_sessions: number;
};

export const listAccounts = (tx: Tx, officeId: string, now: Date, id?: string): Promise<AccountRow[]> =>
  rows<AccountRow>(
    tx,
    sql`SELECT o.id, o.username, o.display_name, o.role, o.active, o.must_change_password, o.failed_logins,
               o.locked_until, o.totp_secret_encrypted IS NOT NULL AS totp,
               coalesce((SELECT array_agg(os.service_code ORDER BY os.service_code)
                         FROM operator_services os WHERE os.operator_id = o.id), '{}') AS services,
               (SELECT count(*)::int FROM sessions s WHERE s.operator_id = o.id AND s.revoked_at IS NULL
                  AND s.expires_at > ${now.toISOString()}) AS open_sessions
        FROM operators o
        WHERE o.office_id = ${officeId} ${id ? sql`AND o.id = ${id}` : sql``}
        ORDER BY o.active DESC, o.role, o.username`,
  ).then((list) =>
    list.map((r) => ({ ...r, locked_until: r.locked_until ? new Date(r.locked_until) : null })),
  );
