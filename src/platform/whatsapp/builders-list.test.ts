import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type ListSection, listMessage, MessageLimitError } from "./builders.ts";

const to = "0812 3456 7890";
const x = (n: number, ch = "a"): string => ch.repeat(n);
const limit = (pattern: RegExp) => (err: unknown) =>
  err instanceof MessageLimitError && pattern.test(err.message);

describe("listMessage", () => {
  const body = "Pilih dokumen yang ingin diurus:";
  const rows = (prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, title: `Dokumen ${prefix}${i}` }));

  test("builds sections and rows", () => {
    const m = listMessage({
      to,
      body,
      buttonLabel: "Lihat layanan",
      sections: [
        { rows: [{ id: "kk", title: "Kartu Keluarga", description: "Pembuatan atau perubahan KK" }] },
      ],
    });
    assert.deepEqual(m.interactive, {
      type: "list",
      body: { text: body },
      action: {
        button: "Lihat layanan",
        sections: [
          { rows: [{ id: "kk", title: "Kartu Keluarga", description: "Pembuatan atau perubahan KK" }] },
        ],
      },
    });
  });

  test("10 rows across 2 sections ok, 11 throws", () => {
    const ok: ListSection[] = [
      { title: "Kependudukan", rows: rows("p", 5) },
      { title: "Pencatatan sipil", rows: rows("c", 5) },
    ];
    assert.doesNotThrow(() => listMessage({ to, body, buttonLabel: "Pilih", sections: ok }));
    const tooMany = [ok[0]!, { title: "Pencatatan sipil", rows: rows("c", 6) }];
    assert.throws(
      () => listMessage({ to, body, buttonLabel: "Pilih", sections: tooMany }),
      limit(/list rows \(all sections combined\) count is 11; WhatsApp allows 1 to 10/),
    );
  });

  test("10 sections ok, 11 throw; no sections or an empty section throws", () => {
    const sections = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ title: `Bagian ${i}`, rows: rows(`s${i}-`, 1) }));
    assert.doesNotThrow(() => listMessage({ to, body, buttonLabel: "Pilih", sections: sections(10) }));
    assert.throws(
      () => listMessage({ to, body, buttonLabel: "Pilih", sections: sections(11) }),
      limit(/list sections count is 11/),
    );
    assert.throws(
      () => listMessage({ to, body, buttonLabel: "Pilih", sections: [] }),
      limit(/list sections count is 0/),
    );
    assert.throws(
      () =>
        listMessage({
          to,
          body,
          buttonLabel: "Pilih",
          sections: [
            { title: "A", rows: rows("a", 2) },
            { title: "B", rows: [] },
          ],
        }),
      limit(/rows in section 2 count is 0/),
    );
  });

  test("more than one section without a title throws; one untitled section is fine", () => {
    assert.doesNotThrow(() =>
      listMessage({ to, body, buttonLabel: "Pilih", sections: [{ rows: rows("a", 2) }] }),
    );
    assert.throws(
      () =>
        listMessage({
          to,
          body,
          buttonLabel: "Pilih",
          sections: [{ title: "KTP", rows: rows("a", 1) }, { rows: rows("b", 1) }],
        }),
      limit(/section 2 has no title/),
    );
  });

  test("row ids must be unique across sections", () => {
    assert.throws(
      () =>
        listMessage({
          to,
          body,
          buttonLabel: "Pilih",
          sections: [
            { title: "A", rows: rows("x", 1) },
            { title: "B", rows: rows("x", 1) },
          ],
        }),
      limit(/row id "x0" is used twice/),
    );
  });

  test("row title 24, description 72, row id 200, section title 24, label 20 at the boundary", () => {
    const one = (row: { id: string; title: string; description?: string }, title?: string) => [
      { title, rows: [row] },
    ];
    const build =
      (sections: ListSection[], buttonLabel = "Pilih") =>
      () =>
        listMessage({ to, body, buttonLabel, sections });
    assert.doesNotThrow(build(one({ id: x(200), title: x(24), description: x(72) }, x(24)), x(20)));
    assert.throws(
      build(one({ id: "a", title: "Akta Kelahiran (terlambat)" })),
      limit(/row title "Akta Kelahiran \(terlambat\)" is 26 characters; WhatsApp allows 24/),
    );
    assert.throws(
      build(one({ id: "a", title: "A", description: x(73) })),
      limit(/row description .* is 73 characters; WhatsApp allows 72/),
    );
    assert.throws(build(one({ id: x(201), title: "A" })), limit(/201 characters; WhatsApp allows 200/));
    assert.throws(
      build(one({ id: "a", title: "A" }, x(25))),
      limit(/section title .* is 25 characters; WhatsApp allows 24/),
    );
    assert.throws(
      build(one({ id: "a", title: "A" }), "Lihat semua layanan kami"),
      limit(/list button label "Lihat semua layanan kami" is 24 characters; WhatsApp allows 20/),
    );
    assert.throws(build(one({ id: "a", title: "A" }), ""), limit(/list button label "" is empty/));
  });

  test("body 1024 (the safe limit) ok, 1025 throws", () => {
    const sections = [{ rows: rows("a", 1) }];
    assert.doesNotThrow(() => listMessage({ to, body: x(1024), buttonLabel: "Pilih", sections }));
    assert.throws(
      () => listMessage({ to, body: x(1025), buttonLabel: "Pilih", sections }),
      limit(/body text is 1025/),
    );
  });
});
