/**
 * The report's data entry: POST /desk/reports/ikm-import (admins and supervisors; a multipart CSV upload,
 * parsed only after the session, CSRF and role checks) and POST /desk/reports/counter (admins). Both go
 * back to the report with the same filters and say what happened.
 */
import multipart, { type MultipartFile } from "@fastify/multipart";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { DeskDeps, DeskUser } from "../desk/context.ts";
import { forbidden } from "../desk/errors.tsx";
import { sendFragment } from "../desk/respond.ts";
import { redirect, userOf } from "../desk/session.ts";
import { setCounterFigure } from "./counter-figures.ts";
import { MAX_IMPORT_BYTES, readSurveyCsv, storePaperSurveys } from "./ikm-import.ts";
import { filterQuery, isDay, isMonth } from "./report.filter.ts";
import {
  canEnterCounterFigures,
  canImportSurveys,
  type FilterChoices,
  filterChoices,
  filterFields,
  readFilter,
} from "./reports.context.ts";
import { IkmImportPanel, type ImportState } from "./reports.inputs.views.tsx";
import { rw } from "./reports.words.ts";

type Fields = Record<string, string>;
type Upload = { fields: Fields; file: { name: string; bytes: Buffer } | null; tooLarge: boolean };

/** The form's fields and its one file; a file over the limit is reported, not thrown. */
const readUpload = async (req: FastifyRequest): Promise<Upload> => {
  const upload: Upload = { fields: {}, file: null, tooLarge: false };
  if (!req.isMultipart()) return upload;
  try {
    for await (const part of req.parts()) {
      if (part.type === "field") {
        if (typeof part.value === "string") upload.fields[part.fieldname] = part.value.slice(0, 200);
        continue;
      }
      const file = part as MultipartFile;
      if (file.fieldname !== "file" || upload.file) {
        file.file.resume();
        continue;
      }
      const bytes = await file.toBuffer();
      if (bytes.length > 0) upload.file = { name: file.filename || "survei.csv", bytes };
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== "FST_REQ_FILE_TOO_LARGE" && code !== "FST_FILES_LIMIT" && code !== "FST_PARTS_LIMIT")
      throw error;
    upload.tooLarge = true;
  }
  return upload;
};

/** Where to go back to: the report with the filters the form carried (hx-include) or its URL had. */
const backTo = (user: DeskUser, c: FilterChoices, source: unknown, extra: Record<string, string>) => {
  const parsed = readFilter(user, filterFields(source), c);
  const query = parsed.ok ? filterQuery(parsed.form) : "";
  const done = new URLSearchParams(extra).toString();
  return `/desk/reports?${query ? `${query}&` : ""}${done}`;
};

export const reportInputRoutes = (deps: DeskDeps) => async (app: FastifyInstance) => {
  // Only this plugin parses uploads, and only after the session hook has let the request through.
  await app.register(multipart, {
    limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 20, parts: 21 },
  });
  const db = deps.database.db;

  app.post("/desk/reports/ikm-import", async (req, reply) => {
    const user = userOf(req);
    if (!canImportSurveys(user)) throw forbidden();
    const l = user.locale;
    const c = await filterChoices(deps, user);
    const upload = await readUpload(req);
    const source = { ...(req.query as object), ...upload.fields };
    const state: ImportState = {
      day: upload.fields.surveyDay ?? "",
      service: upload.fields.surveyService ?? "",
    };
    const parsed = readFilter(user, filterFields(source), c);
    const refuse = (errors: string[], omitted = 0) =>
      sendFragment(
        reply,
        <IkmImportPanel
          user={user}
          services={c.services}
          query={parsed.ok ? filterQuery(parsed.form) : ""}
          state={{ ...state, errors, omitted }}
        />,
        422,
      );
    if (upload.tooLarge) return refuse([rw(l, "importTooLarge")]);
    if (!isDay(state.day)) return refuse([rw(l, "err_bad_date", { value: state.day || "—" })]);
    if (state.day > c.today) return refuse([rw(l, "err_future_day")]);
    if (state.service && !c.services.some((s) => s.value === state.service))
      return refuse([rw(l, "err_bad_service", { value: state.service })]);
    if (!upload.file) return refuse([rw(l, "importNoFile")]);
    const read = readSurveyCsv(upload.file.bytes);
    if (!read.ok && "problem" in read)
      return refuse([rw(l, read.problem === "empty" ? "importEmpty" : "importNotText")]);
    if (!read.ok)
      return refuse(
        read.errors.map((e) => e.text[l]),
        read.omitted,
      );
    const file = upload.file;
    await db.transaction((tx) =>
      storePaperSurveys(tx, {
        officeId: user.officeId,
        fileName: file.name,
        answeredOn: state.day,
        serviceCode: state.service || null,
        responses: read.responses,
        actorId: user.id,
        ip: req.ip,
        now: deps.citizen.now(),
      }),
    );
    return redirect(
      req,
      reply,
      backTo(user, c, source, { done: "imported", n: String(read.responses.length), day: state.day }),
    );
  });

  app.post<{ Body: Fields }>("/desk/reports/counter", async (req, reply: FastifyReply) => {
    const user = userOf(req);
    if (!canEnterCounterFigures(user)) throw forbidden();
    const l = user.locale;
    const c = await filterChoices(deps, user);
    const body = (req.body && typeof req.body === "object" ? req.body : {}) as Fields;
    const source = { ...(req.query as object), ...filterFields(body) };
    const month = (body.counterMonth ?? "").trim();
    const service = (body.counterService ?? "").trim();
    const applications = (body.applications ?? "").trim();
    const refusal = !isMonth(month)
      ? rw(l, "err_bad_month", { value: month.slice(0, 20) || "—" })
      : service && !c.services.some((s) => s.value === service)
        ? rw(l, "err_bad_service", { value: service.slice(0, 64) })
        : !/^\d{1,7}$/.test(applications)
          ? rw(l, "err_bad_count")
          : null;
    if (refusal) {
      const error = Object.assign(new Error(refusal), { statusCode: 422 });
      throw error;
    }
    await db.transaction((tx) =>
      setCounterFigure(tx, {
        officeId: user.officeId,
        month,
        serviceCode: service,
        applications: Number(applications),
        actorId: user.id,
        ip: req.ip,
        now: deps.citizen.now(),
      }),
    );
    return redirect(req, reply, backTo(user, c, source, { done: "counter", cmonth: month }));
  });
};
