/**
 * GET /v/:code — the public page a receipt's QR code opens: anyone (another Dinas, a bank) can check that a
 * receipt is genuine and see its status in words, without signing in and without seeing personal data.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Child } from "hono/jsx";
import type { Database } from "../../platform/db/client.ts";
import { createThrottle } from "../../platform/http/throttle.ts";
import type { Catalogue, Locale } from "../catalogue/schema.ts";
import { renderPage } from "../desk/layout.tsx";
import { PUBLIC_CSP, PUBLIC_CSS, PUBLIC_CSS_PATH } from "./public.layout.tsx";
import { verifyReceipt } from "./verify.service.ts";
import { MessageView, PublicPage, VerifiedView, WORDS } from "./verify.views.tsx";

type Query = { lang?: string };

export const verifyRoutes =
  (deps: { database: Database; catalogue: Catalogue; perMinute?: number }) =>
  async (app: FastifyInstance) => {
    // Codes cannot be guessed, but a scraper trying should be slowed down anyway.
    const throttle = createThrottle({ perMinute: deps.perMinute ?? 30, burst: deps.perMinute ?? 30 });

    // One stylesheet for every public page (office pages too); verify.css is its first, still-linked name.
    for (const path of [PUBLIC_CSS_PATH, "/public/verify.css"])
      app.get(path, async (_req, reply) =>
        reply
          .type("text/css; charset=utf-8")
          .header("cache-control", "public, max-age=86400")
          .send(PUBLIC_CSS),
      );

    app.get<{ Params: { code: string }; Querystring: Query }>("/v/:code", async (req, reply) => {
      const l: Locale = req.query.lang === "en" ? "en" : "id";
      const w = WORDS[l];
      const page = (status: number, title: string, body: Child) =>
        send(req, reply, status, l, title, deps.catalogue.office.name[l], body);
      if (!throttle.allow(req.ip)) {
        reply.header("retry-after", "60");
        return page(429, w.tooManyTitle, <MessageView text={w.tooMany} />);
      }
      const verified = await verifyReceipt(deps, req.params.code, l);
      if (!verified) return page(404, w.notFoundTitle, <MessageView text={w.notFound} />);
      return page(200, w.title, <VerifiedView v={verified} l={l} />);
    });
  };

const send = async (
  req: FastifyRequest<{ Params: { code: string } }>,
  reply: FastifyReply,
  status: number,
  l: Locale,
  title: string,
  officeName: string,
  body: Child,
) => {
  const other = `/v/${encodeURIComponent(req.params.code)}${l === "id" ? "?lang=en" : ""}`;
  const html = await renderPage(
    <PublicPage locale={l} officeName={officeName} title={title} otherLanguageHref={other}>
      {body}
    </PublicPage>,
  );
  return (
    reply
      .code(status)
      .type("text/html; charset=utf-8")
      .header("content-security-policy", PUBLIC_CSP)
      .header("cache-control", "no-store")
      .header("x-content-type-options", "nosniff")
      // The code in the address is the key to the page: never hand it to another site.
      .header("referrer-policy", "no-referrer")
      .header("x-robots-tag", "noindex")
      .send(html)
  );
};
