import { classifyGraphError, classifyNetworkError, type SendOutcome } from "./errors.ts";
import type { OutboundMessage, ReadReceipt } from "./types.ts";

export type CloudApiOptions = {
  /** A getter lets the demo point at its own port, known only after listen(). */
  apiUrl: string | (() => string);
  apiVersion: string;
  accessToken: string;
  timeoutMs?: number;
};

/** A Graph call that did not succeed, with what the outbox should do about it. */
export class GraphRequestError extends Error {
  constructor(
    readonly outcome: SendOutcome,
    /** True when the request may have reached Meta (timeout, reset): resending could duplicate. */
    readonly ambiguous = false,
  ) {
    super(outcome.reason);
  }
}

export type MediaInfo = { url: string; mimeType?: string; sha256?: string; fileSize?: number };

export type CloudApi = {
  send(phoneNumberId: string, body: OutboundMessage | ReadReceipt): Promise<{ wamid?: string }>;
  uploadMedia(
    phoneNumberId: string,
    file: { bytes: Buffer; mimeType: string; filename: string },
  ): Promise<string>;
  mediaInfo(mediaId: string, phoneNumberId?: string): Promise<MediaInfo>;
  /** The download URL lives 5 minutes and needs the bearer token. */
  download(url: string, maxBytes: number): Promise<Buffer>;
};

/** A thin client over Node's fetch: Lontar talks to Meta, a BSP or our fake the same way. */
export const createCloudApi = (o: CloudApiOptions): CloudApi => {
  const apiUrl = typeof o.apiUrl === "function" ? o.apiUrl : () => o.apiUrl as string;
  const baseOf = () => `${apiUrl()}/${o.apiVersion}`;
  const auth = { authorization: `Bearer ${o.accessToken}` };
  const timeoutMs = o.timeoutMs ?? 20_000;

  const call = async (url: string, init: RequestInit, timeout = timeoutMs): Promise<unknown> => {
    let response: Response;
    try {
      response = await fetch(url, {
        ...init,
        headers: { ...auth, ...init.headers },
        signal: AbortSignal.timeout(timeout),
      });
    } catch (error) {
      // Connection refused means Meta never saw it; a timeout or reset mid-request might have been accepted.
      const refused = (error as { cause?: { code?: string } }).cause?.code === "ECONNREFUSED";
      throw new GraphRequestError(classifyNetworkError(error), !refused);
    }
    const text = await response.text().catch(() => "");
    const body = parseJson(text);
    if (!response.ok) throw new GraphRequestError(classifyGraphError({ httpStatus: response.status, body }));
    return body;
  };

  return {
    async send(phoneNumberId, body) {
      const result = (await call(`${baseOf()}/${phoneNumberId}/messages`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      })) as { messages?: Array<{ id?: string }> };
      return { wamid: result?.messages?.[0]?.id };
    },
    async uploadMedia(phoneNumberId, file) {
      const form = new FormData();
      form.set("messaging_product", "whatsapp");
      form.set("type", file.mimeType);
      // The Blob copies the bytes once (no extra Uint8Array copy: a 100 MB PDF is the documented edge).
      form.set(
        "file",
        new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.mimeType }),
        file.filename,
      );
      // A 100 MB file on an office uplink takes minutes: allow the usual timeout plus 1 s per 256 KB.
      const timeout = timeoutMs + Math.ceil(file.bytes.length / 256_000) * 1000;
      const result = (await call(
        `${baseOf()}/${phoneNumberId}/media`,
        { method: "POST", body: form },
        timeout,
      )) as {
        id?: string;
      };
      if (!result?.id) throw new GraphRequestError({ kind: "retry", reason: "Media upload returned no id." });
      return result.id;
    },
    async mediaInfo(mediaId, phoneNumberId) {
      const query = phoneNumberId ? `?phone_number_id=${encodeURIComponent(phoneNumberId)}` : "";
      const r = (await call(`${baseOf()}/${encodeURIComponent(mediaId)}${query}`, {
        method: "GET",
      })) as Record<string, unknown>;
      if (typeof r?.url !== "string")
        throw new GraphRequestError({ kind: "retry", reason: "Media lookup returned no URL." });
      return {
        url: r.url,
        mimeType: r.mime_type as string | undefined,
        sha256: r.sha256 as string | undefined,
        fileSize: typeof r.file_size === "number" ? r.file_size : undefined,
      };
    },
    async download(url, maxBytes) {
      let response: Response;
      try {
        response = await fetch(url, { headers: auth, signal: AbortSignal.timeout(timeoutMs * 3) });
      } catch (error) {
        throw new GraphRequestError(classifyNetworkError(error));
      }
      if (!response.ok || !response.body) {
        await response.body?.cancel();
        // 404 means the 5-minute URL expired: the retry asks for a fresh one.
        throw new GraphRequestError({
          kind: "retry",
          reason: `Media download answered HTTP ${response.status}.`,
        });
      }
      return readLimited(response.body, maxBytes);
    },
  };
};

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

const readLimited = async (body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      await body.cancel().catch(() => {});
      throw new GraphRequestError({
        kind: "permanent",
        reason: `The file is larger than ${maxBytes} bytes.`,
      });
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
};
