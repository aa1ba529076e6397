/**
 * Reads `catalogue/` at start-up: catalogue.json (the office), services/*.json (one file per service
 * family) and templates.json. Every problem is collected, each naming the file and the path inside it,
 * so the admin fixes a broken catalogue in one pass instead of one restart per mistake.
 * JSON rather than YAML: no YAML parser is installed, and the format is the only difference.
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { z } from "zod";
import { brochureProblems } from "./brochure.ts";
import { checkCatalogue, checkTemplates } from "./checks.ts";
import { type Catalogue, OfficeFile, type Service, ServiceFile, TemplateFile } from "./schema.ts";

export const DEFAULT_CATALOGUE_DIR = path.resolve(import.meta.dirname, "../../../catalogue");

export class CatalogueError extends Error {
  constructor(
    readonly problems: string[],
    readonly warnings: string[] = [],
  ) {
    super(`Invalid service catalogue (${problems.length}):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/** `["services", 0, "requirements", 2, "kind"]` → `services[0].requirements[2].kind`. */
export const formatPath = (parts: readonly PropertyKey[]): string => {
  let out = "";
  for (const p of parts) out += typeof p === "number" ? `[${p}]` : out === "" ? String(p) : `.${String(p)}`;
  return out === "" ? "(top level)" : out;
};

/** JSON.parse reports a character offset; an admin editing the file needs the line and column. */
const jsonProblem = (text: string, err: unknown): string => {
  const message = err instanceof Error ? err.message : String(err);
  const at = message.match(/at position (\d+)/);
  if (!at || /line \d+/.test(message)) return `invalid JSON: ${message}`;
  const before = text.slice(0, Number(at[1]));
  const line = before.split("\n").length;
  const column = before.length - before.lastIndexOf("\n");
  return `invalid JSON at line ${line}, column ${column}: ${message}`;
};

type Loaded<T> = { file: string; data?: T };

const parseFile = async <S extends z.ZodType>(
  dir: string,
  rel: string,
  schema: S,
  problems: string[],
  texts: string[],
): Promise<Loaded<z.output<S>>> => {
  // Messages name the file as the admin sees it: "catalogue/services/kia.json".
  const file = path.posix.join(path.basename(dir), rel.split(path.sep).join("/"));
  let text: string;
  try {
    text = await readFile(path.join(dir, rel), "utf8");
  } catch (err) {
    problems.push(`${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    return { file };
  }
  texts.push(`${rel}\n${text}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    problems.push(`${file}: ${jsonProblem(text, err)}`);
    return { file };
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    for (const issue of result.error.issues)
      problems.push(`${file}: ${formatPath(issue.path)}: ${issue.message}`);
    return { file };
  }
  return { file, data: result.data };
};

const listServiceFiles = async (dir: string, problems: string[]): Promise<string[]> => {
  const name = path.posix.join(path.basename(dir), "services");
  try {
    const entries = (await readdir(path.join(dir, "services"))).sort();
    for (const e of entries.filter((e) => /\.ya?ml$/.test(e))) {
      problems.push(`${name}/${e}: only .json files are read; convert it to JSON`);
    }
    const json = entries.filter((e) => e.endsWith(".json"));
    if (json.length === 0) problems.push(`${name}/: no service files (*.json)`);
    return json.map((e) => path.join("services", e));
  } catch (err) {
    problems.push(`${name}/: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    return [];
  }
};

/**
 * Loads and validates the whole catalogue, or throws a CatalogueError listing every problem.
 * Applications store `version` (and `digest`) to record the rules they were filed under.
 */
export const loadCatalogue = async (dir: string = DEFAULT_CATALOGUE_DIR): Promise<Catalogue> => {
  const problems: string[] = [];
  const texts: string[] = [];
  const office = await parseFile(dir, "catalogue.json", OfficeFile, problems, texts);
  const serviceFiles: Loaded<{ services: Service[] }>[] = [];
  for (const rel of await listServiceFiles(dir, problems)) {
    serviceFiles.push(await parseFile(dir, rel, ServiceFile, problems, texts));
  }
  const templates = await parseFile(dir, "templates.json", TemplateFile, problems, texts);

  const warnings: string[] = [];
  // Cross-file checks need every file parsed; on a schema error they would only add noise.
  if (problems.length === 0 && office.data && templates.data) {
    const services = serviceFiles.map((f) => ({ file: f.file, services: f.data?.services ?? [] }));
    checkCatalogue(office.file, office.data, services, problems, warnings);
    checkTemplates(templates.file, templates.data.templates, problems, warnings);
  }
  if (problems.length > 0 || !office.data || !templates.data) throw new CatalogueError(problems, warnings);

  const digest = createHash("sha256").update(texts.join("\n\0")).digest("hex");
  const services = serviceFiles
    .flatMap((f) => f.data?.services ?? [])
    .sort((a, b) => a.order - b.order || a.code.localeCompare(b.code));
  const catalogue = { ...office.data, digest, services, templates: templates.data.templates, warnings };
  // Only a whole catalogue can be rendered, so the brochure length is the last check.
  const tooLong = brochureProblems(catalogue).map((p) => `${path.basename(dir)}/services: ${p}`);
  if (tooLong.length > 0) throw new CatalogueError(tooLong, warnings);
  return catalogue;
};
