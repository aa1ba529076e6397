/**
 * GET /cetak/*.pdf — the printables, generated on request from the catalogue, the office's numbers and its
 * hours: the A4 poster and A6 flyer, the Standar Pelayanan and the Maklumat Pelayanan. In Bahasa Indonesia
 * only: they hang in Kupang's offices and are attached to a regulation.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { createThrottle } from "../../platform/http/throttle.ts";
import type { Catalogue } from "../catalogue/schema.ts";
import { renderMaklumatPdf } from "./maklumat.pdf.ts";
import type { SiteDeps } from "./office.routes.tsx";
import {
  greeting,
  hoursLines,
  loadPublicOffice,
  mostUsedServices,
  type PublicNumber,
  type PublicOffice,
  phoneDigits,
  waLink,
  zoneLabel,
} from "./office.service.ts";
import { FLYER_A6, POSTER_A4, type PosterContent, renderPosterPdf } from "./poster.pdf.ts";
import { renderStandarPdf } from "./standar-pelayanan.pdf.ts";
import { generalSection, regionHead, serviceSections } from "./standar-pelayanan.ts";

type Query = { nomor?: string };

/** "Senin–Kamis 07.30–12.00, 13.00–16.00; Jumat …; Sabtu–Minggu tutup (WITA)", or the catalogue's words. */
const hoursText = (catalogue: Catalogue, office: PublicOffice) =>
  office.weekly
    ? `${hoursLines(office.weekly, "id")
        .map((h) => `${h.days} ${h.times ?? "tutup"}`)
        .join("; ")} (${zoneLabel(office.timeZone)})`
    : catalogue.office.hours.id;

const numberLine = (n: PublicNumber) => `${n.label}: ${n.display}`;

/**
 * A poster for one number: `?nomor=` picks it (an office with one number per service prints one poster
 * each), otherwise the number that serves everything. Its services, or the most used, are listed.
 */
export const posterContent = (
  catalogue: Catalogue,
  office: PublicOffice,
  o: { nomor?: string; siteUrl: string },
): PosterContent | undefined => {
  const wanted = o.nomor ? phoneDigits(o.nomor) : undefined;
  const number = office.numbers.find((n) => n.digits === wanted) ?? office.numbers[0];
  if (!number) return undefined;
  const own = catalogue.services.filter((s) => number.serviceCodes.includes(s.code));
  return {
    officeName: catalogue.office.name.id,
    number: number.display,
    chatUrl: waLink(number.digits, greeting("id")),
    greeting: greeting("id"),
    otherNumbers: office.numbers.filter((n) => n !== number).map(numberLine),
    services: (own.length > 0 ? own : mostUsedServices(catalogue, POSTER_A4.services)).map((s) => s.names.id),
    hours: hoursText(catalogue, office),
    antiScam: catalogue.anti_scam.id,
    siteUrl: o.siteUrl,
  };
};

const maklumatPromises = (catalogue: Catalogue, siteUrl: string): string[] => [
  catalogue.free_of_charge.text.id,
  `Melayani sesuai persyaratan, prosedur, jangka waktu dan produk yang tercantum dalam Standar Pelayanan, yang kami umumkan di WhatsApp dan di ${siteUrl}.`,
  `Menjaga kerahasiaan data pribadi sesuai pemberitahuan privasi versi ${catalogue.privacy_notice.version} (${siteUrl}privasi).`,
  catalogue.anti_scam.id,
  `Menerima dan menindaklanjuti pengaduan, saran dan masukan melalui ${catalogue.complaints.channels.map((c) => c.name).join(", ")}.`,
];

export const printablesRoutes = (deps: SiteDeps & { perMinute?: number }) => async (app: FastifyInstance) => {
  const { catalogue } = deps;
  // Each PDF is built on request: a scraper asking in a loop must not take the office's CPU.
  const throttle = createThrottle({ perMinute: deps.perMinute ?? 20, burst: deps.perMinute ?? 20 });
  const siteUrl = `${deps.publicUrl}/`;
  const office = () => loadPublicOffice(deps, deps.now?.() ?? new Date());

  const pdf = (
    name: string,
    build: (req: FastifyRequest<{ Querystring: Query }>) => Promise<Buffer | undefined>,
  ) =>
    app.get<{ Querystring: Query }>(`/cetak/${name}`, async (req, reply) => {
      if (!throttle.allow(req.ip))
        return text(
          reply.header("retry-after", "60"),
          429,
          "Terlalu banyak permintaan. Coba lagi sebentar lagi.",
        );
      const bytes = await build(req);
      if (!bytes) return text(reply, 404, "Belum ada nomor WhatsApp aktif untuk dicetak.");
      return reply
        .type("application/pdf")
        .header("content-disposition", `inline; filename="${name}"`)
        .header("cache-control", "public, max-age=300")
        .send(bytes);
    });

  pdf("poster-a4.pdf", async (req) => {
    const c = posterContent(catalogue, await office(), { nomor: req.query.nomor, siteUrl });
    return c && renderPosterPdf(c, POSTER_A4);
  });
  pdf("flyer-a6.pdf", async (req) => {
    const c = posterContent(catalogue, await office(), { nomor: req.query.nomor, siteUrl });
    return c && renderPosterPdf(c, FLYER_A6);
  });
  pdf("standar-pelayanan.pdf", async () => {
    const o = await office();
    return renderStandarPdf({
      officeName: catalogue.office.name.id,
      regionHead: regionHead(catalogue.office.name.id),
      catalogueVersion: catalogue.version,
      general: generalSection(catalogue, o, { numbers: o.numbers.map(numberLine), siteUrl: deps.publicUrl }),
      services: serviceSections(catalogue),
    });
  });
  pdf("maklumat-pelayanan.pdf", async () =>
    renderMaklumatPdf({
      officeName: catalogue.office.name.id,
      promises: maklumatPromises(catalogue, siteUrl),
    }),
  );
};

const text = (reply: FastifyReply, status: number, body: string) =>
  reply.code(status).type("text/plain; charset=utf-8").send(body);
