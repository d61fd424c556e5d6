import type { DbOrTx } from "../client";
import { questionnaireSchedules } from "../schema";
import { stableId } from "./stable-id";

/**
 * The demo patient's questionnaires between visits: PEG weekly from today (so one is due when the
 * demo starts) and PHQ-9 every 4 weeks, its first in two weeks. Stable ids: a rerun keeps whatever
 * the team changed since.
 */
export async function seedQuestionnaireSchedules(tx: DbOrTx, o: { patientId: string; familyName: string; setBy: string; now: Date }): Promise<void> {
  const day = (offset: number) => new Date(o.now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  const by = { patientId: o.patientId, createdBy: o.setBy, updatedBy: o.setBy, createdAt: o.now, updatedAt: o.now };
  await tx
    .insert(questionnaireSchedules)
    .values([
      { ...by, id: stableId(`questionnaire-schedule:${o.familyName}:peg3`), instrument: "peg3", everyDays: 7, startsOn: day(0), active: true },
      { ...by, id: stableId(`questionnaire-schedule:${o.familyName}:phq9`), instrument: "phq9", everyDays: 28, startsOn: day(14), active: true },
    ])
    .onConflictDoNothing();
}
