/** Test support for the application view: a submitted application with real, stored pages. */
import { deflateSync } from "node:zlib";
import type { Database } from "../../platform/db/client.ts";
import type { BlobStore } from "../../platform/storage/blob-store.ts";
import type { CitizenService } from "../../testing/lontar.ts";
import { attachDocument, createDraft, submitApplication } from "../applications/applications.service.ts";
import { insertStoredFile } from "../documents/stored-file.repo.ts";
import { resolveContact } from "../messaging/inbound.service.ts";
import { lockConversation } from "../messaging/messaging.repo.ts";

/** A valid NIK of a Kupang child (the golden scripts' KIA child). */
export const SUBJECT_NIK = "5371041401200003";

/** A real 1×1 PNG, so a browser could show it. */
export const PNG = (() => {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.from([0, 255, 255, 255]))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
})();

/** A small PDF with a binary line, as real PDFs have, so a byte-changing path would show. */
export const pdfBytes = (label: string) =>
  Buffer.concat([
    Buffer.from("%PDF-1.4\n%", "latin1"),
    Buffer.from([0xe2, 0xe3, 0xcf, 0xd3, 0x0a]),
    Buffer.from(
      `1 0 obj << /Type /Catalog >> endobj\n% ${label}\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
      "latin1",
    ),
  ]);

export const storeBlob = async (
  database: Database,
  blobs: BlobStore,
  officeId: string,
  bytes: Buffer,
  mimeType: string,
): Promise<string> => {
  const stored = await blobs.put(bytes);
  return insertStoredFile(database.db, { officeId, stored, mimeType });
};

export type Submitted = {
  id: string;
  trackingNumber: string;
  contactId: string;
  conversationId: string;
  pages: Record<string, string>;
};

/**
 * A KIA (age 5–17) application submitted by a parent, with every document as stored pages: the birth
 * certificate as a PDF, the rest as pictures. `serviceCode` "kk" files a KK (lost/damaged) one instead.
 */
export const submitWithPages = async (
  database: Database,
  o: {
    officeId: string;
    channelId: string;
    blobs: BlobStore;
    citizens: CitizenService;
    waId: string;
    serviceCode?: "kia" | "kk";
  },
): Promise<Submitted> => {
  const { catalogue, calendar, keys } = o.citizens.deps;
  const kia = (o.serviceCode ?? "kia") === "kia";
  const requirements: Record<string, string> = kia
    ? {
        akta_kelahiran: "application/pdf",
        kk: "image/png",
        ktp_orang_tua: "image/png",
        pas_foto: "image/png",
      }
    : { ktp_el: "image/png", surat_kehilangan: "application/pdf" };
  const pages: Record<string, string> = {};
  for (const [requirementId, mime] of Object.entries(requirements)) {
    const bytes = mime === "application/pdf" ? pdfBytes(requirementId) : PNG;
    pages[requirementId] = await storeBlob(database, o.blobs, o.officeId, bytes, mime);
  }
  return database.db.transaction(async (tx) => {
    const contact = await resolveContact(tx, o.citizens.deps.keys, o.officeId, {
      waId: o.waId,
      profileName: "Yohanes Bria",
    });
    const conversation = await lockConversation(tx, {
      officeId: o.officeId,
      contactId: contact.id,
      channelId: o.channelId,
    });
    const draft = await createDraft(tx, {
      officeId: o.officeId,
      contactId: contact.id,
      conversationId: conversation.id,
      catalogue,
      serviceCode: kia ? "kia" : "kk",
      variantCode: kia ? "usia_5_17" : "hilang_rusak",
      applicantName: "Yohanes Bria",
      relationship: "parent",
      subjectNik: SUBJECT_NIK,
      fields: { subject_name: "Maria Goreti Bria", subject_nik: SUBJECT_NIK },
      keys,
    });
    const actor = { kind: "citizen" as const, contactId: contact.id };
    for (const [requirementId, blobId] of Object.entries(pages)) {
      await attachDocument(tx, {
        officeId: o.officeId,
        applicationId: draft.id,
        actor,
        requirementId,
        blobId,
      });
    }
    const { application } = await submitApplication(tx, {
      officeId: o.officeId,
      applicationId: draft.id,
      actor,
      catalogue,
      calendar,
    });
    return {
      id: application.id,
      trackingNumber: application.trackingNumber!,
      contactId: contact.id,
      conversationId: conversation.id,
      pages,
    };
  });
};
