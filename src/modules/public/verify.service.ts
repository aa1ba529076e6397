import type { Database } from "../../platform/db/client.ts";
import type { Catalogue, Locale } from "../catalogue/schema.ts";
import { statusLabel } from "../conversations/status-text.ts";
import { describeService } from "../receipts/receipt.service.ts";
import { isReceiptCode } from "../receipts/receipt-code.ts";
import { findByReceiptCode } from "./verify.repo.ts";

export type Verified = { trackingNumber: string; service: string; submittedOn: string; status: string };

const dateOnly = (d: Date, l: Locale) =>
  new Intl.DateTimeFormat(l === "id" ? "id-ID" : "en-GB", {
    timeZone: "Asia/Makassar",
    day: "numeric",
    month: "long",
    year: "numeric",
  }).format(d);

/** The receipt behind a code, as the public may read it; undefined for a code no receipt carries. */
export const verifyReceipt = async (
  o: { database: Database; catalogue: Catalogue },
  code: string,
  l: Locale,
): Promise<Verified | undefined> => {
  if (!isReceiptCode(code)) return undefined;
  const app = await findByReceiptCode(o.database.db, code);
  if (!app?.trackingNumber || !app.submittedAt) return undefined;
  return {
    trackingNumber: app.trackingNumber,
    service: describeService(o.catalogue, app.serviceCode, app.variantCode, l).name,
    submittedOn: dateOnly(app.submittedAt, l),
    status: statusLabel(app.status, l),
  };
};
