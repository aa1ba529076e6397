/**
 * The adapted E-S-QUAL section of the report page: the instrument's "adapted, not the IKM" label right above
 * a small table of the four dimensions (mean, respondents) and one of the statements' means; "no data" when
 * nobody answered in the period.
 */
import type { Locale } from "../desk/context.ts";
import { formatNumber } from "./format.ts";
import {
  esqualDimensionName,
  esqualLabel,
  esqualMeanText,
  esqualStatement,
  esqualWord,
} from "./report.esqual.ts";
import type { QualityReport } from "./report.types.ts";
import { rw } from "./reports.words.ts";

const Mean = ({ l, mean }: { l: Locale; mean: number | null }) =>
  mean === null ? <span class="no-data">{rw(l, "noData")}</span> : esqualMeanText(l, mean, "");

const DimensionTable = ({ l, e }: { l: Locale; e: QualityReport["esqual"] }) => (
  <table class="figures esqual-dimensions">
    <caption class="sr-only">{esqualWord(l, "heading")}</caption>
    <thead>
      <tr>
        <th scope="col">{esqualWord(l, "colDimension")}</th>
        <th scope="col">{esqualWord(l, "colMean")}</th>
        <th scope="col">{esqualWord(l, "colRespondents")}</th>
      </tr>
    </thead>
    <tbody>
      {e.dimensions.map((d) => (
        <tr data-esqual={d.code}>
          <th scope="row">{esqualDimensionName(l, d.code)}</th>
          <td>
            <Mean l={l} mean={d.mean} />
          </td>
          <td>{formatNumber(l, d.respondents)}</td>
        </tr>
      ))}
    </tbody>
  </table>
);

const ItemTable = ({ l, e }: { l: Locale; e: QualityReport["esqual"] }) => (
  <table class="figures esqual-items">
    <caption class="sr-only">{esqualWord(l, "colStatement")}</caption>
    <thead>
      <tr>
        <th scope="col">{esqualWord(l, "colCode")}</th>
        <th scope="col">{esqualWord(l, "colStatement")}</th>
        <th scope="col">{esqualWord(l, "colMean")}</th>
        <th scope="col">{esqualWord(l, "colAnswered")}</th>
      </tr>
    </thead>
    <tbody>
      {e.items.map((i) => (
        <tr data-esqual={i.code}>
          <th scope="row">{i.code}</th>
          <td>{esqualStatement(l, i.code)}</td>
          <td>
            <Mean l={l} mean={i.mean} />
          </td>
          <td>{formatNumber(l, i.answered)}</td>
        </tr>
      ))}
    </tbody>
  </table>
);

export const EsqualSectionView = ({ l, report }: { l: Locale; report: QualityReport }) => {
  const e = report.esqual;
  return (
    <section class="card manage-section report-section" aria-labelledby="dim-esqual" data-dimension="esqual">
      <h2 id="dim-esqual">{esqualWord(l, "heading")}</h2>
      <p class="esqual-label">{esqualLabel(l)}</p>
      {e.respondents === 0 ? (
        <p class="no-data">{rw(l, "noData")}</p>
      ) : (
        <>
          <DimensionTable l={l} e={e} />
          <ItemTable l={l} e={e} />
        </>
      )}
    </section>
  );
};
