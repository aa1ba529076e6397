import { PGlite } from "@electric-sql/pglite";
import Fastify, { type FastifyInstance } from "fastify";
import pg from "pg";
import { isValidSignature } from "../src/platform/whatsapp/signature.ts";
import { type Backend, createBenchDatabase } from "./databases.ts";

export type BaselineServer = {
  url: string;
  answered200(): number;
  stored(): Promise<number>;
  /** Resolves once no request is being handled (answers still in flight when the load stopped). */
  idle(): Promise<void>;
  stop(): Promise<void>;
};

const TABLE =
  "CREATE TABLE bench_raw (id bigserial primary key, body text not null, received_at timestamptz default now())";

/**
 * The least a webhook receiver can do and still be correct: raw bytes, signature check, one durable
 * INSERT, 200. Same process, same kind of database, same pool size (10) as Lontar's openPostgres.
 */
export const startBaseline = async (backend: Backend, appSecret: string): Promise<BaselineServer> => {
  const store = backend === "postgres" ? await postgresStore() : await pgliteStore();
  await store.query(TABLE);
  const app: FastifyInstance = Fastify({ logger: false });
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (_req, body, done) => done(null, body));
  let ok = 0;
  let inFlight = 0;
  app.post("/webhooks/whatsapp", async (request, reply) => {
    const raw = request.body as Buffer;
    const header = request.headers["x-hub-signature-256"] as string | undefined;
    if (!isValidSignature(raw, header, appSecret)) return reply.code(401).send("bad signature");
    inFlight += 1;
    try {
      await store.query("INSERT INTO bench_raw (body) VALUES ($1)", [raw.toString("utf8")]);
    } finally {
      inFlight -= 1;
    }
    ok += 1;
    return reply.code(200).send("OK");
  });
  const url = await app.listen({ port: 0, host: "127.0.0.1" });
  return {
    url: `${url}/webhooks/whatsapp`,
    answered200: () => ok,
    stored: async () => Number((await store.query("SELECT count(*)::int AS n FROM bench_raw"))[0]?.n ?? 0),
    idle: async () => {
      for (let i = 0; i < 100 && inFlight > 0; i++) await new Promise((r) => setTimeout(r, 20));
    },
    stop: async () => {
      await app.close();
      await store.close();
    },
  };
};

type Store = {
  query(text: string, params?: unknown[]): Promise<Array<{ n?: number }>>;
  close(): Promise<void>;
};

const postgresStore = async (): Promise<Store> => {
  const pool = new pg.Pool({ connectionString: await createBenchDatabase("baseline"), max: 10 });
  pool.on("error", () => {});
  return { query: async (text, params) => (await pool.query(text, params)).rows, close: () => pool.end() };
};

const pgliteStore = async (): Promise<Store> => {
  const client = await PGlite.create();
  return {
    query: async (text, params) => (await client.query<{ n?: number }>(text, params)).rows,
    close: () => client.close(),
  };
};
