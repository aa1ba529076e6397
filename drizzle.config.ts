import { defineConfig } from "drizzle-kit";

// drizzle-kit only generates SQL; src/platform/db/migrate.ts applies it (advisory lock, every missing file).
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/platform/db/schema/index.ts",
  out: "./src/platform/db/migrations",
});
