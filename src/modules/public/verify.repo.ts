import { eq } from "drizzle-orm";
import type { Tx } from "../../platform/db/client.ts";
import { applications } from "../../platform/db/schema/index.ts";

/** Only what the public page may show: no name, no NIK, no phone, nothing the citizen typed. */
export const findByReceiptCode = async (tx: Tx, code: string) =>
  (
    await tx
      .select({
        trackingNumber: applications.trackingNumber,
        serviceCode: applications.serviceCode,
        variantCode: applications.variantCode,
        submittedAt: applications.submittedAt,
        status: applications.status,
      })
      .from(applications)
      .where(eq(applications.receiptCode, code))
  )[0];
