/** Just enough of RFC 6265 for our own cookies: parse the request header, write one Set-Cookie. */
export const parseCookies = (header: string | undefined): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || name in out) continue;
    try {
      out[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      // A malformed cookie is ignored rather than failing the request.
    }
  }
  return out;
};

export type CookieOptions = {
  maxAgeSeconds?: number;
  secure: boolean;
  sameSite?: "Strict" | "Lax";
  path?: string;
};

export const serializeCookie = (name: string, value: string, o: CookieOptions): string =>
  [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${o.path ?? "/"}`,
    "HttpOnly",
    `SameSite=${o.sameSite ?? "Lax"}`,
    ...(o.secure ? ["Secure"] : []),
    ...(o.maxAgeSeconds !== undefined ? [`Max-Age=${o.maxAgeSeconds}`] : []),
  ].join("; ");
