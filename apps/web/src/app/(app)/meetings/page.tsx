import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { can } from "@stepwise/domain";
import { requireSession } from "~/server/session";
import { MeetingsList } from "./meetings-list";

export const metadata: Metadata = { title: "Team meetings" };

export default async function MeetingsPage() {
  const { user } = await requireSession();
  if (!can(user.role, "meeting.read")) redirect("/");
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Team review meetings</h1>
          <p>Case conferences: the agenda comes from the flags; decisions become plan changes.</p>
        </div>
      </div>
      <MeetingsList canManage={can(user.role, "meeting.manage")} />
    </>
  );
}
