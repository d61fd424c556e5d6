/** Typed repository failures; the API maps `code` to a tRPC code in one place. */
export class RowConflictError extends Error {
  readonly code = "CONFLICT" as const;
  constructor(
    entity: string,
    readonly details: { current: unknown },
  ) {
    super(`This ${entity} was changed by someone else since you loaded it. Review their change and apply yours again.`);
    this.name = "RowConflictError";
  }
}

export class RowNotFoundError extends Error {
  readonly code = "NOT_FOUND" as const;
  constructor(entity: string) {
    super(`${entity} not found.`);
    this.name = "RowNotFoundError";
  }
}
