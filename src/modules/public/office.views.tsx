/** The office's public home page, its privacy notice and "how to check a receipt", plus the shared footer. */
import type { Child } from "hono/jsx";
import type { Catalogue, Locale } from "../catalogue/schema.ts";
import {
  hasAddress,
  hoursLines,
  longDate,
  mostUsedServices,
  type PublicNumber,
  type PublicOffice,
  zoneLabel,
} from "./office.service.ts";
import { pw } from "./office.words.ts";
import { localHref, Rich, serviceHref } from "./public.layout.tsx";

/** How many services the home page lists before "see all". */
export const HOME_SERVICES = 6;

const serviceNames = (catalogue: Catalogue, n: PublicNumber, l: Locale) =>
  n.serviceCodes.length === 0
    ? pw(l, "allServices")
    : n.serviceCodes.map((c) => catalogue.services.find((s) => s.code === c)?.short_title[l] ?? c).join(", ");

/** One WhatsApp number: what it serves, the button that opens the chat, and the QR code of that link. */
export const NumberCard = (o: {
  catalogue: Catalogue;
  n: PublicNumber;
  l: Locale;
  href: string;
  qr: Child;
}) => (
  <div class="card">
    <h3>{o.n.label}</h3>
    <p class="muted">
      {pw(o.l, "number")} · {pw(o.l, "serves")}: {serviceNames(o.catalogue, o.n, o.l)}
    </p>
    <p class="num">{o.n.display}</p>
    <a class="btn" href={o.href} rel="noopener">
      {pw(o.l, "chat")}
    </a>
    {o.qr}
    <p class="note center">{pw(o.l, "qrHint")}</p>
  </div>
);

export const HoursView = ({
  catalogue,
  office,
  l,
}: {
  catalogue: Catalogue;
  office: PublicOffice;
  l: Locale;
}) => (
  <>
    <dl>
      <dt>{pw(l, "hours")}</dt>
      {office.weekly ? (
        hoursLines(office.weekly, l).map((h) => (
          <dd>
            {h.days}: {h.times ? `${h.times} ${zoneLabel(office.timeZone)}` : pw(l, "closed")}
          </dd>
        ))
      ) : (
        <dd>{catalogue.office.hours[l]}</dd>
      )}
      {office.closures.length > 0 && <dt>{pw(l, "closedOn")}</dt>}
      {office.closures.map((h) => (
        <dd>
          {longDate(h.date, l)} — {h.name}
        </dd>
      ))}
      <dt>{pw(l, "address")}</dt>
      <dd>
        {catalogue.office.address[l]} ·{" "}
        <a href={catalogue.office.maps_url} rel="noopener">
          {pw(l, "map")}
        </a>
      </dd>
    </dl>
    <p class="note">{pw(l, "chatAnytime")}</p>
  </>
);

export const HomeView = (o: {
  catalogue: Catalogue;
  office: PublicOffice;
  l: Locale;
  /** One per number, in the same order: the QR code of that number's link. */
  links: Array<{ href: string; qr: Child }>;
}) => {
  const { catalogue, office, l } = o;
  return (
    <>
      <p class="lead">{pw(l, "lead")}</p>
      <ScamNote text={catalogue.anti_scam[l]} />
      {office.numbers.length === 0 && <p class="problem">{pw(l, "noNumber")}</p>}
      {office.numbers.map((n, i) => (
        <NumberCard catalogue={catalogue} n={n} l={l} href={o.links[i]!.href} qr={o.links[i]!.qr} />
      ))}
      <p class="free">
        <Rich text={catalogue.free_of_charge.text[l]} />
      </p>
      <h2>{pw(l, "popular")}</h2>
      <ul class="links">
        {mostUsedServices(catalogue, HOME_SERVICES).map((s) => (
          <li>
            <a href={serviceHref(s, l)}>{s.names[l]}</a>
          </li>
        ))}
      </ul>
      <p>
        <a href={localHref("/layanan", l)}>{pw(l, "seeAll")} →</a>
      </p>
      <h2>{pw(l, "hoursTitle")}</h2>
      <HoursView catalogue={catalogue} office={office} l={l} />
      <h2>{pw(l, "verifyTitle")}</h2>
      <p>{pw(l, "verifyShort")}</p>
      <p>
        <a href={localHref("/cek-tanda-terima", l)}>{pw(l, "verifyMore")} →</a>
      </p>
      <h2>{pw(l, "complaints")}</h2>
      <ComplaintsView catalogue={catalogue} l={l} />
    </>
  );
};

/** The standing scam warning, its lead words ("Waspada penipuan:") in bold. */
export const ScamNote = ({ text }: { text: string }) => {
  const m = text.match(/^([^:]{3,40}):\s*(.*)$/s);
  return (
    <p class="scam" role="note">
      ⚠ {m ? <strong>{m[1]}:</strong> : null} <Rich text={m ? m[2]! : text} />
    </p>
  );
};

/**
 * Where to complain. The catalogue's complaint text speaks from inside the chat ("write in this chat"), so
 * the page says it its own way and lists the channels outside the chat: those with an address or a number.
 */
export const ComplaintsView = ({ catalogue, l }: { catalogue: Catalogue; l: Locale }) => (
  <>
    <p>{pw(l, "complaintsLead")}</p>
    <ul>
      {catalogue.complaints.channels
        .filter((c) => hasAddress(c.contact[l]))
        .map((c) => (
          <li>
            {c.name}: {c.contact[l]}
          </li>
        ))}
    </ul>
  </>
);

/** Every office page ends with the privacy notice and the printables an office hangs up or files. */
export const SiteFooter = ({ l }: { l: Locale }) => (
  <>
    <p>
      <a href={localHref("/privasi", l)}>{pw(l, "privacyLink")}</a>
    </p>
    <h2>{pw(l, "printables")}</h2>
    <ul class="links">
      <li>
        <a href="/cetak/poster-a4.pdf">{pw(l, "posterA4")}</a>
      </li>
      <li>
        <a href="/cetak/flyer-a6.pdf">{pw(l, "flyerA6")}</a>
      </li>
      <li>
        <a href="/cetak/standar-pelayanan.pdf">{pw(l, "standard")}</a>
      </li>
      <li>
        <a href="/cetak/maklumat-pelayanan.pdf">{pw(l, "maklumat")}</a>
      </li>
    </ul>
  </>
);

/** The notice the bot shows before it records anything, with the version a citizen was shown. */
export const PrivacyView = ({ catalogue, l }: { catalogue: Catalogue; l: Locale }) => {
  const lines = catalogue.privacy_notice[l].split("\n").filter((line) => line.trim() !== "");
  // The bot's first line is its own heading ("*Pemberitahuan privasi*"); the page has an <h1> for that.
  const body = /^\*[^*]+\*$/.test(lines[0] ?? "") ? lines.slice(1) : lines;
  return (
    <>
      <p class="muted">{pw(l, "version", { version: catalogue.privacy_notice.version })}</p>
      {body.map((line) => (
        <p>
          <Rich text={line} />
        </p>
      ))}
    </>
  );
};

export const VerifyHelpView = ({ l, publicUrl }: { l: Locale; publicUrl: string }) => (
  <>
    <ol>
      <li>{pw(l, "verifyStep1")}</li>
      <li>{pw(l, "verifyStep2")}</li>
      <li>{pw(l, "verifyStep3", { prefix: `${publicUrl}/v/` })}</li>
      <li>{pw(l, "verifyStep4")}</li>
    </ol>
    <p class="problem">{pw(l, "verifyFake")}</p>
    <h2>{pw(l, "verifyDocsTitle")}</h2>
    <p>{pw(l, "verifyDocs")}</p>
  </>
);
