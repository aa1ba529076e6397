/** Applies a variant to its service: what the bot asks, lists and promises for that one choice. */
import type { Catalogue, Field, Office, Resolved, Service, Variant } from "./schema.ts";

/** Fields are written inline or as the id of an office-wide common field; an unknown id is skipped here and reported by the loader. */
export const resolveFields = (office: Pick<Office, "common_fields">, refs: Service["fields"]): Field[] =>
  refs.flatMap((ref) => {
    if (typeof ref !== "string") return [ref];
    const common = office.common_fields.find((f) => f.id === ref);
    return common ? [common] : [];
  });

export const findService = (catalogue: Pick<Catalogue, "services">, code: string): Service | undefined =>
  catalogue.services.find((s) => s.code === code);

export const findVariant = (service: Service, code: string | undefined): Variant | undefined =>
  code === undefined ? undefined : service.variants.find((v) => v.code === code);

/**
 * Lists add up (service first, then variant), single values are overridden by the variant. Without a
 * variant the result is the service's own part, which is what the overview brochure shows.
 */
export const resolve = (
  office: Pick<Office, "common_fields" | "office">,
  service: Service,
  variantCode?: string,
): Resolved => {
  const variant = findVariant(service, variantCode);
  if (variantCode !== undefined && !variant) {
    throw new Error(`Service "${service.code}" has no variant "${variantCode}"`);
  }
  const inPerson = variant?.in_person ?? service.in_person;
  const online =
    variant?.online ??
    service.online ??
    (service.kind === "info_only" ? "none" : inPerson !== undefined ? "partial" : "full");
  const eligibility = variant?.eligibility ?? service.eligibility;
  const sla = variant?.sla ?? service.sla;
  const product = variant?.product ?? service.product;
  return {
    service,
    ...(variant ? { variant } : {}),
    requirements: [...service.requirements, ...(variant?.requirements ?? [])],
    alternatives: [...service.alternatives, ...(variant?.alternatives ?? [])],
    fields: resolveFields(office, [...service.fields, ...(variant?.fields ?? [])]),
    ...(eligibility ? { eligibility } : {}),
    ...(sla ? { sla } : {}),
    ...(inPerson
      ? {
          inPerson: {
            ...inPerson,
            where: inPerson.where ?? office.office.address,
            hours: inPerson.hours ?? office.office.hours,
          },
        }
      : {}),
    online,
    delivery: variant?.delivery ?? service.delivery ?? [],
    procedure: variant?.procedure ?? service.procedure ?? [],
    ...(product ? { product } : {}),
    notes: [...service.notes, ...(variant?.notes ?? [])],
  };
};

/** The scopes an application can be filed under: each variant, or the service itself when it has none. */
export const applicationScopes = (service: Service): (string | undefined)[] =>
  service.variants.length > 0 ? service.variants.map((v) => v.code) : [undefined];

/** What an application stores to record the rules it was filed under (the digest catches unbumped edits). */
export const catalogueStamp = (catalogue: Pick<Catalogue, "version" | "digest">) => ({
  catalogueVersion: catalogue.version,
  catalogueDigest: catalogue.digest,
});
