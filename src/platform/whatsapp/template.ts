/** The `template` object of a template message, validated the way Meta validates it. */
import { checkFilename, checkMediaId, checkText, checkUnique, MessageLimitError } from "./limits.ts";

/** Parameters are positional ({{1}}, {{2}}…) in the order given. Media go by uploaded id only. */
export type TemplateComponent =
  | { type: "header"; format: "document"; mediaId: string; filename?: string }
  | { type: "header"; format: "image"; mediaId: string }
  | { type: "header"; format: "text"; params: string[] }
  | { type: "body"; params: string[] }
  | { type: "button"; subType: "quick_reply"; index: number; payload: string }
  | { type: "button"; subType: "url"; index: number; text: string };

export type TemplateSpec = {
  /** As approved in WhatsApp Manager: lowercase letters, digits and underscores. */
  name: string;
  /** The approved translation's code, e.g. "id" (check it in WhatsApp Manager). */
  language: string;
  components?: TemplateComponent[];
};

const NAME = /^[a-z0-9_]{1,512}$/;
const BODY_PARAM_MAX = 1024;
// A text header is at most 60 characters in total, so its one parameter cannot be longer.
const HEADER_PARAM_MAX = 60;
const BUTTON_INDEX_MAX = 9;
const URL_MAX = 2000;

/** Meta rejects template parameters with newlines, tabs or more than 4 consecutive spaces (error 132018). */
const checkParam = (field: string, value: string, max: number): void => {
  checkText(field, value, 1, max);
  if (/[\n\r\t]/.test(value)) {
    throw new MessageLimitError(`${field} contains a newline or tab; WhatsApp rejects those in parameters`);
  }
  if (/ {5,}/.test(value)) {
    throw new MessageLimitError(`${field} has more than 4 consecutive spaces; WhatsApp rejects that`);
  }
};

const textParams = (where: string, params: string[], max: number) => {
  if (params.length === 0) {
    throw new MessageLimitError(`template ${where} has no parameters; leave the component out instead`);
  }
  return params.map((text, i) => {
    checkParam(`template ${where} parameter {{${i + 1}}}`, text, max);
    return { type: "text", text };
  });
};

/** Media templates accept PDF only for documents (OAS DocumentParameter). */
const documentHeader = (mediaId: string, filename: string | undefined) => {
  checkMediaId(mediaId);
  // Whether Meta honours `filename` here is unconfirmed; it is harmless and names the file on the phone.
  const name = checkFilename(filename);
  if (name !== undefined && !/\.pdf$/i.test(name)) {
    throw new MessageLimitError(`template document "${name}" is not a .pdf; templates accept PDF only`);
  }
  return { type: "document", document: { id: mediaId, ...(name !== undefined ? { filename: name } : {}) } };
};

const buttonParameter = (c: Extract<TemplateComponent, { type: "button" }>) => {
  if (c.subType === "quick_reply") {
    checkText(`template button ${c.index} payload`, c.payload, 1, Number.POSITIVE_INFINITY);
    return { type: "payload", payload: c.payload };
  }
  // The parameter is the dynamic end of the button's URL, which Meta caps at 2000 characters.
  checkParam(`template button ${c.index} URL parameter`, c.text, URL_MAX);
  return { type: "text", text: c.text };
};

const buildComponent = (c: TemplateComponent) => {
  switch (c.type) {
    case "header":
      if (c.format === "document")
        return { type: "header", parameters: [documentHeader(c.mediaId, c.filename)] };
      if (c.format === "image") {
        checkMediaId(c.mediaId);
        return { type: "header", parameters: [{ type: "image", image: { id: c.mediaId } }] };
      }
      return { type: "header", parameters: textParams("header", c.params, HEADER_PARAM_MAX) };
    case "body":
      return { type: "body", parameters: textParams("body", c.params, BODY_PARAM_MAX) };
    case "button": {
      if (!Number.isInteger(c.index) || c.index < 0 || c.index > BUTTON_INDEX_MAX) {
        throw new MessageLimitError(
          `template button index ${c.index} must be an integer from 0 to ${BUTTON_INDEX_MAX}`,
        );
      }
      return {
        type: "button",
        sub_type: c.subType,
        index: String(c.index),
        parameters: [buttonParameter(c)],
      };
    }
  }
};

export const templatePayload = (spec: TemplateSpec) => {
  if (!NAME.test(spec.name)) {
    throw new MessageLimitError(
      `template name "${spec.name}" must be 1 to 512 lowercase letters, digits or underscores`,
    );
  }
  checkText("template language", spec.language, 1, Number.POSITIVE_INFINITY);
  const components = spec.components ?? [];
  // A template has at most one header and one body, and each button position is filled once.
  checkUnique(
    "template component",
    components.filter((c) => c.type !== "button").map((c) => c.type),
  );
  checkUnique(
    "template button index",
    components.flatMap((c) => (c.type === "button" ? [String(c.index)] : [])),
  );
  return {
    name: spec.name,
    // "deterministic" (the only policy Meta documents): the exact translation, never a fallback one.
    language: { code: spec.language, policy: "deterministic" },
    ...(components.length > 0 ? { components: components.map(buildComponent) } : {}),
  };
};
