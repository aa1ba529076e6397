/**
 * The office's public pages, no sign-in: `/` (how to reach the office on WhatsApp), `/layanan` and
 * `/layanan/:code` (the catalogue the bot uses), `/privasi`, `/cek-tanda-terima`. Indonesian by default,
 * `?lang=en` for English. No script, one cached stylesheet (served with the verify page, verify.routes.tsx).
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import type { Child } from "hono/jsx";
import type { Database } from "../../platform/db/client.ts";
import { findService } from "../catalogue/resolve.ts";
import type { Catalogue, Locale } from "../catalogue/schema.ts";
import { renderPage } from "../desk/layout.tsx";
import { greeting, loadPublicOffice, waLink } from "./office.service.ts";
import { HomeView, PrivacyView, SiteFooter, VerifyHelpView } from "./office.views.tsx";
import { pw } from "./office.words.ts";
import { PUBLIC_CSP, PublicLayout, parseLocale, qrSvg } from "./public.layout.tsx";
import { NotFoundView, ServicesView, ServiceView } from "./services.views.tsx";

export type SiteDeps = {
  database: Database;
  /** The catalogue the bot answers from (one per process), so the pages and the chat never disagree. */
  catalogue: Catalogue;
  /** LONTAR_PUBLIC_URL: where receipts' QR codes point, and the address printed on posters. */
  publicUrl: string;
  now?: () => Date;
};

type Query = { lang?: string };

/** Pages change only when the catalogue, a number or the hours change: proxies and phones may keep them a while. */
const CACHE = { ok: "public, max-age=300", missing: "public, max-age=60" };

export const officeRoutes = (deps: SiteDeps) => async (app: FastifyInstance) => {
  const { catalogue } = deps;
  const office = () => loadPublicOffice(deps, deps.now?.() ?? new Date());

  const send = async (
    reply: FastifyReply,
    o: { status?: number; l: Locale; title: string; path: string; body: Child; description?: string },
  ) => {
    const html = await renderPage(
      <PublicLayout
        locale={o.l}
        officeName={catalogue.office.name[o.l]}
        title={o.title}
        otherLanguageHref={o.l === "id" ? `${o.path}?lang=en` : o.path}
        description={o.description}
        footer={<SiteFooter l={o.l} />}
      >
        {o.body}
      </PublicLayout>,
    );
    const status = o.status ?? 200;
    return reply
      .code(status)
      .type("text/html; charset=utf-8")
      .header("content-security-policy", PUBLIC_CSP)
      .header("cache-control", status === 200 ? CACHE.ok : CACHE.missing)
      .header("x-content-type-options", "nosniff")
      .send(html);
  };

  app.get<{ Querystring: Query }>("/", async (req, reply) => {
    const l = parseLocale(req.query.lang);
    const o = await office();
    const links = await Promise.all(
      o.numbers.map(async (n) => {
        const href = waLink(n.digits, greeting(l));
        return { href, qr: await qrSvg(href, pw(l, "qr", { number: n.display })) };
      }),
    );
    return send(reply, {
      l,
      title: pw(l, "homeTitle"),
      path: "/",
      description: pw(l, "lead"),
      body: <HomeView catalogue={catalogue} office={o} l={l} links={links} />,
    });
  });

  app.get<{ Querystring: Query }>("/layanan", async (req, reply) => {
    const l = parseLocale(req.query.lang);
    return send(reply, {
      l,
      title: pw(l, "servicesTitle"),
      path: "/layanan",
      body: <ServicesView catalogue={catalogue} l={l} />,
    });
  });

  app.get<{ Params: { code: string }; Querystring: Query }>("/layanan/:code", async (req, reply) => {
    const l = parseLocale(req.query.lang);
    const s = findService(catalogue, req.params.code);
    const path = `/layanan/${encodeURIComponent(req.params.code)}`;
    if (!s)
      return send(reply, {
        status: 404,
        l,
        title: pw(l, "notFoundTitle"),
        path,
        body: <NotFoundView l={l} />,
      });
    const o = await office();
    return send(reply, {
      l,
      title: s.names[l],
      path,
      description: s.description[l],
      body: <ServiceView catalogue={catalogue} s={s} l={l} numbers={o.numbers} />,
    });
  });

  app.get<{ Querystring: Query }>("/privasi", async (req, reply) => {
    const l = parseLocale(req.query.lang);
    return send(reply, {
      l,
      title: pw(l, "privacyTitle"),
      path: "/privasi",
      body: <PrivacyView catalogue={catalogue} l={l} />,
    });
  });

  app.get<{ Querystring: Query }>("/cek-tanda-terima", async (req, reply) => {
    const l = parseLocale(req.query.lang);
    return send(reply, {
      l,
      title: pw(l, "verifyPageTitle"),
      path: "/cek-tanda-terima",
      body: <VerifyHelpView l={l} publicUrl={deps.publicUrl} />,
    });
  });
};
