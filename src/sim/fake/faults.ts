import { type GraphErrorReply, graphError } from "./graph-errors.ts";
import type { Fault } from "./types.ts";

type Queued = { fault: Fault; remaining: number };

const normalise = (recipient: string): string => recipient.replace(/^\+/, "").replace(/[\s-]/g, "");

/** FIFO of injected faults; each request consumes at most one, the oldest that matches it. */
export const createFaultQueue = () => {
  let queue: Queued[] = [];
  return {
    inject(fault: Fault): void {
      queue.push({ fault, remaining: fault.times ?? 1 });
    },
    clear(): void {
      queue = [];
    },
    take(endpoint: "messages" | "media", recipient?: string): Fault | undefined {
      const index = queue.findIndex(
        ({ fault }) =>
          (fault.endpoint ?? "messages") === endpoint &&
          (fault.to === undefined ||
            (recipient !== undefined && normalise(fault.to) === normalise(recipient))),
      );
      const entry = queue[index];
      if (!entry) return undefined;
      entry.remaining -= 1;
      if (entry.remaining <= 0) queue.splice(index, 1);
      return entry.fault;
    },
  };
};

export type FaultQueue = ReturnType<typeof createFaultQueue>;

/** The synchronous Graph error a fault stands for, or undefined when the request is accepted. */
export const faultError = (fault: Fault | undefined): GraphErrorReply | undefined => {
  switch (fault?.kind) {
    case "http500":
      return graphError(1);
    case "http503":
      return graphError(2);
    case "throttle":
      return graphError(fault.code);
    case "reengagement":
      return graphError(131047);
    case "undeliverable":
      return graphError(131026);
    case "graph_error":
      return graphError(fault.code, {
        ...(fault.httpStatus === undefined ? {} : { httpStatus: fault.httpStatus }),
        ...(fault.details === undefined ? {} : { details: fault.details }),
        ...(fault.subcode === undefined ? {} : { subcode: fault.subcode }),
      });
    default:
      return undefined;
  }
};
