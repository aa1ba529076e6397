/**
 * Broadcast settings read from the environment (config.ts calls this):
 *   LONTAR_MESSAGING_TIER           250 | 2000 | 10000 | 100000 | unlimited — Meta's messaging limit: unique
 *                                   users per moving 24 h, per business portfolio (default 250, a new one's)
 *   LONTAR_TEMPLATE_RATES           category=price per delivered template, e.g. "marketing=0.0411,utility=0.02"
 *   LONTAR_TEMPLATE_RATE_CURRENCY   the prices' currency, e.g. USD or IDR (default USD)
 * The default prices are placeholders, not Meta's confirmed rate for Indonesia: set them from the rate card.
 */
export const MESSAGING_TIERS = [250, 2000, 10000, 100000, "unlimited"] as const;
export type MessagingTier = (typeof MESSAGING_TIERS)[number];

export const TEMPLATE_CATEGORIES = ["marketing", "utility", "authentication"] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];

export type BroadcastConfig = {
  tier: MessagingTier;
  /** Price of one delivered template per category; a category without a price has no estimate. */
  rates: Partial<Record<TemplateCategory, number>>;
  currency: string;
};

type Env = Record<string, string | undefined>;

const DEFAULT_RATES = "marketing=0.0411,utility=0.02";

export const readBroadcastConfig = (env: Env, problems: string[]): BroadcastConfig => {
  const raw = (name: string) => env[name]?.trim() || undefined;
  return {
    tier: readTier(raw("LONTAR_MESSAGING_TIER"), problems),
    rates: readRates(raw("LONTAR_TEMPLATE_RATES") ?? DEFAULT_RATES, problems),
    currency: readCurrency(raw("LONTAR_TEMPLATE_RATE_CURRENCY"), problems),
  };
};

const readTier = (value: string | undefined, problems: string[]): MessagingTier => {
  if (value === undefined) return 250;
  const tier = MESSAGING_TIERS.find((t) => String(t) === value.toLowerCase());
  if (tier === undefined)
    problems.push(`LONTAR_MESSAGING_TIER must be one of ${MESSAGING_TIERS.join(", ")}; got "${value}".`);
  return tier ?? 250;
};

const readRates = (value: string, problems: string[]): BroadcastConfig["rates"] => {
  const rates: BroadcastConfig["rates"] = {};
  for (const part of value.split(",").map((p) => p.trim())) {
    if (!part) continue;
    const [name, price] = part.split("=").map((s) => s.trim());
    const category = TEMPLATE_CATEGORIES.find((c) => c === name?.toLowerCase());
    const amount = /^\d+(\.\d+)?$/.test(price ?? "") ? Number(price) : Number.NaN;
    if (!category || !Number.isFinite(amount)) {
      problems.push(
        `LONTAR_TEMPLATE_RATES must be category=price pairs (${TEMPLATE_CATEGORIES.join(", ")}), like "${DEFAULT_RATES}"; got "${part}".`,
      );
      continue;
    }
    rates[category] = amount;
  }
  return rates;
};

const readCurrency = (value: string | undefined, problems: string[]) => {
  if (value === undefined) return "USD";
  if (!/^[A-Z]{3}$/.test(value))
    problems.push(
      `LONTAR_TEMPLATE_RATE_CURRENCY must be a three-letter code like USD or IDR; got "${value}".`,
    );
  return value;
};
