/**
 * The service catalogue as web pages: the same catalogue and the same Standar Pelayanan lines the bot's
 * digital brochure sends (catalogue/brochure.ts), laid out as HTML lists instead of WhatsApp text.
 */
import type { Child } from "hono/jsx";
import { standarPelayanan } from "../catalogue/brochure.ts";
import { resolve } from "../catalogue/resolve.ts";
import type { Catalogue, Locale, Resolved, Service } from "../catalogue/schema.ts";
import type { PublicNumber } from "./office.service.ts";
import { numberFor, waLink } from "./office.service.ts";
import { ComplaintsView, ScamNote } from "./office.views.tsx";
import { pw } from "./office.words.ts";
import { localHref, Rich, serviceHref } from "./public.layout.tsx";

type Item = { text: string; sub: string[] };

/** The brochure's "• item" / "   ◦ option" lines as a nested list. */
const nest = (lines: string[]): Item[] => {
  const items: Item[] = [];
  for (const line of lines) {
    const sub = line.match(/^\s+◦\s*(.*)$/);
    if (sub && items.length > 0) items[items.length - 1]!.sub.push(sub[1]!);
    else items.push({ text: line.replace(/^\s*•\s*/, ""), sub: [] });
  }
  return items;
};

const Bullets = ({ lines }: { lines: string[] }) => (
  <ul>
    {nest(lines).map((i) => (
      <li>
        <Rich text={i.text} />
        {i.sub.length > 0 && (
          <ul>
            {i.sub.map((s) => (
              <li>
                <Rich text={s} />
              </li>
            ))}
          </ul>
        )}
      </li>
    ))}
  </ul>
);

/** The scopes a citizen chooses between: each variant, or the service itself. */
const scopes = (s: Service): (string | undefined)[] =>
  s.variants.length > 0 ? s.variants.map((v) => v.code) : [undefined];

const scopeTitle = (x: Resolved, l: Locale) => (x.variant ? x.variant.names[l] : x.service.names[l]);

/** What /layanan shows of one service: name, what it is, how it is done, and every requirement. */
const ServiceSummary = ({ catalogue, s, l }: { catalogue: Catalogue; s: Service; l: Locale }) => {
  const own = resolve(catalogue, s);
  const time = s.variants.length === 0 ? standarPelayanan(catalogue, s, undefined, l).jangkaWaktu : undefined;
  return (
    <section class="svc" id={s.code}>
      <h2>
        <a href={serviceHref(s, l)}>{s.names[l]}</a>
      </h2>
      <p>{s.description[l]}</p>
      <p class="meta">
        {pw(l, `online_${own.online}`)}
        {time && ` · ${pw(l, "time")}: ${time}`} · {pw(l, "cost")}: <strong>Gratis</strong>
      </p>
      <details>
        <summary>{pw(l, "requirements")}</summary>
        {scopes(s).map((v) => {
          const x = resolve(catalogue, s, v);
          const lines = standarPelayanan(catalogue, s, v, l).persyaratan;
          return (
            <>
              {x.variant && <h3>{x.variant.names[l]}</h3>}
              {lines.length > 0 ? <Bullets lines={lines} /> : <p>{pw(l, "noRequirements")}</p>}
            </>
          );
        })}
        <p>
          <a href={serviceHref(s, l)}>{pw(l, "details")}</a>
        </p>
      </details>
    </section>
  );
};

export const ServicesView = ({ catalogue, l }: { catalogue: Catalogue; l: Locale }) => (
  <>
    <p class="lead">{pw(l, "servicesLead")}</p>
    {catalogue.services.map((s) => (
      <ServiceSummary catalogue={catalogue} s={s} l={l} />
    ))}
  </>
);

/** The information the bot asks for, as the brochure lists it: not conditional, not tied to one option. */
const askedFields = (x: Resolved, l: Locale) => {
  const optionFields = new Set(x.alternatives.flatMap((g) => g.one_of.flatMap((o) => o.fields)));
  return x.fields.filter((f) => f.required && !f.when && !optionFields.has(f.id)).map((f) => f.label[l]);
};

const Part = ({ title, children }: { title: string; children: Child }) => (
  <>
    <h3>{title}</h3>
    {children}
  </>
);

/** One variant (or the service without variants) in full: the six published components and more. */
const ScopeDetails = ({
  catalogue,
  s,
  v,
  l,
}: {
  catalogue: Catalogue;
  s: Service;
  v?: string;
  l: Locale;
}) => {
  const x = resolve(catalogue, s, v);
  const sp = standarPelayanan(catalogue, s, v, l);
  const asked = askedFields(x, l);
  const p = x.inPerson;
  return (
    <>
      {x.variant && <p>{x.variant.description[l]}</p>}
      <p class="meta">{pw(l, `online_${x.online}`)}</p>
      {x.eligibility && (
        <p>
          <strong>{pw(l, "eligibility")}:</strong> {x.eligibility[l]}
        </p>
      )}
      <Part title={pw(l, "requirements")}>
        {sp.persyaratan.length > 0 ? <Bullets lines={sp.persyaratan} /> : <p>{pw(l, "noRequirements")}</p>}
        {sp.persyaratan.length > 0 && <p class="note">{catalogue.photo_hint[l]}</p>}
      </Part>
      {asked.length > 0 && <Part title={pw(l, "data")}>{<p>{asked.join(", ")}</p>}</Part>}
      {sp.prosedur.length > 0 && (
        <Part title={pw(l, "procedure")}>
          <ol>
            {sp.prosedur.map((step) => (
              <li>
                <Rich text={step.replace(/^\d+\.\s*/, "")} />
              </li>
            ))}
          </ol>
        </Part>
      )}
      <dl>
        {sp.jangkaWaktu && <dt>{pw(l, "time")}</dt>}
        {sp.jangkaWaktu && <dd>{sp.jangkaWaktu}</dd>}
        <dt>{pw(l, "cost")}</dt>
        <dd>{sp.biaya}</dd>
      </dl>
      {sp.produk.length > 0 && (
        <Part title={pw(l, "product")}>
          <Bullets lines={sp.produk} />
        </Part>
      )}
      {p && (
        <Part title={pw(l, "inPerson")}>
          <p>
            {p.step[l]}. {p.reason[l]}
          </p>
          <p>
            {pw(l, "where")}: {p.where[l]}
          </p>
          {p.bring.length > 0 && (
            <p>
              {pw(l, "bring")}: {p.bring.map((b) => b[l]).join(", ")}
            </p>
          )}
        </Part>
      )}
      {x.notes.length > 0 && (
        <Part title={pw(l, "notes")}>
          <Bullets lines={x.notes.map((n) => n.text[l])} />
        </Part>
      )}
    </>
  );
};

export const ServiceView = (o: { catalogue: Catalogue; s: Service; l: Locale; numbers: PublicNumber[] }) => {
  const { catalogue, s, l } = o;
  const number = numberFor(o.numbers, s.code);
  return (
    <>
      <p class="lead">{s.description[l]}</p>
      {number && (
        <p>
          <a class="btn" href={waLink(number.digits, s.names[l])} rel="noopener">
            {pw(l, "chatAbout")}
          </a>
        </p>
      )}
      {s.variants.length > 0 && (
        <nav aria-label={pw(l, "kinds")}>
          <p>
            <strong>{pw(l, "kinds")}:</strong>
          </p>
          <ul>
            {s.variants.map((v) => (
              <li>
                <a href={`#${v.code}`}>{v.names[l]}</a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {scopes(s).map((v) =>
        v ? (
          <section id={v}>
            <h2>{scopeTitle(resolve(catalogue, s, v), l)}</h2>
            <ScopeDetails catalogue={catalogue} s={s} v={v} l={l} />
          </section>
        ) : (
          <ScopeDetails catalogue={catalogue} s={s} l={l} />
        ),
      )}
      <h2>{pw(l, "complaints")}</h2>
      <ComplaintsView catalogue={catalogue} l={l} />
      <h2>{pw(l, "legal")}</h2>
      <ul>
        {s.legal_basis.map((b) => (
          <li>{b.source}</li>
        ))}
      </ul>
      <ScamNote text={catalogue.anti_scam[l]} />
      <p>
        <a href={localHref("/layanan", l)}>{pw(l, "backToServices")}</a>
      </p>
    </>
  );
};

export const NotFoundView = ({ l }: { l: Locale }) => (
  <>
    <p class="problem" role="alert">
      {pw(l, "notFound")}
    </p>
    <p>
      <a href={localHref("/layanan", l)}>{pw(l, "backToServices")}</a>
    </p>
  </>
);
