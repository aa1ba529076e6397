/** Child process entry for the blob store benchmark (see benchStorage in storage.ts). */
import { serveOnce } from "./child.ts";
import { measureStorage } from "./storage.ts";

serveOnce(measureStorage);
