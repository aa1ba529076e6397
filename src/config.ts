import path from "node:path";
import { type BroadcastConfig, readBroadcastConfig } from "./modules/broadcasts/broadcast-config.ts";
import { readStorageConfig, type StorageConfig } from "./platform/storage/storage-config.ts";

/** Everything Lontar reads from the environment, validated once at start-up. */
export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  publicUrl: string;
  logLevel: string;
  /** Base64 of 32 bytes; unset on an embedded install means a key file in the data folder. */
  masterKey?: string;
  /** Blob backend (fs | s3) and the parsed master keys (storage-config.ts). */
  storage: StorageConfig;
  /** The built-in fake Cloud API and the citizen phone simulator (demo mode). */
  simulator: boolean;
  whatsapp: {
    appSecret: string;
    verifyToken: string;
    accessToken: string;
    apiUrl: string;
    apiVersion: string;
    phoneNumberId: string;
  };
  webhook: { retentionDays: number; bodyLimitBytes: number };
  /** Unfinished applications: one reminder after this much silence, removed after this much more. */
  drafts: { remindAfterMs: number; expireAfterMs: number };
  /** The desk's sign-in rules. "auto" cookies are Secure when the request came over TLS. */
  desk: {
    secureCookies: boolean | "auto";
    maxFailedLogins: number;
    lockMinutes: number;
    idleHours: number;
    loginPerMinute: number;
  };
  /** Size limits for what citizens send, below Meta's own (image 5 MB, document 100 MB). */
  media: { maxImageBytes: number; maxDocumentBytes: number };
  /**
   * Documents of a closed application are deleted after `documentDays` (a service may set its own). Files no
   * application uses are deleted this many days after they were stored: chat files (and any other unused
   * file) `chatDays`, data copies `dataCopyDays`; a complaint's photos `complaintDays` after it closed.
   */
  retention: { documentDays: number; chatDays: number; complaintDays: number; dataCopyDays: number };
  outbox: {
    ratePerSecond: number;
    perRecipientIntervalMs: number;
    workers: number;
    leaseMs: number;
    /** First retry delay; doubles per attempt. Tests shrink it. */
    retryBaseMs: number;
  };
  /** Messaging-limit tier and template prices for campaigns (modules/broadcasts/broadcast-config.ts). */
  broadcasts: BroadcastConfig;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

type Env = Record<string, string | undefined>;

const DEMO_SECRET = "lontar-demo-app-secret";
const MB = 1024 * 1024;

export const loadConfig = (env: Env = process.env, cwd = process.cwd()): Config => {
  const problems: string[] = [];
  const read = makeReaders(env, problems);
  const apiUrlGiven = Boolean(env.WHATSAPP_API_URL?.trim());
  const tokenGiven = Boolean(env.WHATSAPP_ACCESS_TOKEN?.trim());
  // No WhatsApp configuration at all means a demo: the fake and the simulator stand in for Meta.
  const simulator = read.bool("LONTAR_SIMULATOR", !apiUrlGiven && !tokenGiven);
  if (simulator && apiUrlGiven) {
    problems.push("LONTAR_SIMULATOR=true cannot be combined with WHATSAPP_API_URL: the fake replaces Meta.");
  }
  const port = read.int("PORT", 3000, 0, 65535);
  const config: Config = {
    port,
    host: read.string("HOST", "127.0.0.1"),
    dataDir: path.resolve(cwd, read.string("LONTAR_DATA_DIR", "./data")),
    databaseUrl: read.optionalUrl("DATABASE_URL", ["postgres:", "postgresql:"]),
    publicUrl: read.string("LONTAR_PUBLIC_URL", `http://localhost:${port}`).replace(/\/$/, ""),
    masterKey: read.optionalSecret("LONTAR_MASTER_KEY"),
    logLevel: read.oneOf("LOG_LEVEL", "info", ["fatal", "error", "warn", "info", "debug", "trace", "silent"]),
    simulator,
    whatsapp: {
      appSecret: simulator
        ? read.string("WHATSAPP_APP_SECRET", DEMO_SECRET)
        : read.required("WHATSAPP_APP_SECRET"),
      verifyToken: simulator
        ? read.string("WHATSAPP_VERIFY_TOKEN", "lontar-demo-verify")
        : read.required("WHATSAPP_VERIFY_TOKEN"),
      accessToken: simulator
        ? read.string("WHATSAPP_ACCESS_TOKEN", "lontar-demo-token")
        : read.required("WHATSAPP_ACCESS_TOKEN"),
      apiUrl: (
        read.optionalUrl("WHATSAPP_API_URL", ["http:", "https:"]) ?? "https://graph.facebook.com"
      ).replace(/\/$/, ""),
      apiVersion: read.pattern("WHATSAPP_API_VERSION", "v25.0", /^v\d+\.\d+$/, "like v25.0"),
      phoneNumberId: read.pattern(
        "WHATSAPP_PHONE_NUMBER_ID",
        simulator ? "100000000000001" : "",
        /^\d+$/,
        "digits",
      ),
    },
    webhook: {
      retentionDays: read.int("WEBHOOK_RETENTION_DAYS", 30, 1, 3650),
      bodyLimitBytes: read.int("WEBHOOK_BODY_LIMIT_BYTES", 3 * 1024 * 1024 + 1024, 1024, 64 * 1024 * 1024),
    },
    drafts: {
      remindAfterMs: read.int("LONTAR_DRAFT_REMINDER_MINUTES", 120, 1, 1440) * 60_000,
      expireAfterMs: read.int("LONTAR_DRAFT_EXPIRY_HOURS", 72, 1, 24 * 90) * 3_600_000,
    },
    desk: {
      secureCookies: ((v) => (v === "auto" ? "auto" : v === "true"))(
        read.oneOf("LONTAR_SECURE_COOKIES", "auto", ["auto", "true", "false"]),
      ),
      maxFailedLogins: read.int("LONTAR_LOGIN_MAX_FAILURES", 5, 1, 100),
      lockMinutes: read.int("LONTAR_LOGIN_LOCK_MINUTES", 15, 1, 24 * 60),
      idleHours: read.int("LONTAR_SESSION_IDLE_HOURS", 12, 1, 24 * 30),
      // Offices sit behind one NAT address: 30 tries at once, then one every 2 s, before 429.
      loginPerMinute: read.int("LONTAR_LOGIN_RATE_PER_MINUTE", 30, 1, 100000),
    },
    media: {
      maxImageBytes: read.int("LONTAR_MAX_IMAGE_MB", 5, 1, 5) * MB,
      maxDocumentBytes: read.int("LONTAR_MAX_DOCUMENT_MB", 20, 1, 100) * MB,
    },
    retention: {
      documentDays: read.int("LONTAR_RETENTION_DAYS", 30, 1, 3650),
      chatDays: read.int("LONTAR_RETENTION_CHAT_DAYS", 30, 1, 3650),
      complaintDays: read.int("LONTAR_RETENTION_COMPLAINT_DAYS", 30, 1, 3650),
      // A data copy has done its job once delivered (the outbox gives up within hours): UU PDP Pasal 44.
      dataCopyDays: read.int("LONTAR_RETENTION_DATA_COPY_DAYS", 7, 1, 3650),
    },
    outbox: {
      ratePerSecond: read.int("OUTBOX_RATE_PER_SECOND", 80, 0, 10000),
      perRecipientIntervalMs: read.int("OUTBOX_RECIPIENT_INTERVAL_MS", 200, 0, 60000),
      workers: read.int("OUTBOX_WORKERS", 4, 0, 64),
      // Longer than a Graph request may take (20 s): a lease that ran out mid-send would let a second worker
      // send the same message again.
      leaseMs: read.int("OUTBOX_LEASE_MS", 30000, 25000, 3600000),
      retryBaseMs: read.int("OUTBOX_RETRY_BASE_MS", 1000, 10, 600000),
    },
    storage: readStorageConfig(env, problems),
    broadcasts: readBroadcastConfig(env, problems),
  };
  // An unfinished application's files are chat files until it is submitted: they must outlive the draft.
  if (config.retention.chatDays * 24 * 3_600_000 < config.drafts.expireAfterMs) {
    problems.push(
      `LONTAR_RETENTION_CHAT_DAYS (${config.retention.chatDays}) must cover LONTAR_DRAFT_EXPIRY_HOURS (${config.drafts.expireAfterMs / 3_600_000} h): files sent for an unfinished application would be deleted before it is submitted.`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
};

const makeReaders = (env: Env, problems: string[]) => {
  const raw = (name: string) => {
    const v = env[name]?.trim();
    return v === undefined || v === "" ? undefined : v;
  };
  return {
    string: (name: string, fallback: string) => raw(name) ?? fallback,
    optionalSecret: (name: string) => raw(name),
    required: (name: string) => {
      const v = raw(name);
      if (v === undefined) problems.push(`${name} is required when WhatsApp is configured (no simulator).`);
      return v ?? "";
    },
    int: (name: string, fallback: number, min: number, max: number) => {
      const v = raw(name);
      if (v === undefined) return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        problems.push(`${name} must be a whole number from ${min} to ${max}; got "${v}".`);
        return fallback;
      }
      return n;
    },
    bool: (name: string, fallback: boolean) => {
      const v = raw(name)?.toLowerCase();
      if (v === undefined) return fallback;
      if (["1", "true", "yes", "on"].includes(v)) return true;
      if (["0", "false", "no", "off"].includes(v)) return false;
      problems.push(`${name} must be true or false; got "${v}".`);
      return fallback;
    },
    oneOf: (name: string, fallback: string, allowed: string[]) => {
      const v = raw(name);
      if (v === undefined) return fallback;
      if (!allowed.includes(v)) problems.push(`${name} must be one of ${allowed.join(", ")}; got "${v}".`);
      return v;
    },
    pattern: (name: string, fallback: string, re: RegExp, hint: string) => {
      const v = raw(name) ?? fallback;
      if (!re.test(v)) problems.push(`${name} must be ${hint}; got "${v}".`);
      return v;
    },
    optionalUrl: (name: string, protocols: string[]) => {
      const v = raw(name);
      if (v === undefined) return undefined;
      try {
        const url = new URL(v);
        if (!protocols.includes(url.protocol)) throw new Error("protocol");
        return v;
      } catch {
        problems.push(`${name} must be a ${protocols.join(" or ")} URL; got something else.`);
        return undefined;
      }
    },
  };
};
