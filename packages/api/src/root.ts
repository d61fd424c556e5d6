import { createCallerFactory, createTRPCRouter } from "./trpc";
import { meRouter } from "./routers/me";
import { patientsRouter } from "./routers/patients";
import { carePlanRouter } from "./routers/care-plan";
import { problemsRouter } from "./routers/problems";
import { goalsRouter } from "./routers/goals";
import { planItemsRouter } from "./routers/plan-items";

export const appRouter = createTRPCRouter({
  me: meRouter,
  patients: patientsRouter,
  carePlan: carePlanRouter,
  problems: problemsRouter,
  goals: goalsRouter,
  planItems: planItemsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
