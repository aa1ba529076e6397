/** Admin › WhatsApp numbers: each channel, the services it serves (none ticked = all), edit and add. */
import { asc, eq } from "drizzle-orm";
import type { FastifyInstance, FastifyReply } from "fastify";
import { channels, offices } from "../../../platform/db/schema/index.ts";
import { recordAudit } from "../../audit/audit.service.ts";
import { addChannel, updateChannel } from "../../offices/channels.service.ts";
import { DomainError } from "../../shared/domain-error.ts";
import type { DeskDeps, DeskUser } from "../context.ts";
import { notFound } from "../errors.tsx";
import { serviceName } from "../labels.ts";
import { Notice } from "../layout.tsx";
import { sendPage } from "../respond.ts";
import { userOf } from "../session.ts";
import { defineWords } from "../words.ts";
import { AdminPage, attempt, Csrf, doneMessage, type Message, many, tabLabel } from "./admin.layout.tsx";

const nw = defineWords({
  id: {
    empty: "Belum ada nomor WhatsApp. Tambahkan nomor di bawah.",
    label: "Label",
    phoneNumberId: "Phone number ID (dari Meta › WhatsApp › API Setup)",
    display: "Nomor yang tampil (mis. 62380…)",
    waba: "WABA ID (opsional)",
    services: "Layanan yang dilayani (tidak ada yang dicentang = semua layanan)",
    allServices: "Semua layanan",
    active: "Dipakai",
    inactive: "Tidak dipakai",
    save: "Simpan",
    add: "Tambah nomor",
    addButton: "Tambah nomor",
    done_added: "Nomor ditambahkan.",
    done_saved: "Nomor disimpan.",
    invalid_phone_number_id: "Phone number ID berisi 5–30 angka (bukan nomor telepon).",
    number_exists: "Phone number ID itu sudah terdaftar.",
    label_required: "Tulis labelnya.",
  },
  en: {
    empty: "No WhatsApp numbers yet. Add one below.",
    label: "Label",
    phoneNumberId: "Phone number ID (from Meta › WhatsApp › API Setup)",
    display: "Displayed number (e.g. 62380…)",
    waba: "WABA ID (optional)",
    services: "Services it serves (none ticked = every service)",
    allServices: "Every service",
    active: "In use",
    inactive: "Not in use",
    save: "Save",
    add: "Add a number",
    addButton: "Add number",
    done_added: "Number added.",
    done_saved: "Number saved.",
    invalid_phone_number_id: "A phone number ID has 5–30 digits (it is not the phone number).",
    number_exists: "That phone number ID is already registered.",
    label_required: "Write the label.",
  },
});

type Channel = typeof channels.$inferSelect;
type Body = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? "") : (v ?? "")).trim();

const ServiceBoxes = ({ user, deps, checked }: { user: DeskUser; deps: DeskDeps; checked: string[] }) => (
  <fieldset class="services-field">
    <legend>{nw(user.locale, "services")}</legend>
    {deps.citizen.catalogue.services.map((s) => (
      <label class="check">
        <input type="checkbox" name="services" value={s.code} checked={checked.includes(s.code)} />
        <span>{s.names[user.locale]}</span>
      </label>
    ))}
  </fieldset>
);

const ChannelCard = ({ user, deps, c }: { user: DeskUser; deps: DeskDeps; c: Channel }) => {
  const l = user.locale;
  return (
    <section class="card manage-section" aria-label={c.label} data-channel={c.phoneNumberId}>
      <h2>
        {c.label}{" "}
        <span class={`badge ${c.active ? "ok" : "bad"}`}>{nw(l, c.active ? "active" : "inactive")}</span>
      </h2>
      <p class="muted">
        {c.displayPhoneNumber ?? "—"} · ID {c.phoneNumberId} ·{" "}
        {c.serviceCodes.length === 0
          ? nw(l, "allServices")
          : c.serviceCodes.map((s) => serviceName(deps.citizen.catalogue, l, s)).join(", ")}
      </p>
      <form method="post" action={`/desk/admin/numbers/${c.id}`} class="manage-grid">
        <Csrf user={user} />
        <div class="stack">
          <label>
            {nw(l, "label")}
            <input name="label" value={c.label} required maxlength={100} />
          </label>
          <label class="check">
            <input type="checkbox" name="active" value="1" checked={c.active} />
            <span>{nw(l, "active")}</span>
          </label>
          <button type="submit">{nw(l, "save")}</button>
        </div>
        <ServiceBoxes user={user} deps={deps} checked={c.serviceCodes} />
      </form>
    </section>
  );
};

const AddForm = ({ user, deps }: { user: DeskUser; deps: DeskDeps }) => {
  const l = user.locale;
  return (
    <section class="card manage-section" aria-labelledby="add-h">
      <h2 id="add-h">{nw(l, "add")}</h2>
      <form method="post" action="/desk/admin/numbers" class="manage-grid">
        <Csrf user={user} />
        <div class="stack">
          <label>
            {nw(l, "label")}
            <input name="label" required maxlength={100} />
          </label>
          <label>
            {nw(l, "phoneNumberId")}
            <input name="phoneNumberId" required inputmode="numeric" pattern="[0-9]{5,30}" />
          </label>
          <label>
            {nw(l, "display")}
            <input name="display" inputmode="tel" maxlength={20} />
          </label>
          <label>
            {nw(l, "waba")}
            <input name="waba" inputmode="numeric" maxlength={30} />
          </label>
          <button type="submit" class="primary">
            {nw(l, "addButton")}
          </button>
        </div>
        <ServiceBoxes user={user} deps={deps} checked={[]} />
      </form>
    </section>
  );
};

export const numbersRoutes = (deps: DeskDeps) => async (app: FastifyInstance) => {
  const db = deps.database.db;
  const known = (codes: string[]) =>
    codes.filter((c) => deps.citizen.catalogue.services.some((s) => s.code === c));

  const page = async (reply: FastifyReply, user: DeskUser, message?: Message, status = 200) => {
    const list = await db
      .select()
      .from(channels)
      .where(eq(channels.officeId, user.officeId))
      .orderBy(asc(channels.createdAt));
    return sendPage(
      reply,
      <AdminPage
        user={user}
        deps={deps}
        tab="numbers"
        title={tabLabel(user.locale, "numbers")}
        message={message}
      >
        {list.length === 0 && <Notice kind="empty">{nw(user.locale, "empty")}</Notice>}
        {list.map((c) => (
          <ChannelCard user={user} deps={deps} c={c} />
        ))}
        <AddForm user={user} deps={deps} />
      </AdminPage>,
      status,
    );
  };

  const audit = (user: DeskUser, action: string, subjectId: string, details: Record<string, unknown>) =>
    ({
      officeId: user.officeId,
      actorId: user.id,
      action,
      subjectType: "channel",
      subjectId,
      details,
    }) as const;

  app.get("/desk/admin/numbers", (req, reply) =>
    page(reply, userOf(req), doneMessage(nw, userOf(req).locale, req.query)),
  );

  app.post<{ Body: Body }>("/desk/admin/numbers", (req, reply) => {
    const user = userOf(req);
    const b = req.body ?? {};
    return attempt(req, reply, {
      words: nw,
      run: async () => {
        const phoneNumberId = one(b.phoneNumberId);
        // addChannel (shared with the CLI) checks the same, in English only; the desk says it in both languages.
        if (!/^\d{5,30}$/.test(phoneNumberId)) throw new DomainError("invalid_phone_number_id");
        if (!one(b.label)) throw new DomainError("label_required");
        await db.transaction(async (tx) => {
          const [office] = await tx.select().from(offices).where(eq(offices.id, user.officeId));
          const [taken] = await tx.select().from(channels).where(eq(channels.phoneNumberId, phoneNumberId));
          if (taken) throw new DomainError("number_exists");
          const channel = await addChannel(tx, {
            officeSlug: office!.slug,
            phoneNumberId,
            label: one(b.label).slice(0, 100),
            serviceCodes: known(many(b.services)),
            displayPhoneNumber: one(b.display) || undefined,
            wabaId: one(b.waba) || undefined,
          });
          await recordAudit(
            tx,
            audit(user, "channel.add", channel.id, { phoneNumberId, label: channel.label }),
          );
        });
        return "/desk/admin/numbers?done=added";
      },
      back: (message, status) => page(reply, user, message, status),
    });
  });

  app.post<{ Params: { id: string }; Body: Body }>("/desk/admin/numbers/:id", (req, reply) => {
    const user = userOf(req);
    const b = req.body ?? {};
    if (!/^[0-9a-f-]{36}$/i.test(req.params.id)) throw notFound();
    return attempt(req, reply, {
      words: nw,
      run: async () => {
        if (!one(b.label)) throw new DomainError("label_required");
        await db.transaction(async (tx) => {
          const changes = {
            label: one(b.label).slice(0, 100),
            serviceCodes: known(many(b.services)),
            active: Boolean(one(b.active)),
          };
          const row = await updateChannel(tx, {
            officeId: user.officeId,
            channelId: req.params.id,
            ...changes,
          });
          if (!row) throw new DomainError("channel_not_found");
          await recordAudit(tx, audit(user, "channel.edit", row.id, changes));
        });
        return "/desk/admin/numbers?done=saved";
      },
      back: (message, status) => page(reply, user, message, status),
    });
  });
};
