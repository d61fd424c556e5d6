"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { accountNoticeMessage } from "@stepwise/domain/account-notice-text";
import { FormAlert } from "~/components/form-alert";
import { fmtDateTime } from "~/lib/format";
import { errorInfo } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

// Every role sees this notice on its home; the administrator's reset dialogs (account-resets.tsx) are
// kept apart so their dialog library never loads with it.
/** After sign-in: what someone else did to this account (password reset, two-factor removed), until acknowledged. */
export function AccountNotices() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const notices = useQuery(trpc.notices.mine.queryOptions());
  const acknowledge = useMutation(
    trpc.notices.acknowledge.mutationOptions({ onSuccess: () => qc.invalidateQueries({ queryKey: trpc.notices.mine.queryKey() }) }),
  );
  const rows = notices.data ?? [];
  if (rows.length === 0) return null;
  return (
    <section className="alert warn account-notices" aria-labelledby="account-notices-heading">
      <h2 id="account-notices-heading" className="visually-hidden">
        Changes to your account
      </h2>
      <ul>
        {rows.map((n) => (
          <li key={n.id}>
            {accountNoticeMessage(n.kind, n.actorName)} on {fmtDateTime(n.at)}.
          </li>
        ))}
      </ul>
      <p className="meta">If you did not ask for this, tell your clinic&apos;s administrator or privacy officer.</p>
      <FormAlert message={acknowledge.isError ? errorInfo(acknowledge.error).message : null} />
      <button className="btn small secondary" type="button" disabled={acknowledge.isPending} onClick={() => acknowledge.mutate({ noticeIds: rows.map((n) => n.id) })}>
        Got it
      </button>
    </section>
  );
}
