import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fromOutbound } from "./content.ts";
import { createChatStore } from "./store.ts";

describe("simulator content and store", () => {
  it("renders template sends readably", () => {
    const content = fromOutbound({
      messaging_product: "whatsapp",
      to: "+6281234500001",
      type: "template",
      template: {
        name: "akta_siap_diambil",
        language: { code: "id", policy: "deterministic" },
        components: [
          {
            type: "header",
            parameters: [{ type: "document", document: { id: "123", filename: "akta.pdf" } }],
          },
          {
            type: "body",
            parameters: [
              { type: "text", text: "Maria" },
              { type: "text", text: "KPG-0042" },
            ],
          },
          {
            type: "button",
            sub_type: "quick_reply",
            index: "0",
            parameters: [{ type: "payload", payload: "OK" }],
          },
        ],
      },
    });
    assert.deepEqual(content, {
      kind: "template",
      name: "akta_siap_diambil",
      language: "id",
      header: { mediaKind: "document", mediaId: "123", filename: "akta.pdf" },
      body: ["Maria", "KPG-0042"],
      buttons: [{ index: 0, subType: "quick_reply", payload: "OK" }],
    });
  });

  it("keeps a bounded history per citizen", () => {
    const store = createChatStore({ perChat: 2, maxChats: 1 });
    const add = (phone: string, id: string) =>
      store.add(phone, {
        id,
        from: "citizen",
        at: new Date().toISOString(),
        tick: "sent",
        content: { kind: "text", body: id },
      });
    add("1", "a");
    add("1", "b");
    add("1", "c");
    assert.deepEqual(
      store.history("1").map((m) => m.id),
      ["b", "c"],
    );
    store.markReadUpTo("a"); // trimmed away: ignored
    store.markReadUpTo("c");
    assert.deepEqual(
      store.history("1").map((m) => m.tick),
      ["read", "read"],
    );
    add("2", "d");
    assert.deepEqual(store.history("1"), []);
  });
});
