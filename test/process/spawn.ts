import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

export const freePort = async (): Promise<number> => {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  return typeof address === "object" && address ? address.port : 0;
};

/** `exited` is the exit code, or the name of the signal that ended the process. */
export type Started = { child: ChildProcess; output: () => string; exited: Promise<number | string | null> };

/** `npm start` as a real process (node directly, so signals reach Lontar itself and not npm). */
export const startLontarProcess = (env: Record<string, string>): Started => {
  let output = "";
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => {
    output += d;
  });
  child.stderr!.on("data", (d) => {
    output += d;
  });
  const exited = once(child, "exit").then(
    ([code, signal]) => (code as number | null) ?? (signal as string | null),
  );
  return { child, output: () => output, exited };
};

export const waitForOutput = async (started: Started, text: string, timeoutMs = 60_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!started.output().includes(text)) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for "${text}"; output:\n${started.output()}`);
    if (started.child.exitCode !== null)
      throw new Error(`exited (${started.child.exitCode}) before "${text}":\n${started.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};
