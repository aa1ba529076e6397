/** Fixtures for the desk's complaint tests: a citizen's complaint with a stored photo, made directly. */
import { eq } from "drizzle-orm";
import type { Database } from "../../../platform/db/client.ts";
import { conversations } from "../../../platform/db/schema/index.ts";
import type { RunningLontar } from "../../../testing/lontar.ts";
import { openComplaint } from "../../complaints/complaints.service.ts";
import { resolveContact } from "../../messaging/inbound.service.ts";
import { lockConversation } from "../../messaging/messaging.repo.ts";
import { PNG, storeBlob } from "../application.testing.ts";
import { submitFor } from "../manage.testing.ts";

export type FiledComplaint = {
  id: string;
  trackingNumber: string;
  contactId: string;
  conversationId: string;
  photoId: string;
};

/**
 * A complaint with one photo by a citizen who wrote just now: about a submitted application of `service`, or
 * (without it) about the office in general. `receivedAt` in the past makes its verification overdue.
 */
export const fileComplaint = async (
  lontar: RunningLontar,
  database: Database,
  o: {
    phone: string;
    name: string;
    service?: "kk" | "kia";
    description?: string;
    confidential?: boolean;
    receivedAt?: Date;
  },
): Promise<FiledComplaint> => {
  const { keys, calendar } = lontar.citizens!.deps;
  const officeId = lontar.officeId;
  const photoId = await storeBlob(database, lontar.blobs, officeId, PNG, "image/png");
  const about = o.service
    ? await submitFor(lontar, database, { phone: o.phone, name: o.name, service: o.service })
    : undefined;
  return database.db.transaction(async (tx) => {
    const contactId =
      about?.contactId ??
      (await resolveContact(tx, keys, officeId, { waId: o.phone, profileName: o.name })).id;
    const conversation = await lockConversation(tx, { officeId, contactId, channelId: lontar.channelId });
    await tx
      .update(conversations)
      .set({ lastInboundAt: new Date() })
      .where(eq(conversations.id, conversation.id));
    const { complaint } = await openComplaint(tx, {
      keys,
      officeId,
      contactId,
      conversationId: conversation.id,
      applicationId: about?.application.id,
      category: "layanan_lambat",
      description: o.description ?? "Sudah tiga minggu belum selesai, tidak ada kabar.",
      confidential: o.confidential ?? false,
      photoBlobIds: [photoId],
      calendar,
      now: o.receivedAt,
    });
    return {
      id: complaint.id,
      trackingNumber: complaint.trackingNumber,
      contactId,
      conversationId: conversation.id,
      photoId,
    };
  });
};
