/**
 * A form action of the manage pages (supervisor, complaints): done → redirect (PRG); refused by the domain →
 * the page it came from again with the reason (409 for a step the status does not allow, else 422). Unknown
 * and other people's records stay 404, thrown on.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { type DomainError, isDomainError } from "../shared/domain-error.ts";
import type { DeskUser } from "./context.ts";
import { domainErrorText } from "./errors.tsx";
import { redirect, userOf } from "./session.ts";
import type { Message } from "./supervisor/supervisor.views.tsx";
import { cw } from "./supervisor/supervisor.words.ts";

/** The refusal in the person's language: complaint wording first, then the desk's shared texts. */
export const refusal = (user: DeskUser, error: DomainError): Message => ({
  kind: "error",
  text:
    (cw as (l: string, k: string) => string | undefined)(user.locale, error.code) ??
    domainErrorText(user.locale, error.code),
});

export const attemptForm = async (
  req: FastifyRequest,
  reply: FastifyReply,
  act: () => Promise<string>,
  back: (message: Message, status: number) => Promise<unknown>,
) => {
  try {
    return redirect(req, reply, await act());
  } catch (error) {
    if (
      !isDomainError(error) ||
      (/_not_found$|^not_your_/.test(error.code) && error.code !== "operator_not_found")
    )
      throw error;
    return back(refusal(userOf(req), error), error.code === "action_not_allowed" ? 409 : 422);
  }
};
