import { createCallerFactory, createTRPCRouter } from "./trpc";
import { meRouter } from "./routers/me";
import { patientsRouter } from "./routers/patients";
import { carePlanRouter } from "./routers/care-plan";
import { worklistRouter } from "./routers/worklist";
import { liveRouter } from "./routers/live";
import { directoryRouter } from "./routers/directory";
import { adminRouter } from "./routers/admin";
import { noticesRouter } from "./routers/notices";
import { auditRouter } from "./routers/audit";
import { emergencyAccessRouter } from "./routers/emergency-access";
import { careTeamRouter } from "./routers/care-team";
import { problemsRouter } from "./routers/problems";
import { goalsRouter } from "./routers/goals";
import { planItemsRouter } from "./routers/plan-items";
import { procedureRouter } from "./routers/procedures";
import { clearancesRouter } from "./routers/clearances";
import { medicationsRouter } from "./routers/medications";
import { therapySessionsRouter } from "./routers/therapy-sessions";
import { psychNotesRouter } from "./routers/psych-notes";
import { assessmentsRouter } from "./routers/assessments";
import { commentsRouter } from "./routers/comments";
import { timelineRouter } from "./routers/timeline";
import { meetingsRouter } from "./routers/meetings";
import { actionItemsRouter } from "./routers/action-items";
import { safetyResponsesRouter } from "./routers/safety-responses";
import { safetyProfileRouter } from "./routers/safety-profile";
import { portalRouter } from "./routers/portal";
import { messagesRouter } from "./routers/messages";
import { patientAccessRouter } from "./routers/patient-access";
import { questionnairesRouter } from "./routers/questionnaires";
import { fhirRouter } from "./routers/fhir";

export const appRouter = createTRPCRouter({
  me: meRouter,
  meetings: meetingsRouter,
  actionItems: actionItemsRouter,
  safetyResponses: safetyResponsesRouter,
  patients: patientsRouter,
  carePlan: carePlanRouter,
  worklist: worklistRouter,
  live: liveRouter,
  directory: directoryRouter,
  admin: adminRouter,
  notices: noticesRouter,
  audit: auditRouter,
  emergencyAccess: emergencyAccessRouter,
  careTeam: careTeamRouter,
  problems: problemsRouter,
  goals: goalsRouter,
  planItems: planItemsRouter,
  procedures: procedureRouter,
  clearances: clearancesRouter,
  medications: medicationsRouter,
  therapySessions: therapySessionsRouter,
  psychNotes: psychNotesRouter,
  assessments: assessmentsRouter,
  comments: commentsRouter,
  timeline: timelineRouter,
  safetyProfile: safetyProfileRouter,
  portal: portalRouter,
  messages: messagesRouter,
  patientAccess: patientAccessRouter,
  questionnaires: questionnairesRouter,
  fhir: fhirRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
