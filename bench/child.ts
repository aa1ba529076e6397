import { fork } from "node:child_process";

/**
 * Runs `file` in a fresh Node process (with tsx), sends it `message`, and resolves with its one reply.
 * The child is killed if it has not answered within `limitS`, so a stuck run still ends.
 */
export const runChild = <T>(
  file: string,
  message: unknown,
  limitS: number,
  flags: string[] = [],
): Promise<T> =>
  new Promise((resolve, reject) => {
    const child = fork(file, [], {
      execArgv: [...flags, "--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${file} did not finish within ${limitS} s; killed`));
    }, limitS * 1000);
    child.once("message", (reply: { result?: T; error?: string }) => {
      clearTimeout(timer);
      if (reply.result !== undefined) resolve(reply.result);
      else reject(new Error(`${file} failed: ${reply.error}`));
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${file} exited with code ${code} before answering`));
    });
    child.send(message as object);
  });

/** The child side: answer the parent's one message with `fn`'s result (or its error), then exit. */
export const serveOnce = <M, T>(fn: (message: M) => Promise<T>) => {
  // The parent died (or killed us): nobody wants the answer, so do not run on as an orphan.
  process.once("disconnect", () => process.exit(1));
  process.once("message", (message: M) => {
    fn(message)
      .then((result) => process.send?.({ result }, () => process.exit(0)))
      .catch((error: Error) =>
        process.send?.({ error: error.stack ?? error.message }, () => process.exit(1)),
      );
  });
};
