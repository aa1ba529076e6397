/**
 * The Standar Pelayanan of the WhatsApp service as data: for every service (each variant on its own) the six
 * components UU 25/2009 Pasal 21 requires to be published (PermenPAN-RB 15/2014), taken from the catalogue
 * through the same `standarPelayanan` lines the bot's brochure sends. Nothing is made up: a component the
 * catalogue lacks becomes a "fill" line the office must complete, and a value the catalogue marks
 * unconfirmed becomes a "check" line, so the draft cannot be signed as if it were settled.
 */
import { standarPelayanan } from "../catalogue/brochure.ts";
import { resolve } from "../catalogue/resolve.ts";
import type { Catalogue, Resolved, Service } from "../catalogue/schema.ts";
import { hasAddress, hoursLines, type PublicOffice, zoneLabel } from "./office.service.ts";

/** fill: missing from the catalogue, the office writes it; check: in the catalogue but not yet confirmed. */
export type Line = { text: string; mark?: "fill" | "check" };
/** `extra`: printed after the six without a number (not one of the published components). */
export type Component = { title: string; lines: Line[]; extra?: boolean };
export type Section = { title: string; components: Component[] };

export const COMPONENT_TITLES = [
  "Persyaratan",
  "Sistem, mekanisme, dan prosedur",
  "Jangka waktu pelayanan",
  "Biaya/tarif",
  "Produk pelayanan",
  "Penanganan pengaduan, saran, dan masukan",
] as const;

const plain = (text: string) => ({ text });
const fill = (what: string): Line => ({ text: what, mark: "fill" });
const checked = (text: string, confirmed: boolean): Line => (confirmed ? { text } : { text, mark: "check" });

const MODE = {
  full: "Seluruh proses melalui WhatsApp resmi kantor.",
  partial: "Melalui WhatsApp resmi kantor, dengan satu langkah dilakukan langsung di kantor.",
  none: "Tidak dapat dilakukan melalui WhatsApp; dilayani langsung di kantor.",
};

const requirementsOf = (x: Resolved, lines: string[]): Line[] => {
  const bring = x.inPerson?.bring.map((b) => b.id) ?? [];
  const out: Line[] = lines.map(plain);
  if (bring.length > 0) out.push(plain(`Dibawa saat datang ke kantor: ${bring.join(", ")}`));
  const unconfirmed = [...x.requirements, ...x.alternatives]
    .filter((r) => r.confidence === "unconfirmed")
    .map((r) => r.label.id);
  if (unconfirmed.length > 0) out.push(checked(`Belum dikonfirmasi: ${unconfirmed.join("; ")}`, false));
  return out.length > 0 ? out : [fill("Persyaratan layanan ini belum ada di katalog.")];
};

const procedureOf = (x: Resolved, lines: string[]): Line[] => {
  const out: Line[] = [plain(MODE[x.online])];
  if (x.inPerson)
    out.push(
      checked(
        `Datang langsung: ${x.inPerson.step.id} (${x.inPerson.where.id}).`,
        x.inPerson.confidence === "confirmed",
      ),
    );
  out.push(...lines.map(plain));
  if (lines.length === 0) out.push(fill("Langkah-langkah layanan ini belum ada di katalog."));
  return out;
};

/** The time without the brochure's "(perkiraan)": on paper the mark says it instead. */
const timeOf = (x: Resolved, time: string | undefined): Line[] =>
  time && x.sla
    ? [checked(time.replace(/\s*\((perkiraan|estimate)\)$/, ""), x.sla.confidence === "confirmed")]
    : [fill("Jangka waktu layanan ini belum ada di katalog.")];

/** The chat itself is named, not described ("Chat WhatsApp ini" means nothing on paper). */
const complaintLines = (catalogue: Catalogue): Line[] =>
  catalogue.complaints.channels.map((c) =>
    checked(hasAddress(c.contact.id) ? `${c.name}: ${c.contact.id}` : c.name, c.confidence === "confirmed"),
  );

const scopeSection = (catalogue: Catalogue, s: Service, v: string | undefined, n: number): Section => {
  const x = resolve(catalogue, s, v);
  const sp = standarPelayanan(catalogue, s, v, "id");
  const title = x.variant ? `${s.names.id} — ${x.variant.names.id}` : s.names.id;
  const lines: Line[][] = [
    requirementsOf(x, sp.persyaratan),
    procedureOf(x, sp.prosedur),
    timeOf(x, sp.jangkaWaktu),
    [plain(sp.biaya)],
    sp.produk.length > 0 ? sp.produk.map(plain) : [fill("Produk layanan ini belum ada di katalog.")],
    complaintLines(catalogue),
  ];
  return {
    title: `${n}. ${title}`,
    components: [
      ...COMPONENT_TITLES.map((t, i) => ({ title: t, lines: lines[i]! })),
      // Dasar hukum is an internal component, but the catalogue has it and it ties each service to its rule.
      {
        title: "Dasar hukum",
        lines: s.legal_basis.map((b) => checked(b.source, b.confidence === "confirmed")),
        extra: true,
      },
    ],
  };
};

/** Every service's six components, in catalogue order, numbered. */
export const serviceSections = (catalogue: Catalogue): Section[] => {
  let n = 0;
  return catalogue.services.flatMap((s) =>
    (s.variants.length > 0 ? s.variants.map((v) => v.code) : [undefined]).map((v) =>
      scopeSection(catalogue, s, v, ++n),
    ),
  );
};

/** What holds for every service: who serves, on which numbers, when, for how much, and where to complain. */
export const generalSection = (
  catalogue: Catalogue,
  office: PublicOffice,
  o: { numbers: string[]; siteUrl: string },
): Section => {
  const confirmed = catalogue.office.confidence === "confirmed";
  const hours = office.weekly
    ? hoursLines(office.weekly, "id").map((h) =>
        checked(`${h.days}: ${h.times ? `${h.times} ${zoneLabel(office.timeZone)}` : "tutup"}`, confirmed),
      )
    : [checked(catalogue.office.hours.id, confirmed)];
  const component = (title: string, lines: Line[]) => ({ title, lines });
  return {
    title: "A. Ketentuan umum",
    components: [
      component("Penyelenggara", [plain(catalogue.office.name.id)]),
      component(
        "Saluran layanan (WhatsApp resmi)",
        o.numbers.length > 0 ? o.numbers.map(plain) : [fill("Nomor WhatsApp resmi kantor.")],
      ),
      component("Waktu layanan", [
        ...hours,
        plain(
          "Pesan dapat dikirim setiap saat dan ditanggapi pada jam layanan; jangka waktu dihitung dalam hari kerja.",
        ),
      ]),
      component("Alamat kantor", [checked(catalogue.office.address.id, confirmed)]),
      component("Biaya/tarif", [plain(catalogue.free_of_charge.text.id)]),
      component("Penanganan pengaduan, saran, dan masukan", complaintLines(catalogue)),
      component("Pelindungan data pribadi", [
        plain(
          `Pemberitahuan privasi versi ${catalogue.privacy_notice.version}, diumumkan di ${o.siteUrl}/privasi dan di WhatsApp sebelum data dicatat (UU 27/2022).`,
        ),
      ]),
      component("Waspada penipuan", [plain(catalogue.anti_scam.id)]),
      component(
        "Ketentuan yang berlaku untuk semua layanan",
        catalogue.notes.map((n) => checked(n.text.id, n.confidence === "confirmed")),
      ),
    ],
  };
};

/** "Kota Kupang" → WALI KOTA KUPANG; "Kabupaten Kupang" → BUPATI KUPANG; undefined when the name says neither. */
export const regionHead = (officeName: string): string | undefined => {
  const m = officeName.match(/\b(Kota|Kabupaten)\s+(.+)$/);
  if (!m) return undefined;
  return `${m[1] === "Kota" ? "WALI KOTA" : "BUPATI"} ${m[2]!.toUpperCase()}`;
};
