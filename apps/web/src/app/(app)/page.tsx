import type { Metadata } from "next";
import { can, type Role } from "@stepwise/domain";
import { requireSession } from "~/server/session";
import { HydrateClient } from "~/trpc/server";
import { MyActionItems } from "./home/action-items";
import { MeetingDuties } from "./home/meeting-duties";
import { MessagesCard } from "./home/messages-card";
import { AccountNotices } from "./home/account-notices";
import { AdminHome, CoordinatorHome, PsychologistHome, TherapistHome } from "./home/role-homes";
import { SafetyAlerts, Worklist } from "./home/worklist";
import { prefetchHome } from "./home/prefetch";
import { PatientList } from "./patient-list";

export const metadata: Metadata = { title: "Home" };


const intro: Record<Role, { title: string; text: string }> = {
  physician: { title: "Good to see you", text: "Your patients, most pressing first. Open one to review the plan." },
  physical_therapist: { title: "Your caseload", text: "Today's visits, this week's, and how pain moves across sessions." },
  psychologist: { title: "Your patients", text: "Mood and catastrophizing flags, and clearance requests waiting for you." },
  coordinator: { title: "Care coordination", text: "Meetings, overdue action items, missed sessions and care teams." },
  admin: { title: "Administration", text: "User accounts and the audit log. Clinical records are not shown to this role." },
  patient: { title: "Your care plan", text: "Your plan lives on its own pages." },
};

export default async function HomePage() {
  const { user } = await requireSession();
  const copy = intro[user.role];
  await prefetchHome(user.role);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{copy.title}</h1>
          <p>{copy.text}</p>
        </div>
      </div>
      <HydrateClient>
        <div className="grid">
          <AccountNotices />
          {user.role !== "admin" ? <SafetyAlerts canRespond={can(user.role, "safetyFlag.respond")} /> : null}
          {can(user.role, "message.read") && user.role !== "patient" ? <MessagesCard role={user.role} /> : null}
          {user.role === "admin" ? <AdminHome /> : <MyActionItems />}
          {can(user.role, "meeting.read") ? <MeetingDuties /> : null}
          {user.role === "physician" ? <Worklist role="physician" /> : null}
          {user.role === "physical_therapist" ? <TherapistHome /> : null}
          {user.role === "psychologist" ? <PsychologistHome /> : null}
          {user.role === "coordinator" ? <CoordinatorHome /> : null}
          {user.role !== "admin" ? <PatientList /> : null}
        </div>
      </HydrateClient>
    </>
  );
}
