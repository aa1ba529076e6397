/** Admin › Templates over real HTTP: the registry, the office's templates, their status moves and audit. */
import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows } from "../../platform/db/client.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import type { RunningLontar } from "../../testing/lontar.ts";
import { listApprovedTemplates } from "../templates/templates.repo.ts";
import { createStaff, type DeskClient, freshOffice, signIn, startDeskLontar } from "./testing.ts";

/** A broadcast template that meets every rule. */
const FORM = {
  name: "undangan_rekam_ktp",
  language: "id",
  category: "utility",
  purpose: "Invitation to a KTP-el recording day in a kelurahan",
  headerText: "Perekaman KTP-el",
  headerExample: "",
  body: "Halo {{1}}, petugas Dukcapil membuka perekaman KTP-el di kantor {{2}} pada hari Sabtu. Bawa fotokopi KK Anda.",
  footer: "Dinas Dukcapil Kota Kupang",
  button: ["Saya datang", "Berhenti", ""],
  varName: ["nama", "kelurahan", "", ""],
  varExample: ["Maria Ndun", "Kelurahan Oebobo", "", ""],
};

describeEachDatabase("desk admin templates", (database) => {
  let lontar: RunningLontar;
  let admin: DeskClient;
  let adminId = "";
  let officeId = "";

  before(async () => {
    lontar = await startDeskLontar(database());
  });
  after(() => lontar.stop());
  beforeEach(async () => {
    const seed = await freshOffice(database(), lontar);
    officeId = seed.officeId;
    adminId = (await createStaff(database(), { officeId, username: "kepala.it", role: "admin" })).id;
    admin = await signIn(lontar.baseUrl, "kepala.it");
  });

  const q = <T>(query: ReturnType<typeof sql>) => rows<T>(database().db, query);
  const template = async (name = FORM.name) =>
    (
      await q<{ id: string; status: string; status_note: string | null; body: string; variables: unknown }>(
        sql`SELECT id, status, status_note, body, variables FROM message_templates WHERE name = ${name}`,
      )
    )[0];
  const audits = (id: string) =>
    q<{ action: string; actor_id: string; details: Record<string, unknown> }>(
      sql`SELECT action, actor_id, details FROM audit_log WHERE subject_type = 'message_template' AND subject_id = ${id} ORDER BY id`,
    );
  const create = async (form: Record<string, string | string[]> = FORM) => {
    const res = await admin.post("/desk/admin/templates/office", form);
    assert.equal(res.status, 303, res.body);
    return (await template(String(form.name)))!.id;
  };
  const move = (id: string, to: string, note = "") =>
    admin.post(`/desk/admin/templates/office/${id}/status`, { to, note });

  test("the registry lists the catalogue's templates (sistem) beside the office's (kantor) with their problems", async () => {
    await create();
    await create({
      ...FORM,
      name: "promo_ktp",
      category: "marketing",
      body: "{{1}} datang ya",
      varName: ["nama"],
      varExample: ["Maria"],
    });
    const page = await admin.get("/desk/admin/templates");
    assert.equal(page.status, 200);
    const first = lontar.citizens!.deps.catalogue.templates[0]!;
    assert.match(page.body, new RegExp(`data-template="${first.name}:id" data-source="system"`));
    assert.match(page.body, new RegExp(`data-template="${first.name}:en" data-source="system"`));
    assert.match(page.body, /data-template="undangan_rekam_ktp:id" data-source="office"/);
    assert.match(page.body, />sistem</);
    assert.match(page.body, />kantor</);
    assert.match(page.body, /Maria Ndun/, "variables with their examples");
    assert.match(page.body, /Sesuai aturan Meta/);
    // The broken one shows what Meta would reject, named by field, in Bahasa Indonesia.
    assert.match(page.body, /data-rule="starts_with_variable"/);
    assert.match(page.body, /<strong>Isi<\/strong>: diawali variabel/);
  });

  test("create, edit while draft, submit, approve, pause and resume; each change audited", async () => {
    const id = await create();
    const detail = await admin.get(`/desk/admin/templates/office/${id}?done=created`);
    assert.equal(detail.status, 200);
    assert.match(detail.body, /Template dibuat sebagai draf/);
    // The preview fills the examples in.
    assert.match(
      detail.body,
      /Halo Maria Ndun, petugas Dukcapil membuka perekaman KTP-el di kantor Kelurahan Oebobo/,
    );
    assert.match(detail.body, /Template utilitas gratis/);

    const edited = await admin.post(`/desk/admin/templates/office/${id}`, {
      ...FORM,
      body: `${FORM.body} Terima kasih.`,
    });
    assert.equal(edited.status, 303);
    assert.match((await template())!.body, /Terima kasih\.$/);
    assert.deepEqual((await template())!.variables, [
      { name: "nama", example: "Maria Ndun" },
      { name: "kelurahan", example: "Kelurahan Oebobo" },
    ]);

    assert.equal((await move(id, "submitted")).status, 303);
    assert.equal((await template())!.status, "submitted");
    const locked = await admin.post(`/desk/admin/templates/office/${id}`, FORM);
    assert.equal(locked.status, 422, "no edits once submitted");
    assert.match(locked.body, /hanya draf atau yang ditolak/);
    assert.equal((await admin.post(`/desk/admin/templates/office/${id}/delete`)).status, 422);
    assert.equal((await move(id, "paused")).status, 422, "submitted cannot go to paused");

    assert.equal((await move(id, "approved")).status, 303);
    assert.deepEqual(
      (await listApprovedTemplates(database().db, officeId)).map((t) => [t.name, t.variables.length]),
      [["undangan_rekam_ktp", 2]],
    );
    assert.equal((await listApprovedTemplates(database().db, officeId, { category: "marketing" })).length, 0);
    assert.equal((await move(id, "paused", "Kualitas rendah")).status, 303);
    assert.equal((await template())!.status_note, "Kualitas rendah");
    assert.equal((await listApprovedTemplates(database().db, officeId)).length, 0, "paused is not offered");
    assert.equal((await move(id, "approved")).status, 303);
    assert.equal((await template())!.status, "approved");

    const trail = await audits(id);
    assert.deepEqual(
      trail.map((a) => [a.action, a.details.to ?? null]),
      [
        ["template.create", null],
        ["template.update", null],
        ["template.status", "submitted"],
        ["template.status", "approved"],
        ["template.status", "paused"],
        ["template.status", "approved"],
      ],
    );
    assert.ok(trail.every((a) => a.actor_id === adminId));
    assert.equal(trail[4]!.details.note, "Kualitas rendah");
  });

  test("submission is refused while the rules find problems; the page says which", async () => {
    const id = await create({ ...FORM, body: "Halo {{1}} {{2}}", varExample: ["Maria Ndun", ""] });
    const refused = await move(id, "submitted");
    assert.equal(refused.status, 422);
    assert.match(refused.body, /masih bermasalah menurut aturan Meta/);
    assert.match(refused.body, /data-rule="adjacent_variables"/);
    assert.match(refused.body, /data-rule="ends_with_variable"/);
    assert.match(refused.body, /Variabel \{\{2\}\} \(contoh\)<\/strong>: tidak boleh kosong/);
    assert.equal((await template())!.status, "draft");
    assert.deepEqual(
      (await audits(id)).map((a) => a.action),
      ["template.create"],
      "a refusal records nothing",
    );
  });

  test("a rejection needs Meta's reason; a rejected template can be edited and submitted again", async () => {
    const id = await create();
    await move(id, "submitted");
    const bare = await move(id, "rejected");
    assert.equal(bare.status, 422);
    assert.match(bare.body, /alasan penolakan/);
    assert.equal((await move(id, "rejected", "Kategori seharusnya marketing")).status, 303);
    const row = (await template())!;
    assert.deepEqual([row.status, row.status_note], ["rejected", "Kategori seharusnya marketing"]);
    assert.equal(
      (await admin.post(`/desk/admin/templates/office/${id}`, { ...FORM, category: "marketing" })).status,
      303,
    );
    const page = await admin.get(`/desk/admin/templates/office/${id}`);
    assert.match(page.body, /data-note="marketing"/, "marketing templates carry the cost and opt-in note");
    assert.match(page.body, /selalu berbayar/);
    assert.equal((await move(id, "submitted")).status, 303);
  });

  test("names: unique per language, none of the system's, lowercase rules shown not enforced on drafts", async () => {
    await create();
    const taken = await admin.post("/desk/admin/templates/office", FORM);
    assert.equal(taken.status, 422);
    assert.match(taken.body, /sudah dipakai/);
    assert.match(taken.body, /value="undangan_rekam_ktp"/, "the form keeps what was typed");
    assert.equal((await admin.post("/desk/admin/templates/office", { ...FORM, language: "en" })).status, 303);
    const system = lontar.citizens!.deps.catalogue.templates[0]!.name;
    const reserved = await admin.post("/desk/admin/templates/office", { ...FORM, name: system });
    assert.equal(reserved.status, 422);
    assert.match(reserved.body, /template sistem/);
    assert.equal((await admin.post("/desk/admin/templates/office", { ...FORM, name: "" })).status, 422);
    assert.equal(
      (await admin.post("/desk/admin/templates/office", { ...FORM, category: "otp" })).status,
      422,
    );
    const id = await create({ ...FORM, name: "Undangan KTP" });
    const page = await admin.get(`/desk/admin/templates/office/${id}`);
    assert.match(page.body, /data-rule="name_format"/);
  });

  test("duplicate makes a draft copy; only drafts can be deleted; both audited", async () => {
    const id = await create();
    await move(id, "submitted");
    const dup = await admin.post(`/desk/admin/templates/office/${id}/duplicate`);
    assert.equal(dup.status, 303);
    const copy = (await template("undangan_rekam_ktp_salinan"))!;
    assert.equal(copy.status, "draft");
    assert.match(dup.location ?? "", new RegExp(copy.id));
    assert.equal((await admin.post(`/desk/admin/templates/office/${id}/duplicate`)).status, 303);
    assert.ok(await template("undangan_rekam_ktp_salinan_2"));
    assert.equal((await admin.post(`/desk/admin/templates/office/${copy.id}/delete`)).status, 303);
    assert.equal(await template("undangan_rekam_ktp_salinan"), undefined);
    assert.deepEqual(
      (await audits(copy.id)).map((a) => a.action),
      ["template.duplicate", "template.delete"],
    );
    assert.equal((await audits(copy.id))[0]!.details.from, id);
  });

  test("the preview: an htmx fragment as the admin types, the whole form on a plain submit", async () => {
    const fragment = await admin.post("/desk/admin/templates/preview", FORM, { htmx: true });
    assert.equal(fragment.status, 200);
    assert.doesNotMatch(fragment.body, /<html/);
    assert.match(fragment.body, /Halo Maria Ndun, petugas/);
    assert.match(fragment.body, /\[ Saya datang \]/);
    const page = await admin.post("/desk/admin/templates/preview", { ...FORM, body: "<b>{{1}}</b> hai" });
    assert.equal(page.status, 200);
    assert.match(page.body, /<html/);
    assert.match(page.body, /&lt;b&gt;Maria Ndun&lt;\/b&gt; hai/, "escaped, examples filled in");
    assert.match(page.body, /action="\/desk\/admin\/templates\/office"/);
    assert.equal((await q(sql`SELECT 1 FROM message_templates`)).length, 0, "a preview stores nothing");
  });

  test("the catalogue templates' status is still set as before", async () => {
    const name = lontar.citizens!.deps.catalogue.templates[0]!.name;
    assert.equal(
      (await admin.post("/desk/admin/templates", { name, language: "en", status: "approved" })).status,
      303,
    );
    const [row] = await q<{ status: string }>(
      sql`SELECT status FROM template_statuses WHERE name = ${name} AND language = 'en'`,
    );
    assert.equal(row!.status, "approved");
    assert.equal(
      (await admin.post("/desk/admin/templates", { name: "nope", language: "id", status: "approved" }))
        .status,
      404,
    );
  });
});
