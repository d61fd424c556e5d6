import { createCallerFactory, createTRPCRouter } from "./trpc";
import { meRouter } from "./routers/me";
import { patientsRouter } from "./routers/patients";

export const appRouter = createTRPCRouter({
  me: meRouter,
  patients: patientsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
