import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { OutboundMessage } from "../../../platform/whatsapp/types.ts";

type Interactive = {
  type: "button" | "list";
  body: { text: string };
  action: {
    buttons?: Array<{ reply: { id: string; title: string } }>;
    sections?: Array<{ rows: Array<{ id: string; title: string }> }>;
  };
};
type TemplateBody = {
  name: string;
  components?: Array<{ type: string; parameters?: Array<Record<string, unknown>> }>;
};

/** The options an interactive message offers, as the citizen can tap them. */
export const optionsOf = (
  m: OutboundMessage,
): Array<{ id: string; title: string; kind: "button" | "list" }> => {
  if (m.type !== "interactive") return [];
  const i = m.interactive as Interactive;
  if (i.type === "button") return (i.action.buttons ?? []).map((b) => ({ ...b.reply, kind: "button" }));
  return (i.action.sections ?? []).flatMap((s) => s.rows.map((r) => ({ ...r, kind: "list" as const })));
};

const templateParams = (t: TemplateBody): string[] =>
  (t.components ?? []).flatMap((c) =>
    (c.parameters ?? []).map((p) => {
      if (p.type === "text") return String(p.text);
      const media = p[String(p.type)] as { filename?: string } | undefined;
      return `📄 ${media?.filename ?? String(p.type)}`;
    }),
  );

/** An office message as the citizen's phone shows it, reduced to text. */
export const renderOffice = (m: OutboundMessage): string => {
  switch (m.type) {
    case "text":
      return (m.text as { body: string }).body;
    case "interactive": {
      const i = m.interactive as Interactive;
      const options = optionsOf(m);
      if (i.type === "button") return `${i.body.text}\n${options.map((o) => `[${o.title}]`).join(" ")}`;
      return `${i.body.text}\n${options.map((o) => `- ${o.title}`).join("\n")}`;
    }
    case "document":
      return `📄 ${(m.document as { filename?: string }).filename ?? "dokumen"}`;
    case "image":
      return "🖼 gambar";
    case "template": {
      const t = m.template as TemplateBody;
      return `TEMPLATE ${t.name}(${templateParams(t).join(", ")})`;
    }
    default:
      return `(${m.type})`;
  }
};

/** Office lines start with "<", continuation lines are indented, so message boundaries stay visible. */
export const officeBlock = (m: OutboundMessage): string =>
  renderOffice(m)
    .split("\n")
    .map((line, i) => (i === 0 ? `< ${line}` : line ? `  ${line}` : ""))
    .join("\n");

const DAYS =
  "Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday";
const WITA_DATE = new RegExp(
  `(?:${DAYS}), \\d{1,2} \\p{L}+ \\d{4}(?: (?:pukul|at) \\d{2}[.:]\\d{2})? WITA`,
  "gu",
);

/** Numbers and dates that differ per run and per day, so a golden file reads the same everywhere. */
export const normalise = (text: string): string =>
  text
    // Also as citizens type them ("kpg a 2611 00042"), keeping their case and separators.
    .replace(/\b([A-Za-z]{2,5})([ ._-])([AaPp])\2\d{4}\2\d{5,6}\b/g, (_, office, sep, kind) =>
      [office, kind, "YYMM", "NNNNN"].join(sep),
    )
    .replace(WITA_DATE, "<date>")
    .replace(/wamid\.[A-Za-z0-9_=+/-]+/g, "wamid.X");

const GOLDEN_DIR = import.meta.dirname;
const written = new Map<string, string>();

/**
 * Compares with golden/<name>.txt; UPDATE_GOLDEN=1 rewrites it. Both databases compare against one file, so
 * an update that would write different text for the second database fails instead of silently winning.
 */
export const expectGolden = async (name: string, actual: string) => {
  const file = path.join(GOLDEN_DIR, `${name}.txt`);
  if (process.env.UPDATE_GOLDEN === "1") {
    const earlier = written.get(name);
    if (earlier !== undefined) assert.equal(actual, earlier, `${name}: transcripts differ between databases`);
    written.set(name, actual);
    await writeFile(file, actual);
    return;
  }
  assert.ok(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1 and read it`);
  assert.equal(actual, await readFile(file, "utf8"), `${name}.txt differs (UPDATE_GOLDEN=1 to accept)`);
};
