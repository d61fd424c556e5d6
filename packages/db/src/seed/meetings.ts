import { addDays, setHours, startOfDay, startOfHour } from "date-fns";
import type { DbOrTx } from "../client";
import { meetingAttendees, meetingCases, meetingDecisions, meetings } from "../schema";
import { demoPatientIdByName, demoUserId } from "./demo";
import { stableId } from "./stable-id";

const room = ["physician@stepwise.test", "pt@stepwise.test", "psychologist@stepwise.test"] as const;

/**
 * Two team reviews: last week's, closed with a goal still waiting for the physician to confirm,
 * and today's, already begun (so the room can be run and closed) with the demo stories on it.
 */
export async function seedMeetings(tx: DbOrTx, now: Date): Promise<void> {
  const coordinator = demoUserId("coordinator@stepwise.test");
  const lastWeek = setHours(startOfDay(addDays(now, -7)), 14);
  const today = startOfHour(now);
  const past = stableId("meeting:past");
  const current = stableId("meeting:today");
  const base = { chairId: coordinator, createdBy: coordinator, updatedBy: coordinator, durationMinutes: 60 };
  await tx
    .insert(meetings)
    .values([
      {
        ...base,
        id: past,
        title: "Weekly team review",
        scheduledFor: lastWeek,
        status: "closed",
        closedAt: new Date(lastWeek.getTime() + 3_600_000),
        closedBy: coordinator,
        closingQuorum: { met: true, missing: [], policyId: "quorum-2025-01", policy: "A physician, a physical therapist and a psychologist present", acknowledged: false },
        createdAt: addDays(lastWeek, -7),
        updatedAt: lastWeek,
      },
      { ...base, id: current, title: "Weekly team review", scheduledFor: today, createdAt: addDays(now, -3), updatedAt: addDays(now, -3) },
    ])
    .onConflictDoNothing();
  await tx
    .insert(meetingAttendees)
    .values([
      ...room.map((email) => ({ id: stableId(`meeting:past:${email}`), meetingId: past, userId: demoUserId(email), attended: true, signedOffAt: lastWeek })),
      ...room.map((email) => ({ id: stableId(`meeting:today:${email}`), meetingId: current, userId: demoUserId(email) })),
    ])
    .onConflictDoNothing();

  const achterberg = demoPatientIdByName("Achterberg");
  const pastCase = stableId("meeting:past:case:Achterberg");
  await tx
    .insert(meetingCases)
    .values([
      {
        id: pastCase,
        meetingId: past,
        patientId: achterberg,
        position: 1,
        reason: "Candidacy decision pending: radiofrequency ablation after two medial branch blocks",
        flagCodes: ["candidacy_pending"],
        status: "discussed",
        discussionNotes: "Two concordant blocks. Physician to set the decision goal; revisit after the pain diary.",
        discussedAt: lastWeek,
        createdBy: coordinator,
        updatedBy: coordinator,
        createdAt: addDays(lastWeek, -7),
        updatedAt: lastWeek,
      },
      ...(
        [
          ["Montoya", "High opioid dose: 105 MME/day", "high_opioid_dose"],
          ["Beaumont", "Safety: PHQ-9 item 9 answered", "safety_self_harm"],
          ["Bello", "Candidacy decision pending: spinal cord stimulation trial (psychological clearance)", "candidacy_pending"],
          ["Achterberg", "Candidacy decision pending: radiofrequency ablation", "candidacy_pending"],
        ] as const
      ).map(([name, reason, flag], i) => ({
        id: stableId(`meeting:today:case:${name}`),
        meetingId: current,
        patientId: demoPatientIdByName(name),
        position: i + 1,
        reason,
        flagCodes: [flag],
        createdBy: coordinator,
        updatedBy: coordinator,
        createdAt: addDays(now, -3),
        updatedAt: addDays(now, -3),
      })),
    ])
    .onConflictDoNothing();

  // Recorded by the coordinator: a physician's goal is the physician's to confirm.
  const goal = {
    description: "Decide on radiofrequency ablation once the pain diary is back",
    measure: "decision recorded in the plan",
    target: "decided",
    targetDate: addDays(now, 14),
    discipline: "physician" as const,
    problemId: null,
  };
  await tx
    .insert(meetingDecisions)
    .values({
      id: stableId("meeting:past:decision:Achterberg"),
      meetingId: past,
      caseId: pastCase,
      patientId: achterberg,
      kind: "add_goal",
      description: `Goal: ${goal.description}`,
      status: "proposed",
      proposal: { kind: "add_goal", goal },
      ownerDiscipline: "physician",
      createdBy: coordinator,
      createdAt: lastWeek,
    })
    .onConflictDoNothing();
}
