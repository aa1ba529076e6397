import assert from "node:assert/strict";
import { test } from "node:test";
import type { MediaLimits } from "../documents/policy.ts";
import { onFileKept, onFileRefused } from "./file-verdict.ts";
import { autoAnswer, converse, repliesOf, shippedCatalogue, tap, text } from "./testing.ts";
import type { BotState } from "./types.ts";

const limits: MediaLimits = { maxImageBytes: 5 * 1024 * 1024, maxDocumentBytes: 20 * 1024 * 1024 };

/** A KIA 5–17 application answered up to the moment the first document (the birth certificate) is in. */
const afterFirstDocument = async () => {
  let { state } = await converse([text("halo"), tap("menu.apply"), tap("svc.kia"), tap("var.usia_5_17")]);
  for (let i = 0; i < 20; i++) {
    if (state.flow.name === "document" && Object.keys(state.flow.draft.documents).length > 0) break;
    ({ state } = await converse([await autoAnswer(state)], { state }));
  }
  assert.equal(state.flow.name, "document");
  const draft = (state.flow as Extract<BotState["flow"], { name: "document" }>).draft;
  const [requirementId, [messageId]] = Object.entries(draft.documents)[0] as [string, string[]];
  return { state, requirementId, messageId: messageId! };
};

test("a refused file leaves the draft, its requirement is reopened and asked again, with what to send", async () => {
  const catalogue = await shippedCatalogue();
  const { state, requirementId, messageId } = await afterFirstDocument();
  const result = onFileRefused(state, catalogue, messageId, { reason: "type_not_allowed", limits });
  assert.equal(result.state.flow.name, "document");
  const draft = (result.state.flow as Extract<BotState["flow"], { name: "document" }>).draft;
  assert.equal(draft.documents[requirementId], undefined);
  assert.ok(!draft.closed.includes(requirementId));
  const [notice, prompt] = repliesOf(result.effects);
  assert.equal(
    notice,
    "File yang Anda kirim bukan foto atau PDF, jadi tidak kami simpan. Kirim foto dokumen (JPG/PNG) atau PDF, paling besar 5 MB untuk foto dan 20 MB untuk PDF.",
  );
  assert.match(prompt!, /Kirim \*Akta kelahiran anak\*/);
});

test("in English, and for a file the bot never counted, the citizen is only told", async () => {
  const catalogue = await shippedCatalogue();
  const { state } = await converse([text("english")]);
  const result = onFileRefused(state, catalogue, "m-unknown", { reason: "too_large", limits });
  assert.deepEqual(result.state, state);
  assert.deepEqual(repliesOf(result.effects), [
    "The file you sent is too large, so we did not keep it. Send a photo of the document (JPG/PNG) or a PDF, at most 5 MB for a photo and 20 MB for a PDF.",
  ]);
});

test("a kept file fits or is taken back by its real type", async () => {
  const catalogue = await shippedCatalogue();
  const { state, messageId } = await afterFirstDocument(); // the birth certificate: photo or PDF
  assert.equal(onFileKept(state, catalogue, messageId, "pdf"), undefined);
  assert.equal(onFileKept(state, catalogue, messageId, "jpeg"), undefined);
  assert.equal(onFileKept(state, catalogue, "m-unknown", "pdf"), undefined);
});

test("in a revision the refused page's item is asked again; in a complaint the photo is dropped", async () => {
  const catalogue = await shippedCatalogue();
  const base = (await converse([text("halo")])).state;
  const revision: BotState = {
    ...base,
    flow: {
      name: "revision",
      applicationId: "a1",
      trackingNumber: "KPG-A-2611-00042",
      items: [
        { requirementId: "kk", label: "KK", reason: "buram" },
        { requirementId: "pas_foto", label: "Pas foto", reason: "terpotong" },
      ],
      index: 1,
      documents: { kk: ["m1"] },
    },
  };
  const r = onFileRefused(revision, catalogue, "m1", { reason: "damaged", limits });
  assert.deepEqual(r.state.flow, { ...revision.flow, index: 0, documents: { kk: [] } });
  const replies = repliesOf(r.effects);
  assert.match(replies[0]!, /rusak atau tidak lengkap/);
  assert.match(replies[1]!, /\*KK\* — buram/);

  const complaint: BotState = {
    ...base,
    flow: { name: "complaint", stage: "photos", draft: { category: "layanan", photos: ["p1", "p2"] } },
  };
  const c = onFileRefused(complaint, catalogue, "p1", { reason: "polyglot", limits });
  assert.deepEqual(c.state.flow, { ...complaint.flow, draft: { category: "layanan", photos: ["p2"] } });
});
