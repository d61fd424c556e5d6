import { DomainError } from "./errors";

/** A transition table: every status maps to the statuses it may move to; `[]` marks a terminal status. */
export type TransitionTable<S extends string> = Readonly<Record<S, readonly S[]>>;

export function canTransitionIn<S extends string>(table: TransitionTable<S>, from: S, to: S): boolean {
  return table[from].includes(to);
}

export function assertTransitionIn<S extends string>(
  table: TransitionTable<S>,
  from: S,
  to: S,
  what: string,
): void {
  if (!canTransitionIn(table, from, to)) {
    // PRECONDITION_FAILED rather than BAD_REQUEST: the request is well-formed, the row is in the wrong state.
    throw new DomainError("PRECONDITION_FAILED", `${what} cannot move from ${from} to ${to}`, "status");
  }
}

export function isTerminalIn<S extends string>(table: TransitionTable<S>, status: S): boolean {
  return table[status].length === 0;
}

export function reachableFrom<S extends string>(table: TransitionTable<S>, start: S): Set<S> {
  const seen = new Set<S>([start]);
  const queue: S[] = [start];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const to of table[next]) {
      if (!seen.has(to)) {
        seen.add(to);
        queue.push(to);
      }
    }
  }
  return seen;
}
