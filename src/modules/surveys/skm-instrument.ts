/**
 * The instrument of the national satisfaction survey (Survei Kepuasan Masyarakat, PermenPAN-RB 14/2017) as
 * data: 9 unsur, their questions and official answers, ready for WhatsApp list messages. Import it through
 * ikm.ts, which adds the scoring.
 *
 * Sources: shared/domain/dukcapil-rules.md §3. The 9 unsur, the answer labels and the computation are [C]
 * there, except the U9 labels [U]; the question sentences are the Lampiran's template questions as recalled
 * (the rules file does not quote them) and need the Dinas' sign-off before go-live.
 */
export type Locale = "id" | "en";
export type Text = Record<Locale, string>;

export const ELEMENT_CODES = ["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"] as const;
export type ElementCode = (typeof ELEMENT_CODES)[number];
export type SkmScore = 1 | 2 | 3 | 4;
export const SKM_SCORES: readonly SkmScore[] = [1, 2, 3, 4];

/** Meta's limits for an interactive list message (row title, row description, body, button label). */
export const LIST_LIMITS = { rowTitle: 24, rowDescription: 72, body: 1024, button: 20 } as const;

export type SkmAnswerOption = {
  score: SkmScore;
  /** The official label (Lampiran PermenPAN-RB 14/2017), in full. */
  label: Text;
  /** What fits a list row title (24 characters); the label itself when it fits. */
  rowTitle: Text;
  /**
   * The full label, present when a title had to be shortened in either language; `skmAnswerRows` puts it
   * under the title only in the language whose title is shortened.
   */
  rowDescription?: Text;
};
export type SkmElement = {
  code: ElementCode;
  name: Text;
  question: Text;
  answers: readonly SkmAnswerOption[];
};

type Label = [id: string, en: string, shortId?: string, shortEn?: string];
const answers = (...labels: Label[]): SkmAnswerOption[] =>
  labels.map(([id, en, shortId, shortEn], i) => {
    const label = { id, en };
    const shortened = shortId !== undefined || shortEn !== undefined;
    const rowTitle = { id: shortId ?? id, en: shortEn ?? en };
    return { score: (i + 1) as SkmScore, label, rowTitle, ...(shortened ? { rowDescription: label } : {}) };
  });

export const SKM_ELEMENTS: readonly SkmElement[] = [
  {
    code: "U1",
    name: { id: "Persyaratan", en: "Requirements" },
    question: {
      id: "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
      en: "How well do the service requirements fit the type of service?",
    },
    answers: answers(
      ["Tidak sesuai", "Not appropriate"],
      ["Kurang sesuai", "Less appropriate"],
      ["Sesuai", "Appropriate"],
      ["Sangat sesuai", "Very appropriate"],
    ),
  },
  {
    code: "U2",
    name: { id: "Sistem, Mekanisme, dan Prosedur", en: "System, mechanism and procedure" },
    question: {
      id: "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
      en: "How easy is the service procedure at this office, as you understand it?",
    },
    answers: answers(
      ["Tidak mudah", "Not easy"],
      ["Kurang mudah", "Less easy"],
      ["Mudah", "Easy"],
      ["Sangat mudah", "Very easy"],
    ),
  },
  {
    code: "U3",
    name: { id: "Waktu Penyelesaian", en: "Completion time" },
    question: {
      id: "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
      en: "How fast was the service delivered?",
    },
    answers: answers(
      ["Tidak cepat", "Not fast"],
      ["Kurang cepat", "Less fast"],
      ["Cepat", "Fast"],
      ["Sangat cepat", "Very fast"],
    ),
  },
  {
    code: "U4",
    name: { id: "Biaya/Tarif", en: "Cost/tariff" },
    question: {
      id: "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
      en: "How fair was the cost or tariff of the service?",
    },
    answers: answers(
      ["Sangat mahal", "Very expensive"],
      ["Cukup mahal", "Quite expensive"],
      ["Murah", "Cheap"],
      ["Gratis", "Free"],
    ),
  },
  {
    code: "U5",
    name: { id: "Produk Spesifikasi Jenis Pelayanan", en: "Product of the service" },
    question: {
      id: "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar pelayanan dengan hasil yang diberikan?",
      en: "How well does the result you received match the product stated in the service standard?",
    },
    answers: answers(
      ["Tidak sesuai", "Does not match"],
      ["Kurang sesuai", "Partly matches"],
      ["Sesuai", "Matches"],
      ["Sangat sesuai", "Fully matches"],
    ),
  },
  {
    code: "U6",
    name: { id: "Kompetensi Pelaksana", en: "Staff competence" },
    question: {
      id: "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
      en: "How competent were the staff who served you?",
    },
    answers: answers(
      ["Tidak kompeten", "Not competent"],
      ["Kurang kompeten", "Less competent"],
      ["Kompeten", "Competent"],
      ["Sangat kompeten", "Very competent"],
    ),
  },
  {
    code: "U7",
    name: { id: "Perilaku Pelaksana", en: "Staff behaviour" },
    question: {
      id: "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
      en: "How polite and friendly were the staff who served you?",
    },
    answers: answers(
      ["Tidak sopan dan ramah", "Not polite and friendly"],
      ["Kurang sopan dan ramah", "Less polite and friendly"],
      ["Sopan dan ramah", "Polite and friendly"],
      ["Sangat sopan dan ramah", "Very polite and friendly"],
    ),
  },
  {
    code: "U8",
    name: { id: "Sarana dan Prasarana", en: "Facilities and infrastructure" },
    question: {
      id: "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
      en: "How good are the facilities and infrastructure?",
    },
    answers: answers(["Buruk", "Poor"], ["Cukup", "Fair"], ["Baik", "Good"], ["Sangat baik", "Very good"]),
  },
  {
    code: "U9",
    name: { id: "Penanganan Pengaduan, Saran dan Masukan", en: "Complaints, suggestions and feedback" },
    question: {
      id: "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
      en: "How are complaints from service users handled?",
    },
    answers: answers(
      ["Tidak ada", "None"],
      [
        "Ada tetapi tidak berfungsi",
        "Exists but does not work",
        "Ada, tidak berfungsi",
        "Exists, not working",
      ],
      ["Berfungsi kurang maksimal", "Works but not optimally", "Kurang maksimal"],
      ["Dikelola dengan baik", "Well managed"],
    ),
  },
];

const BY_CODE = new Map(SKM_ELEMENTS.map((e) => [e.code, e]));
export const skmElement = (code: ElementCode): SkmElement => BY_CODE.get(code)!;
export const isElementCode = (value: string): value is ElementCode => BY_CODE.has(value as ElementCode);

/** A row of a WhatsApp list (same shape as the bot's `Option`). */
export type ListRow = { id: string; title: string; description?: string };

export const SKM_LIST_BUTTON: Text = { id: "Pilih jawaban", en: "Choose an answer" };

/** Row ids carry the element and the score, so a tapped row is self-describing: `skm:U3:4`. */
export const skmRowId = (code: ElementCode, score: SkmScore) => `skm:${code}:${score}`;
export const parseSkmRowId = (id: string): { code: ElementCode; score: SkmScore } | null => {
  const m = /^skm:(U[1-9]):([1-4])$/.exec(id);
  return m ? { code: m[1] as ElementCode, score: Number(m[2]) as SkmScore } : null;
};

export const skmAnswerRows = (code: ElementCode, locale: Locale): ListRow[] =>
  skmElement(code).answers.map((a) => ({
    id: skmRowId(code, a.score),
    title: a.rowTitle[locale],
    // The full label goes below only where this language's title had to shorten it.
    ...(a.rowTitle[locale] !== a.label[locale] ? { description: a.label[locale] } : {}),
  }));

/** The list body for one question: where we are, the unsur, and the official question. */
export const skmQuestionBody = (code: ElementCode, locale: Locale): string => {
  const element = skmElement(code);
  const n = ELEMENT_CODES.indexOf(code) + 1;
  const head = locale === "id" ? `Pertanyaan ${n} dari 9` : `Question ${n} of 9`;
  return `${head} — ${element.name[locale]}\n\n${element.question[locale]}`;
};
