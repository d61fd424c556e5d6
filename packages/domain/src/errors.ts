export const domainErrorCodes = ["BAD_REQUEST", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "PRECONDITION_FAILED"] as const;
export type DomainErrorCode = (typeof domainErrorCodes)[number];

/** What a refusal carries back to the form: the field to mark and, after a lost race, the row as it now stands. */
export interface DomainErrorDetails {
  field?: string;
  current?: unknown;
}

/**
 * The one error family thrown on purpose, by rules, repositories and gates alike. The API maps
 * `code` to a tRPC code in one place, so no procedure needs its own try/catch.
 */
export class DomainError extends Error {
  override readonly name: string = "DomainError";
  readonly code: DomainErrorCode;
  readonly field: string | undefined;
  readonly details: DomainErrorDetails;

  constructor(code: DomainErrorCode, message: string, field?: string, details: Omit<DomainErrorDetails, "field"> = {}) {
    super(message);
    this.code = code;
    this.field = field;
    this.details = { ...details, field };
  }
}

export class InvalidInputError extends DomainError {
  override readonly name: string = "InvalidInputError";
  constructor(message: string, field?: string) {
    super("BAD_REQUEST", message, field);
  }
}

export class NotSignedInError extends DomainError {
  override readonly name: string = "NotSignedInError";
  constructor(message = "Sign in to continue.") {
    super("UNAUTHORIZED", message);
  }
}

export class ForbiddenError extends DomainError {
  override readonly name: string = "ForbiddenError";
  constructor(message: string, field?: string) {
    super("FORBIDDEN", message, field);
  }
}

/** Also what a row outside the caller's reach answers: no existence oracle. */
export class NotFoundError extends DomainError {
  override readonly name: string = "NotFoundError";
  constructor(entity: string, field?: string) {
    super("NOT_FOUND", `${entity} not found.`, field);
  }
}

export class ConflictError extends DomainError {
  override readonly name: string = "ConflictError";
  constructor(message: string, details: DomainErrorDetails = {}) {
    super("CONFLICT", message, details.field, { current: details.current });
  }
}

export class PreconditionError extends DomainError {
  override readonly name: string = "PreconditionError";
  constructor(message: string, field?: string) {
    super("PRECONDITION_FAILED", message, field);
  }
}
