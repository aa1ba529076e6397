/** Test helpers: message contents are sealed at rest, so tests read them opened, as the code does. */
import { type SQL, sql } from "drizzle-orm";
import { type Database, rows } from "../../platform/db/client.ts";
import type { FieldKeys } from "../shared/field-crypto.ts";
import { openJson, SEALED } from "../shared/sealed.ts";

export type OpenedMessage = {
  id: string;
  conversation_id: string;
  channel_id: string;
  direction: string;
  type: string;
  /** The opened content; `text` is its JSON, for pattern matching. */
  content: Record<string, unknown>;
  text: string;
};

/** Messages matching `where` (SQL on the messages table), oldest first, with their contents opened. */
export const openedMessages = async (database: Database, keys: FieldKeys, where: SQL = sql`true`) =>
  (
    await rows<Omit<OpenedMessage, "text">>(
      database.db,
      sql`SELECT id, conversation_id, channel_id, direction, type, content FROM messages
          WHERE ${where} ORDER BY occurred_at, created_at, id`,
    )
  ).map((m): OpenedMessage => {
    const content = openJson(keys, m.content, SEALED.messageContent) as Record<string, unknown>;
    return { ...m, content, text: JSON.stringify(content) };
  });
