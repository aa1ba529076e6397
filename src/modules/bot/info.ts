import { renderBrochure } from "../catalogue/brochure.ts";
import type { Catalogue } from "../catalogue/schema.ts";
import { startApplication } from "./apply.ts";
import { choose, say, serviceOptions, variantOptions } from "./menu.ts";
import { t } from "./text.ts";
import type { BotState, Effect, StepResult } from "./types.ts";

const serviceOf = (catalogue: Catalogue, code: string) => catalogue.services.find((s) => s.code === code);

/** The digital brochure, then what the citizen may do next (apply, ask an officer, menu). */
export const showBrochure = (
  state: BotState,
  catalogue: Catalogue,
  serviceCode: string,
  variantCode?: string,
  prefix: Effect[] = [],
): StepResult => {
  const service = serviceOf(catalogue, serviceCode)!;
  const l = state.locale;
  const brochure = say(renderBrochure(catalogue, service, variantCode, l));
  const options = [
    ...(service.kind === "application" ? [{ id: "next.apply", title: t(l, "applyNow") }] : []),
    { id: "next.officer", title: t(l, "talkToOfficer") },
    { id: "next.menu", title: t(l, "backToMenu") },
  ];
  const shown = choose(state, {
    purpose: "after_brochure",
    body: t(l, "afterBrochure"),
    options,
    serviceCode,
    variantCode,
  });
  return {
    state: shown.state,
    effects: [...prefix, brochure, { type: "info_answered", serviceCode }, ...shown.effects],
  };
};

export const chooseInfoService = (state: BotState, catalogue: Catalogue): StepResult =>
  choose(state, {
    purpose: "info_service",
    body: t(state.locale, "chooseService"),
    options: serviceOptions(catalogue, state.locale, false),
  });

export const chooseApplyService = (state: BotState, catalogue: Catalogue): StepResult =>
  choose(state, {
    purpose: "apply_service",
    body: t(state.locale, "chooseService"),
    options: serviceOptions(catalogue, state.locale, true),
  });

/** A service with kinds (KTP-el new / lost / …) asks which one; the brochure of the whole is shown for info. */
export const onServicePicked = (
  state: BotState,
  catalogue: Catalogue,
  serviceCode: string,
  purpose: "info" | "apply",
  variantCode?: string,
): StepResult => {
  const service = serviceOf(catalogue, serviceCode);
  if (!service) return chooseInfoService(state, catalogue);
  const l = state.locale;
  if (purpose === "apply" && service.kind !== "application") {
    return showBrochure(state, catalogue, serviceCode, undefined, [say(t(l, "infoOnly"))]);
  }
  if (variantCode === undefined && service.variants.length > 0) {
    return choose(state, {
      purpose: purpose === "info" ? "info_variant" : "apply_variant",
      body: t(l, "chooseVariant", { service: service.names[l] }),
      options: variantOptions(service, l),
      serviceCode,
    });
  }
  return purpose === "info"
    ? showBrochure(state, catalogue, serviceCode, variantCode)
    : startApplication(state, { catalogue }, serviceCode, variantCode);
};
