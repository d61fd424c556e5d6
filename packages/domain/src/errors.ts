export const domainErrorCodes = ["BAD_REQUEST", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "PRECONDITION_FAILED"] as const;
export type DomainErrorCode = (typeof domainErrorCodes)[number];

/**
 * The only error the domain throws on purpose. The API maps `code` to a tRPC code in one place,
 * so no procedure needs its own try/catch.
 */
export class DomainError extends Error {
  override readonly name = "DomainError";
  readonly code: DomainErrorCode;
  readonly field: string | undefined;

  constructor(code: DomainErrorCode, message: string, field?: string) {
    super(message);
    this.code = code;
    this.field = field;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
