import { accountNoticeMessage } from "@stepwise/domain/account-notice-text";
import { ActionButton } from "~/components/action-button";
import { fmtDateTime } from "~/lib/format";
import type { RouterOutputs } from "~/lib/types";
import { acknowledgeNotices } from "./actions";

/** After sign-in: what someone else did to this account (password reset, two-factor removed), until acknowledged. */
export function AccountNotices({ notices }: { notices: RouterOutputs["notices"]["mine"] }) {
  if (notices.length === 0) return null;
  return (
    <section className="alert warn account-notices" aria-labelledby="account-notices-heading">
      <h2 id="account-notices-heading" className="visually-hidden">
        Changes to your account
      </h2>
      <ul>
        {notices.map((n) => (
          <li key={n.id}>
            {accountNoticeMessage(n.kind, n.actorName)} on {fmtDateTime(n.at)}.
          </li>
        ))}
      </ul>
      <p className="meta">If you did not ask for this, tell your clinic&apos;s administrator or privacy officer.</p>
      <ActionButton action={acknowledgeNotices.bind(null, notices.map((n) => n.id))} label="Got it" />
    </section>
  );
}
