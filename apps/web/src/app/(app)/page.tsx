import type { Metadata } from "next";
import { can, type Role } from "@stepwise/domain";
import { LiveRefresh } from "~/components/live-refresh";
import { requireSession } from "~/server/session";
import { api } from "~/trpc/server";
import { MyActionItems } from "./home/action-items";
import { MeetingDuties } from "./home/meeting-duties";
import { MessagesCard } from "./home/messages-card";
import { AdminView } from "./home/admin-view";
import { AccountNotices } from "./home/account-notices";
import { CoordinatorHome } from "./home/coordinator-home";
import { PsychologistHome } from "./home/psychologist-home";
import { TherapistHome } from "./home/therapist-home";
import { hasSafetyFlag, readList, SafetyAlerts, Worklist } from "./home/worklist";
import { prefetchAdminHome } from "./home/prefetch";
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

/**
 * While a self-harm flag is on the list, a colleague's response must reach this home without a
 * reload even if the stream missed it: the home is re-read on a short interval, only while such a flag is open.
 */
const SAFETY_REFRESH_MS = 20_000;

/** "Show more" on a home list asks for one more page in the address (`?flagged=2`). */
const pagesOf = (value: string | string[] | undefined) => Math.min(Math.max(Number(Array.isArray(value) ? value[0] : value) || 1, 1), 20);

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * Each role's home, rendered on the server from its reads (each through its procedure's gate and
 * audit): no client data layer on this page. Buttons run server actions; the search box, "Show more"
 * and forms opened are small islands; the live stream re-renders the page when the list changes.
 */
export default async function HomePage({ searchParams }: { searchParams: SearchParams }) {
  const { user } = await requireSession();
  const copy = intro[user.role];
  const head = (
    <div className="page-head">
      <div>
        <h1>{copy.title}</h1>
        <p>{copy.text}</p>
      </div>
    </div>
  );
  const caller = await api();
  if (user.role === "admin") {
    const [notices, state] = await Promise.all([caller.notices.mine(), prefetchAdminHome()]);
    return (
      <>
        {head}
        <div className="grid">
          <AccountNotices notices={notices} />
          <AdminView state={state} />
        </div>
      </>
    );
  }
  const params = await searchParams;
  const role = user.role;
  const meetings = can(role, "meeting.read");
  const [notices, flagged, actionItems, patients, decisions, toSign, coordinator, therapist, clearances] = await Promise.all([
    caller.notices.mine(),
    readList("flagged", pagesOf(params.flagged)),
    caller.actionItems.mine({}),
    caller.patients.list({ limit: 25, cursor: 0 }),
    meetings ? caller.meetings.pendingDecisions() : [],
    meetings ? caller.meetings.mySignOffs() : [],
    role === "coordinator" ? Promise.all([caller.meetings.list({}), caller.actionItems.overdue({}), caller.emergencyAccess.reviewQueue()]) : null,
    role === "physical_therapist" ? Promise.all([caller.worklist.schedule(), readList("sessions", pagesOf(params.sessions))]) : null,
    role === "psychologist" ? readList("clearances", pagesOf(params.clearances)) : null,
  ]);
  return (
    <>
      {head}
      <LiveRefresh caseload on={["caseload"]} every={hasSafetyFlag(flagged) ? SAFETY_REFRESH_MS : undefined} />
      <div className="grid">
        <AccountNotices notices={notices} />
        <SafetyAlerts list={flagged} canRespond={can(role, "safetyFlag.respond")} />
        {can(role, "message.read") ? <MessagesCard role={role} /> : null}
        <MyActionItems items={actionItems} />
        {meetings ? <MeetingDuties decisions={decisions} toSign={toSign} /> : null}
        {role === "physician" ? <Worklist role="physician" list={flagged} /> : null}
        {therapist ? <TherapistHome schedule={therapist[0]} trend={therapist[1]} list={flagged} /> : null}
        {clearances ? <PsychologistHome clearances={clearances} list={flagged} /> : null}
        {coordinator ? <CoordinatorHome meetings={coordinator[0]} overdue={coordinator[1]} reviewCount={coordinator[2].length} list={flagged} /> : null}
        <PatientList initial={patients} />
      </div>
    </>
  );
}
