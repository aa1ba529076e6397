/** Admin › Catalogue: the loaded service catalogue, read-only, with every rule's source and confidence. */
import type { FastifyInstance } from "fastify";
import type { Requirement, Service, Sla, Variant } from "../../catalogue/schema.ts";
import type { DeskDeps, DeskUser, Locale } from "../context.ts";
import { Notice } from "../layout.tsx";
import { sendPage } from "../respond.ts";
import { userOf } from "../session.ts";
import { defineWords } from "../words.ts";
import { AdminPage, tabLabel } from "./admin.layout.tsx";

const gw = defineWords({
  id: {
    help: "Katalog dibaca dari folder catalogue/ saat Lontar mulai; ubah berkasnya lalu jalankan ulang. Tanda belum dicek berarti aturan itu belum dicocokkan dengan sumber resmi.",
    version: "Versi",
    digest: "Sidik (sha256)",
    services: "Layanan",
    empty: "Katalog tidak memuat layanan.",
    legal: "Dasar hukum",
    variants: "Varian",
    requirements: "Persyaratan",
    fields: "Isian",
    sla: "Batas waktu (SLA)",
    none: "—",
    confirmed: "sudah dicek",
    unconfirmed: "belum dicek",
    warnings: "Peringatan katalog",
  },
  en: {
    help: "The catalogue is read from the catalogue/ folder when Lontar starts; edit the files and restart. Not checked means the rule has not been matched against the official source.",
    version: "Version",
    digest: "Digest (sha256)",
    services: "Services",
    empty: "The catalogue has no services.",
    legal: "Legal basis",
    variants: "Variants",
    requirements: "Requirements",
    fields: "Fields",
    sla: "Time limit (SLA)",
    none: "—",
    confirmed: "checked",
    unconfirmed: "not checked",
    warnings: "Catalogue warnings",
  },
});

const Sourced = ({ l, s }: { l: Locale; s: { source: string; confidence: string } }) => (
  <span class="muted">
    {" "}
    ({s.source};{" "}
    <span class={`badge ${s.confidence === "confirmed" ? "ok" : "warn"}`}>
      {gw(l, s.confidence as "confirmed")}
    </span>
    )
  </span>
);

const SlaText = ({ l, sla }: { l: Locale; sla?: Sla }) =>
  sla ? (
    <>
      {sla.value} {sla.unit}
      <Sourced l={l} s={sla} />
    </>
  ) : (
    gw(l, "none")
  );

const Requirements = ({ l, list }: { l: Locale; list: Requirement[] }) =>
  list.length === 0 ? null : (
    <ul>
      {list.map((r) => (
        <li>
          {r.label[l]} · {r.kind} · {r.presence}
          <Sourced l={l} s={r} />
        </li>
      ))}
    </ul>
  );

const fieldNames = (l: Locale, fields: Service["fields"]) =>
  fields.map((f) => (typeof f === "string" ? f : f.label[l])).join(", ") || "—";

const VariantView = ({ l, v }: { l: Locale; v: Variant }) => (
  <li>
    <strong>{v.names[l]}</strong> <code>{v.code}</code> · {gw(l, "sla")}: <SlaText l={l} sla={v.sla} />
    <div class="muted">
      {gw(l, "fields")}: {fieldNames(l, v.fields)}
    </div>
    <Requirements l={l} list={v.requirements} />
  </li>
);

const ServiceView = ({ l, s }: { l: Locale; s: Service }) => (
  <details class="card manage-section" data-service={s.code}>
    <summary>
      <strong>{s.names[l]}</strong> <code>{s.code}</code> · {s.kind}
    </summary>
    <p>
      {gw(l, "legal")}:{" "}
      {s.legal_basis.map((b) => (
        <Sourced l={l} s={b} />
      ))}
    </p>
    <p>
      {gw(l, "sla")}: <SlaText l={l} sla={s.sla} />
    </p>
    <p>
      {gw(l, "fields")}: {fieldNames(l, s.fields)}
    </p>
    {s.requirements.length > 0 && <h3>{gw(l, "requirements")}</h3>}
    <Requirements l={l} list={s.requirements} />
    {s.variants.length > 0 && (
      <>
        <h3>{gw(l, "variants")}</h3>
        <ul>
          {s.variants.map((v) => (
            <VariantView l={l} v={v} />
          ))}
        </ul>
      </>
    )}
  </details>
);

const CataloguePage = ({ user, deps }: { user: DeskUser; deps: DeskDeps }) => {
  const l = user.locale;
  const c = deps.citizen.catalogue;
  return (
    <AdminPage user={user} deps={deps} tab="catalogue" title={tabLabel(l, "catalogue")}>
      <Notice kind="empty">{gw(l, "help")}</Notice>
      <section class="card manage-section">
        <p>
          {gw(l, "version")}: <strong data-version>{c.version}</strong>
        </p>
        <p>
          {gw(l, "digest")}: <code>{c.digest}</code>
        </p>
        {c.warnings.length > 0 && (
          <>
            <h2>{gw(l, "warnings")}</h2>
            <ul>
              {c.warnings.map((w) => (
                <li>{w}</li>
              ))}
            </ul>
          </>
        )}
      </section>
      <h2>{gw(l, "services")}</h2>
      {c.services.length === 0 ? (
        <Notice kind="empty">{gw(l, "empty")}</Notice>
      ) : (
        c.services.map((s) => <ServiceView l={l} s={s} />)
      )}
    </AdminPage>
  );
};

export const catalogueRoutes = (deps: DeskDeps) => async (app: FastifyInstance) => {
  app.get("/desk/admin/catalogue", (req, reply) =>
    sendPage(reply, <CataloguePage user={userOf(req)} deps={deps} />),
  );
};
