/** The public verification pages: one small stylesheet, no script, nothing personal. */
import type { Child } from "hono/jsx";
import type { Locale } from "../catalogue/schema.ts";
import type { Verified } from "./verify.service.ts";

export const WORDS = {
  id: {
    title: "Verifikasi tanda terima",
    genuine: "Tanda terima ini asli, diterbitkan oleh kantor kami.",
    tracking: "Nomor permohonan",
    service: "Layanan",
    submitted: "Tanggal diterima",
    status: "Status saat ini",
    privacy: "Demi privasi, halaman ini tidak menampilkan data pribadi pemohon.",
    notFoundTitle: "Tanda terima tidak ditemukan",
    notFound:
      "Kode ini tidak cocok dengan tanda terima mana pun. Periksa kembali alamatnya atau pindai ulang kode QR. Tanda terima yang tidak dapat diverifikasi di sini bukan dari kantor kami.",
    tooManyTitle: "Terlalu banyak permintaan",
    tooMany: "Mohon tunggu sebentar, lalu coba lagi.",
    other: "English",
  },
  en: {
    title: "Receipt verification",
    genuine: "This receipt is genuine, issued by our office.",
    tracking: "Tracking number",
    service: "Service",
    submitted: "Received on",
    status: "Current status",
    privacy: "For privacy, this page shows no personal data of the applicant.",
    notFoundTitle: "Receipt not found",
    notFound:
      "This code matches no receipt. Check the address or scan the QR code again. A receipt that cannot be verified here was not issued by our office.",
    tooManyTitle: "Too many requests",
    tooMany: "Please wait a moment, then try again.",
    other: "Bahasa Indonesia",
  },
} as const;

export const PublicPage = (o: {
  locale: Locale;
  officeName: string;
  title: string;
  otherLanguageHref: string;
  children: Child;
}) => (
  <html lang={o.locale}>
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="robots" content="noindex" />
      <title>{`${o.title} · ${o.officeName}`}</title>
      <link rel="stylesheet" href="/public/verify.css" />
    </head>
    <body>
      <main>
        <p class="office">{o.officeName}</p>
        <h1>{o.title}</h1>
        {o.children}
        <p class="lang">
          <a href={o.otherLanguageHref}>{WORDS[o.locale].other}</a>
        </p>
      </main>
    </body>
  </html>
);

export const VerifiedView = ({ v, l }: { v: Verified; l: Locale }) => {
  const w = WORDS[l];
  return (
    <>
      <p class="ok" role="status">
        ✓ {w.genuine}
      </p>
      <dl>
        <dt>{w.tracking}</dt>
        <dd>{v.trackingNumber}</dd>
        <dt>{w.service}</dt>
        <dd>{v.service}</dd>
        <dt>{w.submitted}</dt>
        <dd>{v.submittedOn}</dd>
        <dt>{w.status}</dt>
        <dd>{v.status}</dd>
      </dl>
      <p class="note">{w.privacy}</p>
    </>
  );
};

export const MessageView = ({ text }: { text: string }) => (
  <p class="problem" role="alert">
    {text}
  </p>
);

export const VERIFY_CSS = `*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#1b1b1b;background:#f4f5f7}
main{max-width:30rem;margin:0 auto;padding:1.25rem;background:#fff;min-height:100vh}
.office{margin:0;color:#555;font-size:.9rem}
h1{font-size:1.3rem;margin:.25rem 0 1rem}
.ok{padding:.75rem;border-radius:.5rem;background:#e6f4ea;color:#0d5223;font-weight:600}
.problem{padding:.75rem;border-radius:.5rem;background:#fdecea;color:#7a1c12}
dl{margin:1rem 0}dt{color:#555;font-size:.85rem}dd{margin:0 0 .75rem;font-weight:600;overflow-wrap:anywhere}
.note{color:#555;font-size:.85rem}.lang{margin-top:2rem;font-size:.9rem}
`;
