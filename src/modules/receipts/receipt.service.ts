/**
 * The receipt (tanda terima) of a submitted application. The bot's submit queues a "send_receipt" job in its
 * transaction; the job renders and stores the PDF and queues it as a WhatsApp document (receipt.handler.ts).
 */
import type { Tx } from "../../platform/db/client.ts";
import { enqueue } from "../../platform/queue/outbox.ts";
import type { Catalogue, Locale } from "../catalogue/schema.ts";
import type { FieldKeys } from "../shared/field-crypto.ts";
import { SEALED, sealJson } from "../shared/sealed.ts";

/**
 * What the job needs from the catalogue, fixed at submission: the receipt says what was promised then. Sealed
 * in the outbox like every payload (the recipient is a phone number).
 */
export type ReceiptJob = {
  applicationId: string;
  conversationId: string;
  recipient: string;
  locale: Locale;
  officeName: string;
  serviceName: string;
  freeOfCharge: string;
  /** Requirement id → label, for the list of documents received. */
  labels: Record<string, string>;
};

export const describeService = (
  catalogue: Catalogue,
  serviceCode: string,
  variantCode: string | null | undefined,
  l: Locale,
) => {
  const service = catalogue.services.find((s) => s.code === serviceCode);
  const variant = variantCode ? service?.variants.find((v) => v.code === variantCode) : undefined;
  const name = service?.names[l] ?? serviceCode;
  const labels = Object.fromEntries(
    [...(service?.requirements ?? []), ...(service?.variants.flatMap((v) => v.requirements) ?? [])].map(
      (r) => [r.id, r.label[l]],
    ),
  );
  return { name: variant ? `${name} · ${variant.names[l]}` : name, labels };
};

/**
 * Queues the receipt job in the submit's transaction. No recipient on the job row: a job waiting for files
 * still downloading must not hold back the citizen's other messages (the document it queues has one).
 */
export const queueReceipt = async (
  tx: Tx,
  keys: FieldKeys,
  o: {
    catalogue: Catalogue;
    application: { id: string; officeId: string; serviceCode: string; variantCode: string | null };
    conversation: { id: string; channelId: string };
    recipient: string;
    locale: Locale;
  },
) => {
  const { catalogue, application: app, locale: l } = o;
  const service = describeService(catalogue, app.serviceCode, app.variantCode, l);
  const payload: ReceiptJob = {
    applicationId: app.id,
    conversationId: o.conversation.id,
    recipient: o.recipient,
    locale: l,
    officeName: catalogue.office.name[l],
    serviceName: service.name,
    freeOfCharge: catalogue.free_of_charge.text[l],
    labels: service.labels,
  };
  await enqueue(tx, {
    officeId: app.officeId,
    channelId: o.conversation.channelId,
    kind: "send_receipt",
    payload: sealJson(keys, payload, SEALED.outboxPayload),
  });
};
