import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { can } from "@stepwise/domain";
import { requireSession } from "~/server/session";
import { api } from "~/trpc/server";
import { MeetingsList } from "./meetings-list";
import { ScheduleMeeting } from "./schedule-meeting";

export const metadata: Metadata = { title: "Team meetings" };

/** The meetings, read on the server through their procedures (gates and audit); scheduling is a plain form sent as a server action. */
export default async function MeetingsPage() {
  const { user } = await requireSession();
  if (!can(user.role, "meeting.read")) redirect("/");
  const canManage = can(user.role, "meeting.manage");
  const caller = await api();
  const [meetings, people] = await Promise.all([caller.meetings.list({}), canManage ? caller.directory.clinicians() : null]);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Team review meetings</h1>
          <p>Case conferences: the agenda comes from the flags; decisions become plan changes.</p>
        </div>
      </div>
      <div className="grid">
        {people ? <ScheduleMeeting people={people} /> : null}
        <MeetingsList meetings={meetings} />
      </div>
    </>
  );
}
