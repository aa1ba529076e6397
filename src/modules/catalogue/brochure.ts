/**
 * The "digital brochure": one WhatsApp text per service (or variant) built from the catalogue, laid out
 * as the six published Standar Pelayanan components (UU 25/2009 Pasal 21) plus the in-person notice.
 */
import { charCount } from "../../platform/whatsapp/limits.ts";
import { resolve } from "./resolve.ts";
import type { Catalogue, Delivery, Locale, Requirement, Resolved, Service, Sla } from "./schema.ts";

/** WhatsApp's cap on a text message body. */
export const TEXT_MESSAGE_MAX = 4096;

/** Cost is never configurable: adminduk is free by law, and any other wording invites pungli. */
export const FREE_OF_CHARGE: Record<Locale, string> = {
  id: "Gratis (UU 24/2013 Pasal 79A)",
  en: "Free — Gratis (UU 24/2013 Pasal 79A)",
};

const WORDS = {
  id: {
    requirements: "Persyaratan",
    general: "Persyaratan umum",
    choose: "Pilih jenis layanan",
    oneOf: "Salah satu",
    or: "atau",
    optional: "Opsional",
    plusData: "ditambah data",
    data: "Data yang ditanyakan",
    procedure: "Prosedur",
    time: "Waktu penyelesaian",
    afterComplete: "setelah berkas lengkap",
    atCounter: "di tempat",
    estimate: "perkiraan",
    cost: "Biaya",
    product: "Hasil layanan",
    inPerson: "Wajib datang langsung",
    notOnline: "Layanan ini *tidak bisa* diurus lewat WhatsApp.",
    where: "Tempat",
    hours: "Jam",
    bring: "Bawa",
    notes: "Penting",
    complaints: "Pengaduan",
    eligibility: "Siapa yang bisa mengajukan",
    kind: { photo: "foto", pdf: "PDF", either: "foto/PDF" },
    pages: (n: number) => `maks. ${n} halaman`,
    delivery: {
      pdf_whatsapp: "PDF bertanda tangan elektronik dikirim lewat WhatsApp ini",
      pickup: "diambil di",
      chat_reply: "dijawab lewat chat ini",
    },
    unit: {
      minutes: () => "menit",
      clock_hours: () => "jam",
      working_hours: () => "jam kerja",
      working_days: () => "hari kerja",
    },
  },
  en: {
    requirements: "Requirements",
    general: "General requirements",
    choose: "Choose the kind of service",
    oneOf: "One of",
    or: "or",
    optional: "Optional",
    plusData: "plus",
    data: "Information we will ask for",
    procedure: "Procedure",
    time: "Processing time",
    afterComplete: "after your file is complete",
    atCounter: "on the spot",
    estimate: "estimate",
    cost: "Cost",
    product: "What you receive",
    inPerson: "You must come in person",
    notOnline: "This service *cannot* be done over WhatsApp.",
    where: "Place",
    hours: "Hours",
    bring: "Bring",
    notes: "Important",
    complaints: "Complaints",
    eligibility: "Who can apply",
    kind: { photo: "photo", pdf: "PDF", either: "photo/PDF" },
    pages: (n: number) => `max. ${n} pages`,
    delivery: {
      pdf_whatsapp: "electronically signed PDF sent on this WhatsApp",
      pickup: "collect at",
      chat_reply: "answered in this chat",
    },
    unit: {
      minutes: (n: number) => (n === 1 ? "minute" : "minutes"),
      clock_hours: (n: number) => (n === 1 ? "hour" : "hours"),
      working_hours: (n: number) => (n === 1 ? "working hour" : "working hours"),
      working_days: (n: number) => (n === 1 ? "working day" : "working days"),
    },
  },
} as const;

/** "3 hari kerja", "30 minutes"; the caller adds "after your file is complete" where it fits. */
export const slaText = (sla: Pick<Sla, "value" | "unit">, locale: Locale): string => {
  const n = sla.value.toLocaleString(locale === "id" ? "id-ID" : "en-GB");
  return `${n} ${WORDS[locale].unit[sla.unit](sla.value)}`;
};

const requirementLine = (r: Requirement, locale: Locale): string => {
  const w = WORDS[locale];
  const pages = r.max_pages > 1 ? `, ${w.pages(r.max_pages)}` : "";
  return `${r.label[locale]} — ${w.kind[r.kind]}${pages}`;
};

const requirementLines = (x: Resolved, locale: Locale): string[] => {
  const w = WORDS[locale];
  const byId = new Map(x.requirements.map((r) => [r.id, r]));
  const fieldLabel = new Map(x.fields.map((f) => [f.id, f.label[locale]]));
  const line = (r: Requirement) => {
    const cond = r.when ? ` _(${r.when.text[locale]})_` : "";
    const prefix = r.presence === "optional" ? `${w.optional}: ` : "";
    return `• ${prefix}${requirementLine(r, locale)}${cond}`;
  };
  // Required first, then the either/or choices, then what only some applicants need.
  const lines = x.requirements.filter((r) => r.presence === "required").map(line);
  const optional = x.requirements.filter((r) => r.presence === "optional").map(line);
  for (const g of x.alternatives) {
    lines.push(`• ${w.oneOf} — ${g.label[locale]}:`);
    g.one_of.forEach((o, i) => {
      const docs = o.requirements.flatMap((id) => {
        const r = byId.get(id);
        return r ? [requirementLine(r, locale)] : [];
      });
      const data = o.fields.map((f) => fieldLabel.get(f) ?? f);
      const extra = data.length > 0 ? `; ${w.plusData}: ${data.join(", ")}` : "";
      lines.push(`   ${i === 0 ? "◦" : `◦ _${w.or}_`} ${docs.join(" + ")}${extra}`);
    });
  }
  return [...lines, ...optional];
};

const deliveryLine = (d: Delivery, catalogue: Catalogue, locale: Locale): string => {
  const w = WORDS[locale].delivery;
  const how =
    d.method === "pickup" ? `${w.pickup} ${(d.where ?? catalogue.office.address)[locale]}` : w[d.method];
  return `${d.what[locale]}: ${how}`;
};

export type StandarPelayanan = {
  persyaratan: string[];
  prosedur: string[];
  jangkaWaktu?: string;
  biaya: string;
  produk: string[];
  pengaduan: string;
};

/** The six components UU 25/2009 Pasal 21 requires to be published, for one service or variant. */
export const standarPelayanan = (
  catalogue: Catalogue,
  service: Service,
  variantCode: string | undefined,
  locale: Locale,
): StandarPelayanan => {
  const x = resolve(catalogue, service, variantCode);
  const w = WORDS[locale];
  const estimate = x.sla?.confidence === "unconfirmed" ? ` (${w.estimate})` : "";
  return {
    persyaratan: requirementLines(x, locale),
    prosedur: x.procedure.map((p, i) => `${i + 1}. ${p[locale]}`),
    ...(x.sla
      ? {
          jangkaWaktu: `${slaText(x.sla, locale)} ${x.online === "none" ? w.atCounter : w.afterComplete}${estimate}`,
        }
      : {}),
    biaya: FREE_OF_CHARGE[locale],
    produk: [
      ...(x.product && x.delivery.length === 0 ? [x.product[locale]] : []),
      ...x.delivery.map((d) => deliveryLine(d, catalogue, locale)),
    ],
    pengaduan: catalogue.complaints.text[locale],
  };
};

const inPersonLines = (x: Resolved, locale: Locale): string[] => {
  const w = WORDS[locale];
  if (!x.inPerson) return x.online === "none" ? [w.notOnline] : [];
  const p = x.inPerson;
  return [
    ...(x.online === "none" ? [w.notOnline] : []),
    `*${w.inPerson}:* ${p.step[locale]}. ${p.reason[locale]}`,
    `${w.where}: ${p.where[locale]}`,
    `${w.hours}: ${p.hours[locale]}`,
    ...(p.bring.length > 0 ? [`${w.bring}: ${p.bring.map((b) => b[locale]).join(", ")}`] : []),
  ];
};

/**
 * The brochure for a variant, or for the service as a whole: for a service with variants and none
 * chosen, an overview that lists the variants and the requirements they share.
 */
export const renderBrochure = (
  catalogue: Catalogue,
  service: Service,
  variantCode: string | undefined,
  locale: Locale,
): string => {
  const w = WORDS[locale];
  const x = resolve(catalogue, service, variantCode);
  const sp = standarPelayanan(catalogue, service, variantCode, locale);
  const overview = variantCode === undefined && service.variants.length > 0;
  const title = x.variant ? x.variant.names[locale] : service.names[locale];
  const description = x.variant ? x.variant.description[locale] : service.description[locale];
  const blocks: string[][] = [[`*${title}*`, description]];

  if (overview) {
    blocks.push([
      `*${w.choose}:*`,
      ...service.variants.map((v) => `• *${v.short_title[locale]}* — ${v.description[locale]}`),
    ]);
    if (sp.persyaratan.length > 0) blocks.push([`*${w.general}:*`, ...sp.persyaratan]);
  } else {
    // Information-only services lead with "come in person", before anything that looks like a form.
    if (x.online === "none") blocks.push(inPersonLines(x, locale));
    if (x.eligibility) blocks.push([`*${w.eligibility}:* ${x.eligibility[locale]}`]);
    if (sp.persyaratan.length > 0)
      blocks.push([`*${w.requirements}:*`, ...sp.persyaratan, `_${catalogue.photo_hint[locale]}_`]);
    // Fields behind a condition or an either/or option (witnesses) are not asked of everyone.
    const optionFields = new Set(x.alternatives.flatMap((g) => g.one_of.flatMap((o) => o.fields)));
    const asked = x.fields
      .filter((f) => f.required && !f.when && !optionFields.has(f.id))
      .map((f) => f.label[locale]);
    if (asked.length > 0) blocks.push([`*${w.data}:* ${asked.join(", ")}`]);
    if (sp.prosedur.length > 0) blocks.push([`*${w.procedure}:*`, ...sp.prosedur]);
    if (sp.jangkaWaktu) blocks.push([`*${w.time}:* ${sp.jangkaWaktu}`]);
  }
  blocks.push([`*${w.cost}:* ${sp.biaya}`]);
  if (!overview && sp.produk.length > 0) blocks.push([`*${w.product}:*`, ...sp.produk.map((p) => `• ${p}`)]);
  const inPerson = overview || x.online === "none" ? [] : inPersonLines(x, locale);
  if (inPerson.length > 0) blocks.push(inPerson);
  const notes = overview ? service.notes : x.notes;
  if (notes.length > 0) blocks.push([`*${w.notes}:*`, ...notes.map((n) => `• ${n.text[locale]}`)]);
  blocks.push([`*${w.complaints}:* ${sp.pengaduan}`], [`_${catalogue.anti_scam[locale]}_`]);
  return blocks.map((b) => b.join("\n")).join("\n\n");
};

/** Brochures longer than one WhatsApp message, as problems for the loader. */
export const brochureProblems = (catalogue: Catalogue): string[] => {
  const problems: string[] = [];
  for (const s of catalogue.services) {
    for (const v of [undefined, ...s.variants.map((v) => v.code)]) {
      for (const locale of ["id", "en"] as const) {
        const n = charCount(renderBrochure(catalogue, s, v, locale));
        const name = v ? `${s.code}/${v}` : s.code;
        if (n > TEXT_MESSAGE_MAX)
          problems.push(
            `brochure of ${name} (${locale}) is ${n} characters; WhatsApp allows ${TEXT_MESSAGE_MAX}`,
          );
      }
    }
  }
  return problems;
};

export type ListRow = { id: string; title: string; description: string };

/** Rows for the service menu (the bot pages them: a list message holds at most 10). */
export const serviceRows = (catalogue: Catalogue, locale: Locale): ListRow[] =>
  catalogue.services.map((s) => ({
    id: s.code,
    title: s.short_title[locale],
    description: s.description[locale],
  }));

export const variantRows = (service: Service, locale: Locale): ListRow[] =>
  service.variants.map((v) => ({
    id: `${service.code}:${v.code}`,
    title: v.short_title[locale],
    description: v.description[locale],
  }));
