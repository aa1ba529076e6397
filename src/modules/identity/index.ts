/** Public API of the identity module: pure parsing of NIK and Nomor KK, masking, and citizen-facing re-prompts. */
export { type Kk, type KkError, type KkResult, type KkWarning, maskKk, parseKk } from "./kk.ts";
export { describeKkError, describeNikError, type Locale } from "./messages.ts";
export {
  type DateProblem,
  MAX_PLAUSIBLE_AGE,
  maskNik,
  type Nik,
  type NikError,
  type NikResult,
  type NikWarning,
  parseNik,
} from "./nik.ts";
export { dottedRegionCode, type RegionLevel, regionName } from "./regions.ts";
