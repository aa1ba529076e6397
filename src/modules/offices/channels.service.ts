import { and, eq } from "drizzle-orm";
import type { Tx } from "../../platform/db/client.ts";
import { channels, offices } from "../../platform/db/schema/index.ts";

export class ChannelError extends Error {}

/**
 * Adds a WhatsApp number to an office. Kupang today runs one number per service; a number with no
 * service codes serves every service.
 */
export const addChannel = async (
  tx: Tx,
  o: {
    officeSlug: string;
    phoneNumberId: string;
    label: string;
    serviceCodes?: string[];
    wabaId?: string;
    displayPhoneNumber?: string;
  },
) => {
  if (!/^\d{5,30}$/.test(o.phoneNumberId)) {
    throw new ChannelError(
      "The phone number ID is the digits Meta shows under WhatsApp > API Setup, not the phone number.",
    );
  }
  const [office] = await tx.select().from(offices).where(eq(offices.slug, o.officeSlug));
  if (!office) throw new ChannelError(`No office "${o.officeSlug}".`);
  const [existing] = await tx.select().from(channels).where(eq(channels.phoneNumberId, o.phoneNumberId));
  if (existing)
    throw new ChannelError(`Phone number ID ${o.phoneNumberId} is already the channel "${existing.label}".`);
  const [row] = await tx
    .insert(channels)
    .values({
      officeId: office.id,
      phoneNumberId: o.phoneNumberId,
      label: o.label,
      serviceCodes: o.serviceCodes ?? [],
      wabaId: o.wabaId ?? null,
      displayPhoneNumber: o.displayPhoneNumber ?? null,
    })
    .returning();
  return row!;
};

/** The admin's edit of a number: its label, the services it serves (empty: all) and whether it is in use. */
export const updateChannel = async (
  tx: Tx,
  o: { officeId: string; channelId: string; label: string; serviceCodes: string[]; active: boolean },
) => {
  const label = o.label.trim();
  if (!label) throw new ChannelError("A number needs a label.");
  const [row] = await tx
    .update(channels)
    .set({ label, serviceCodes: o.serviceCodes, active: o.active })
    .where(and(eq(channels.officeId, o.officeId), eq(channels.id, o.channelId)))
    .returning();
  return row;
};
