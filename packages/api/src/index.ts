export { appRouter, createCaller, type AppRouter } from "./root";
export { createInnerContext, createRequestContext, type Context } from "./context";
export { handleTrpcRequest, type TrpcRequestOptions } from "./http";
export { handleFhirRequest } from "./fhir/rest";
export type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
export { prepareServer, stopServer } from "./server-start";
export type { LiveMessage } from "./routers/live";
export { liveStats } from "./live-stats";
export { invitationMailSettings } from "./services/invitation-mail";
