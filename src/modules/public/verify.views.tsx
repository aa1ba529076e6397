/** The public verification pages: the shared public stylesheet, no script, nothing personal. */
import type { Child } from "hono/jsx";
import type { Locale } from "../catalogue/schema.ts";
import { PublicLayout } from "./public.layout.tsx";
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
  },
} as const;

/** The shared public frame (public.layout.tsx), kept out of search engines: its address is a secret code. */
export const PublicPage = (o: {
  locale: Locale;
  officeName: string;
  title: string;
  otherLanguageHref: string;
  children: Child;
}) => (
  <PublicLayout {...o} noindex>
    {o.children}
  </PublicLayout>
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
