/** Child process entry for the memory benchmark (see benchMemory in memory.ts). */
import { serveOnce } from "./child.ts";
import { measureMemory } from "./memory.ts";

serveOnce(measureMemory);
