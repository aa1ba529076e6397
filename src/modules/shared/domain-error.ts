/**
 * A rule of the domain said no. `code` is stable (the HTTP layer maps it once, the bot picks a message by it);
 * `message` is for logs and developers, never shown to citizens as is.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message?: string,
  ) {
    super(message ?? code);
    this.name = "DomainError";
  }
}

export const isDomainError = (error: unknown, code?: string): error is DomainError =>
  error instanceof DomainError && (code === undefined || error.code === code);
