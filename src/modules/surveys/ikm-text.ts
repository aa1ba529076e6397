/**
 * The IKM as plain text, in Bahasa Indonesia, for the `npm run lontar -- ikm FILE.csv` command: the numbers
 * an office copies into its report. Decimal comma, as Indonesian reports write them (88,31 – 100,00).
 */

import { ELEMENT_CODES, type IkmResult, roundHalfUp, skmElement } from "./ikm.ts";
import type { IkmCsvError } from "./ikm-csv.ts";

export const formatDecimalId = (value: number, decimals: number) =>
  roundHalfUp(value, decimals).toFixed(decimals).replace(".", ",");

const NAME_WIDTH = 46;

const elementLines = (result: IkmResult) =>
  ELEMENT_CODES.map((code) => {
    const { answered, nrr } = result.elements[code];
    const name = `${code}  ${skmElement(code).name.id}`.padEnd(NAME_WIDTH);
    const average = nrr === null ? "—" : formatDecimalId(nrr, 2);
    return `${name}${String(answered).padStart(9)}${average.padStart(11)}`;
  });

const verdict = (result: IkmResult): string[] => {
  if (result.status === "no_data") return ["Belum ada jawaban: IKM tidak dapat dihitung."];
  if (result.status === "incomplete") {
    const names = result.missing.map((c) => `${c} (${skmElement(c).name.id})`).join(", ");
    return [`IKM tidak dapat dihitung: belum ada jawaban untuk unsur ${names}.`];
  }
  return [
    `IKM (skala 1–4): ${formatDecimalId(result.ikm, 3)}`,
    `Nilai konversi (IKM × 25): ${formatDecimalId(result.converted, 2)}`,
    `Mutu pelayanan: ${result.category} (${result.categoryLabel.id})`,
  ];
};

export const formatIkmText = (result: IkmResult, source: string): string =>
  [
    "Indeks Kepuasan Masyarakat — SKM PermenPAN-RB 14/2017",
    `Berkas: ${source}`,
    `Responden: ${result.respondents} (baris data: ${result.responses})`,
    "",
    `${"Unsur".padEnd(NAME_WIDTH)}${"Responden".padStart(9)}${"Rata-rata".padStart(11)}`,
    ...elementLines(result),
    "",
    ...verdict(result),
  ].join("\n");

export const formatCsvErrorsText = (errors: readonly IkmCsvError[], omitted: number, source: string) =>
  [
    `Berkas ${source} tidak dapat diolah:`,
    ...errors.map((e) => `- ${e.text.id}`),
    ...(omitted > 0 ? [`- … dan ${omitted} kesalahan lain.`] : []),
  ].join("\n");
