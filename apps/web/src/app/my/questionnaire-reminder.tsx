import Link from "next/link";
import { api } from "~/trpc/server";

/**
 * The reminder on the patient's home: a late questionnaire (or today's pain diary) first, a due one
 * more quietly; nothing when all is done. A server component: it reads questionnaires.mine itself.
 */
export async function QuestionnaireReminder() {
  const caller = await api();
  const mine = await caller.questionnaires.mine().catch(() => null);
  if (!mine) return null;
  const open = [...mine.scheduled, ...mine.followUps].filter((q) => q.state === "due" || q.state === "late");
  const late = open.filter((q) => q.state === "late");
  const diary = mine.diaries.find((d) => d.state !== "closed");
  if (!diary && open.length === 0) return null;
  return (
    <section className={late.length > 0 || diary ? "card portal-request" : "card"} aria-labelledby="questionnaire-reminder" data-testid="questionnaire-reminder">
      <h2 id="questionnaire-reminder">{diary ? "Your pain diary today" : late.length > 0 ? "A questionnaire is overdue" : "A questionnaire is ready for you"}</h2>
      {diary ? (
        <p>
          Record your pain for your {diary.label.toLowerCase()} today.{" "}
          <Link className="portal-link" href={`/my/diary/${diary.procedureId}`}>
            Open my pain diary
          </Link>
        </p>
      ) : null}
      {open.length > 0 ? (
        <p>
          {late.length > 0 ? `Please fill in: ${late.map((q) => q.title).join(", ")}. ` : `${open.map((q) => q.title).join(", ")}: it takes a minute or two. `}
          <Link className="portal-link" href="/my/questionnaires">
            Go to my questionnaires
          </Link>
        </p>
      ) : null}
    </section>
  );
}
