/**
 * The inside of one chat bubble: a citizen's message (text, a tapped option, a photo, a file …) or the
 * office's (text, buttons and lists, a template as the citizen read it). All of it is stored payload text,
 * escaped by hono/jsx; files open only through the desk's checked file route.
 */
import type { InboundContent } from "../../platform/whatsapp/types.ts";
import type { Template } from "../catalogue/schema.ts";
import type { Message } from "../messaging/messaging.repo.ts";
import type { Locale } from "./context.ts";
import { w } from "./timeline.words.ts";

type Outbound = {
  type: string;
  text?: { body?: string };
  interactive?: {
    type?: string;
    header?: { text?: string };
    body?: { text?: string };
    footer?: { text?: string };
    action?: {
      button?: string;
      buttons?: Array<{ reply?: { title?: string } }>;
      sections?: Array<{ title?: string; rows?: Array<{ title?: string; description?: string }> }>;
    };
  };
  image?: { caption?: string };
  document?: { filename?: string; caption?: string };
  template?: {
    name?: string;
    language?: { code?: string };
    components?: Array<{ type?: string; parameters?: Array<{ type?: string; text?: string }> }>;
  };
};

/** Why a citizen's file has no link: still downloading, failed, or refused by the media policy. */
const FILE_STATE: Record<string, "downloadFailed" | "fileRefused"> = {
  failed: "downloadFailed",
  refused: "fileRefused",
};

const FileLink = ({ m, l, label }: { m: Message; l: Locale; label: string }) =>
  m.blobId ? (
    <a href={`/desk/files/${m.blobId}`} target="_blank" rel="noopener">
      {label}
    </a>
  ) : (
    <span class="file-pending">
      {label} ({w(l, FILE_STATE[m.mediaStatus ?? ""] ?? "downloading")})
    </span>
  );

const Caption = ({ text }: { text?: string }) => (text ? <p class="text">{text}</p> : null);

export const InboundBody = ({ m, l }: { m: Message; l: Locale }) => {
  const c = m.content as InboundContent;
  switch (c.kind) {
    case "text":
      return <p class="text">{c.body}</p>;
    case "button_reply":
    case "list_reply":
      return (
        <p class="choice">
          <span class="label">{w(l, "chose")}:</span> <strong>{c.title}</strong>
        </p>
      );
    case "template_button":
      return (
        <p class="choice">
          <span class="label">{w(l, "chose")}:</span> <strong>{c.text}</strong>
        </p>
      );
    case "image":
      return (
        <>
          {m.blobId ? (
            <a href={`/desk/files/${m.blobId}`} target="_blank" rel="noopener" class="photo">
              <img src={`/desk/files/${m.blobId}`} alt={c.caption || w(l, "image")} loading="lazy" />
            </a>
          ) : (
            <p class="label">
              🖼 <FileLink m={m} l={l} label={w(l, "image")} />
            </p>
          )}
          <Caption text={c.caption} />
        </>
      );
    case "document":
      return (
        <>
          <p class="doc">
            📄 <FileLink m={m} l={l} label={c.filename || w(l, "document")} />
          </p>
          <Caption text={c.caption} />
        </>
      );
    case "video":
      return (
        <>
          <p class="label">
            🎞 <FileLink m={m} l={l} label={w(l, "video")} />
          </p>
          <Caption text={c.caption} />
        </>
      );
    case "audio":
      return (
        <p class="label">
          🎤 <FileLink m={m} l={l} label={w(l, "audio")} />
        </p>
      );
    case "location":
      return (
        <p class="label">
          📍 {w(l, "location")}
          {c.name ? `: ${c.name}` : ""}
          {c.address ? ` (${c.address})` : ""}
        </p>
      );
    case "contacts":
      return (
        <p class="label">
          👤 {w(l, "contacts")}: {c.contacts.map((x) => x.name).join(", ")}
        </p>
      );
    case "reaction":
      return (
        <p class="label">
          {w(l, "reaction")} {c.emoji}
        </p>
      );
    case "sticker":
      return <p class="label">{w(l, "sticker")}</p>;
    case "system":
      return <p class="label">{w(l, "system")}</p>;
    default:
      return <p class="label">{w(l, "unsupported")}</p>;
  }
};

/** A sent template as the citizen read it: the catalogue's body with the parameters put in. */
const TemplateBody = ({ t, l, templates }: { t: Outbound["template"]; l: Locale; templates: Template[] }) => {
  const params = (t?.components ?? [])
    .filter((c) => c.type === "body")
    .flatMap((c) => (c.parameters ?? []).map((p) => p.text ?? ""));
  const spec = templates.find((x) => x.name === t?.name);
  const body = t?.language?.code === "en" && spec?.translations?.en ? spec.translations.en.body : spec?.body;
  return (
    <>
      <p class="label">
        {w(l, "template")}: <code>{t?.name ?? "?"}</code>
      </p>
      {body ? (
        <p class="text">{body.replace(/\{\{(\d+)\}\}/g, (m, i: string) => params[Number(i) - 1] ?? m)}</p>
      ) : (
        <ol class="params">
          {params.map((p) => (
            <li>{p}</li>
          ))}
        </ol>
      )}
    </>
  );
};

const Interactive = ({ i }: { i: NonNullable<Outbound["interactive"]> }) => {
  const options =
    i.type === "button"
      ? (i.action?.buttons ?? []).map((b) => b.reply?.title ?? "")
      : (i.action?.sections ?? []).flatMap((s) => (s.rows ?? []).map((r) => r.title ?? ""));
  return (
    <>
      {i.header?.text && <p class="header">{i.header.text}</p>}
      <p class="text">{i.body?.text}</p>
      {i.footer?.text && <p class="footer">{i.footer.text}</p>}
      {i.type === "list" && i.action?.button && <p class="list-button">☰ {i.action.button}</p>}
      <ul class={i.type === "button" ? "options buttons" : "options rows"}>
        {options.map((o) => (
          <li>{o}</li>
        ))}
      </ul>
    </>
  );
};

export const OutboundBody = ({ m, l, templates }: { m: Message; l: Locale; templates: Template[] }) => {
  const c = m.content as Outbound;
  switch (c.type) {
    case "text":
      return <p class="text">{c.text?.body}</p>;
    case "interactive":
      return c.interactive ? <Interactive i={c.interactive} /> : null;
    case "image":
      return (
        <>
          <p class="label">🖼 {w(l, "image")}</p>
          <Caption text={c.image?.caption} />
        </>
      );
    case "document":
      return (
        <>
          <p class="doc">
            📄{" "}
            {m.blobId ? (
              <FileLink m={m} l={l} label={c.document?.filename || w(l, "document")} />
            ) : (
              c.document?.filename || w(l, "document")
            )}
          </p>
          <Caption text={c.document?.caption} />
        </>
      );
    case "template":
      return <TemplateBody t={c.template} l={l} templates={templates} />;
    default:
      return <p class="label">{w(l, "unsupported")}</p>;
  }
};
