/** Who a campaign goes to: opted-in contacts, narrowed by the filters (audience.ts says how each is read). */
import type { Tx } from "../../platform/db/client.ts";
import { openAnswer, readSubjectNik } from "../applications/rules.ts";
import type { FieldKeys } from "../shared/field-crypto.ts";
import { type ApplicationFacts, type AudienceFilters, hasFilters, matchingContacts } from "./audience.ts";
import { liveSubjects, optedInContacts, submittedApplications } from "./recipients.repo.ts";

/** The contact ids, in id order. Identity numbers are opened in memory only, never stored or logged. */
export const audienceOf = async (
  tx: Tx,
  o: { officeId: string; keys: FieldKeys; filters: AudienceFilters; now: Date },
): Promise<string[]> => {
  const optedIn = await optedInContacts(tx, o.officeId);
  if (!hasFilters(o.filters) || optedIn.length === 0) return optedIn;
  const wanted = new Set(optedIn);
  const facts: ApplicationFacts[] = [];
  for (const row of await submittedApplications(tx, o.officeId)) {
    if (!wanted.has(row.contact_id)) continue;
    facts.push({
      contactId: row.contact_id,
      serviceCode: row.service_code,
      subjectNik: safely(() => readSubjectNik({ subjectNikEncrypted: row.subject_nik_encrypted }, o.keys)),
      subjectNikIndex: row.subject_nik_index ?? undefined,
      kkNumber: row.kk_number
        ? safely(() => String(openAnswer(o.keys, "kk_number", row.kk_number)))
        : undefined,
    });
  }
  const office = {
    kiaSubjects: o.filters.childWithoutKia ? await liveSubjects(tx, o.officeId, "kia") : new Set<string>(),
    ktpSubjects: o.filters.turns17ThisMonth
      ? await liveSubjects(tx, o.officeId, "ktp_el")
      : new Set<string>(),
  };
  const matched = matchingContacts(facts, o.filters, office, o.now);
  return optedIn.filter((id) => matched.has(id));
};

/** A value sealed under an older key that no longer opens is simply not used for targeting. */
const safely = (open: () => string | undefined): string | undefined => {
  try {
    return open();
  } catch {
    return undefined;
  }
};
