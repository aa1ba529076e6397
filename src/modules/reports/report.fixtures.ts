/**
 * Quality reports to test the page and the exports against: one where nothing happened ("tidak ada data"
 * everywhere) and one full month with every figure present, including awkward text (quotes, commas, a
 * would-be formula, markup) where names come from people.
 */
import { ESQUAL_DIMENSIONS, ESQUAL_ITEMS } from "../surveys/esqual.ts";
import { ratio } from "./metrics.ts";
import type { EsqualSection, QualityReport, ReportFilter } from "./report.types.ts";

const FILTER: ReportFilter = {
  officeId: "00000000-0000-4000-8000-000000000001",
  from: "2026-11-01",
  to: "2026-11-30",
};

const NO_DISTRIBUTION = { count: 0, mean: null, median: null, p90: null, p95: null };

const IKM_NAMES = [
  "Persyaratan",
  "Sistem, Mekanisme, dan Prosedur",
  "Waktu Penyelesaian",
  "Biaya/Tarif",
  "Produk Spesifikasi Jenis Pelayanan",
  "Kompetensi Pelaksana",
  "Perilaku Pelaksana",
  "Sarana dan Prasarana",
  "Penanganan Pengaduan, Saran dan Masukan",
];

export const emptyReport = (filter: ReportFilter = FILTER): QualityReport => ({
  filter,
  generatedAt: "2026-12-01T01:00:00.000Z",
  efficiency: {
    firstResponseBot: NO_DISTRIBUTION,
    firstResponsePerson: NO_DISTRIBUTION,
    botAnswered: ratio(0, 0),
    timeToSubmit: NO_DISTRIBUTION,
    firstTimeRight: ratio(0, 0),
  },
  fulfilment: {
    withinSla: ratio(0, 0),
    completionHours: NO_DISTRIBUTION,
    revisionsPerApplication: ratio(0, 0),
    rejectionRate: ratio(0, 0),
    deliveredOnWhatsapp: ratio(0, 0),
  },
  availability: {
    webhookAvailability: ratio(0, 0),
    deliverySuccess: ratio(0, 0),
    failedByReason: [],
    outboxLag: NO_DISTRIBUTION,
    siakOutageHours: 0,
  },
  privacy: {
    encrypted: ratio(0, 0),
    pastRetentionNotPurged: 0,
    byOperator: [],
    dsrWithinDeadline: ratio(0, 0),
  },
  reach: {
    newCitizensByWeek: [],
    applications: { whatsapp: 0, counter: null },
    broadcast: { recipients: 0, delivered: 0 },
  },
  daily: [],
  ikm: {
    respondents: 0,
    elements: IKM_NAMES.map((name, i) => ({ code: `U${i + 1}`, name, answered: 0, average: null })),
    index: null,
    converted: null,
    category: null,
    categoryLabel: null,
    population: 0,
    requiredSample: null,
  },
  esqual: noEsqual(),
});

const noEsqual = (): EsqualSection => ({
  adapted: true,
  respondents: 0,
  dimensions: ESQUAL_DIMENSIONS.map((code) => ({ code, respondents: 0, mean: null })),
  items: ESQUAL_ITEMS.map((i) => ({
    code: i.code,
    dimension: i.dimension,
    adaptedFrom: i.adaptedFrom,
    answered: 0,
    mean: null,
  })),
});

const ESQUAL_MEANS = { efficiency: 4.25, availability: 3.8, fulfilment: 3.15, privacy: 4.6 } as const;
const fullEsqual = (): EsqualSection => ({
  adapted: true,
  respondents: 37,
  dimensions: ESQUAL_DIMENSIONS.map((code) => ({
    code,
    respondents: code === "fulfilment" ? 35 : 37,
    mean: ESQUAL_MEANS[code],
  })),
  items: ESQUAL_ITEMS.map((i, n) => ({
    code: i.code,
    dimension: i.dimension,
    adaptedFrom: i.adaptedFrom,
    answered: i.dimension === "fulfilment" ? 35 : 37,
    mean: ESQUAL_MEANS[i.dimension] + (n % 2 ? 0.1 : -0.1),
  })),
});

const days = (from: string, n: number) =>
  Array.from({ length: n }, (_, i) => {
    const d = new Date(`${from}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + i);
    return d.toISOString().slice(0, 10);
  });

const AVERAGES = [3.4, 3.1, 2.9, 4, 3.3, 3.5, 3.6, 3.2, 3.0];

export const fullReport = (filter: ReportFilter = FILTER): QualityReport => {
  const index = AVERAGES.reduce((a, b) => a + b, 0) / 9;
  return {
    filter,
    generatedAt: "2026-12-01T01:00:00.000Z",
    efficiency: {
      firstResponseBot: { count: 812, mean: 2.4, median: 1.9, p90: 4.2, p95: 6 },
      firstResponsePerson: { count: 140, mean: 1260, median: 540, p90: 3900, p95: 7200 },
      botAnswered: ratio(311, 355),
      timeToSubmit: { count: 96, mean: 1500, median: 720, p90: 5400, p95: 9000 },
      firstTimeRight: ratio(61, 80),
    },
    fulfilment: {
      withinSla: ratio(72, 80),
      completionHours: { count: 80, mean: 9.5, median: 6.25, p90: 22, p95: 30 },
      revisionsPerApplication: ratio(23, 88),
      rejectionRate: ratio(8, 88),
      deliveredOnWhatsapp: ratio(70, 80),
    },
    availability: {
      webhookAvailability: ratio(43_150, 43_200),
      deliverySuccess: ratio(2_391, 2_410),
      failedByReason: [
        { code: "131026", count: 12 },
        { code: "131049", count: 5 },
        { code: "unknown", count: 2 },
      ],
      outboxLag: { count: 2_410, mean: 1.3, median: 0.8, p90: 2.5, p95: 4 },
      siakOutageHours: 5.5,
    },
    privacy: {
      encrypted: ratio(342, 342),
      pastRetentionNotPurged: 3,
      byOperator: [
        {
          operatorId: "00000000-0000-4000-8000-00000000000a",
          name: "Rina Ndoen",
          documentViews: 210,
          nikReveals: 4,
        },
        {
          operatorId: "00000000-0000-4000-8000-00000000000b",
          name: '=HYPERLINK("x") "Yos", <b>',
          documentViews: 98,
          nikReveals: 0,
        },
      ],
      dsrWithinDeadline: ratio(2, 2),
    },
    reach: {
      newCitizensByWeek: [
        { weekStart: "2026-10-26", count: 14 },
        { weekStart: "2026-11-02", count: 31 },
        { weekStart: "2026-11-09", count: 27 },
        { weekStart: "2026-11-16", count: 40 },
        { weekStart: "2026-11-23", count: 22 },
        { weekStart: "2026-11-30", count: 3 },
      ],
      applications: { whatsapp: 96, counter: 410 },
      broadcast: { recipients: 250, delivered: 238 },
    },
    daily: days(filter.from, 30).map((day, i) => ({
      day,
      submitted: 2 + (i % 5),
      completed: 1 + (i % 4),
      rejected: i % 7 === 0 ? 1 : 0,
    })),
    ikm: {
      respondents: 120,
      elements: IKM_NAMES.map((name, i) => ({
        code: `U${i + 1}`,
        name,
        answered: i === 2 ? 118 : 120,
        average: AVERAGES[i]!,
      })),
      index,
      converted: index * 25,
      category: "B",
      categoryLabel: "Baik",
      population: 80,
      requiredSample: 66,
    },
    esqual: fullEsqual(),
  };
};
