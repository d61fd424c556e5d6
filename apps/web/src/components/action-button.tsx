"use client";

import { useActionState } from "react";
import { FormAlert } from "./form-alert";

/** What a button's server action answers: null when done, else the refusal to show beside it. */
export type ActionResult = string | null;

/**
 * One button that runs a server action (through the same gates as every call) and shows its refusal.
 * It needs no client data layer: the page is re-rendered on the server when the action succeeds.
 */
export function ActionButton({ action, label, name, className = "btn small secondary" }: { action: (previous: ActionResult, form: FormData) => Promise<ActionResult>; label: string; name?: string; className?: string }) {
  const [error, run, pending] = useActionState<ActionResult, FormData>(action, null);
  return (
    <form action={run} style={{ display: "contents" }}>
      <FormAlert message={error} />
      <button className={className} type="submit" disabled={pending} aria-label={name}>
        {label}
      </button>
    </form>
  );
}
