/** Queries for the public office pages: only what anyone on the internet may read. */
import { and, asc, eq, isNotNull } from "drizzle-orm";
import type { Tx } from "../../platform/db/client.ts";
import { channels, offices } from "../../platform/db/schema/index.ts";

export type PublicOfficeRow = { id: string; name: string; slug: string; timeZone: string };

const officeColumns = { id: offices.id, name: offices.name, slug: offices.slug, timeZone: offices.timeZone };

/**
 * The office the process's catalogue describes. A process serves one catalogue, and the catalogue names its
 * office, so the row with that name wins; failing that (an office renamed in one place only) the first office
 * created, which is the one `seedDemo`/main.ts set up, as there is normally one office per process.
 */
export const findPublicOffice = async (tx: Tx, catalogueName: string): Promise<PublicOfficeRow | undefined> =>
  (await tx.select(officeColumns).from(offices).where(eq(offices.name, catalogueName)).limit(1))[0] ??
  (await tx.select(officeColumns).from(offices).orderBy(asc(offices.createdAt), asc(offices.id)).limit(1))[0];

export type PublicChannelRow = { label: string; displayPhoneNumber: string; serviceCodes: string[] };

/** The office's numbers citizens can write to: active, with a number to show. No Meta ids leave the server. */
export const listPublicChannels = async (tx: Tx, officeId: string): Promise<PublicChannelRow[]> =>
  (await tx
    .select({
      label: channels.label,
      displayPhoneNumber: channels.displayPhoneNumber,
      serviceCodes: channels.serviceCodes,
    })
    .from(channels)
    .where(
      and(eq(channels.officeId, officeId), eq(channels.active, true), isNotNull(channels.displayPhoneNumber)),
    )
    .orderBy(asc(channels.createdAt), asc(channels.id))) as PublicChannelRow[];
