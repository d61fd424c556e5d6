import { ConflictError, NotFoundError } from "@stepwise/domain";

/** Typed repository failures, of the domain's error family; the API maps them to tRPC codes in one place. */
export class RowConflictError extends ConflictError {
  override readonly name: string = "RowConflictError";
  constructor(entity: string, details: { current: unknown }) {
    super(`This ${entity} was changed by someone else since you loaded it. Review their change and apply yours again.`, details);
  }
}

export class RowNotFoundError extends NotFoundError {
  override readonly name: string = "RowNotFoundError";
}
