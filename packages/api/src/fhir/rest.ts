import type { OperationOutcome, OperationOutcomeIssue } from "@medplum/fhirtypes";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { TRPCError } from "@trpc/server";
import type { Context } from "../context";
import { createCaller } from "../root";
import { bulkExportRoutes } from "./rest-bulk-export";
import { exportRoutes } from "./rest-export";
import { importRoutes } from "./rest-import";

export type Caller = ReturnType<typeof createCaller>;

/** One REST interaction of the FHIR API: a method, a path under /api/fhir/R4 and its handler. */
export interface FhirRoute {
  method: "GET" | "POST" | "DELETE";
  /** Matched against the path after `/api/fhir/R4/` (no leading slash, no query). */
  pattern: RegExp;
  handle: (call: { match: RegExpMatchArray; request: Request; url: URL; caller: Caller; base: string }) => Promise<Response>;
}

export const FHIR_JSON = "application/fhir+json; charset=utf-8";

export const routes: readonly FhirRoute[] = [...exportRoutes, ...bulkExportRoutes, ...importRoutes];

export function fhirJson(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("Content-Type", FHIR_JSON);
  headers.set("Cache-Control", "no-store");
  return new Response(JSON.stringify(body), { ...init, headers });
}

/** A FHIR error: an OperationOutcome with the issue's code, under the HTTP status it maps to. */
export function outcome(status: number, code: OperationOutcomeIssue["code"], text: string): Response {
  const body: OperationOutcome = { resourceType: "OperationOutcome", issue: [{ severity: "error", code, diagnostics: text }] };
  return fhirJson(body, { status });
}

const issueCodeByStatus: Record<number, OperationOutcomeIssue["code"]> = { 400: "invalid", 401: "login", 403: "forbidden", 404: "not-found", 409: "conflict", 413: "too-costly", 429: "throttled" };

/**
 * The FHIR API's front door: finds the route, builds the caller from the request's session (the
 * procedures do every check and audit), and answers a procedure's error as an OperationOutcome.
 * Internal errors keep their message out of the answer.
 */
export async function handleFhirRequest(request: Request, options: { createContext: () => Promise<Context> }): Promise<Response> {
  const url = new URL(request.url);
  const marker = "/api/fhir/R4/";
  const at = url.pathname.indexOf(marker);
  const path = at === -1 ? "" : url.pathname.slice(at + marker.length).replace(/\/+$/, "");
  const base = `${url.origin}${url.pathname.slice(0, at + marker.length - 1)}`;
  const candidates = routes.filter((r) => r.pattern.test(path));
  if (candidates.length === 0) return outcome(404, "not-found", `No FHIR interaction at ${path || "/"}.`);
  const route = candidates.find((r) => r.method === request.method);
  if (!route) return outcome(405, "not-supported", `${request.method} is not supported at ${path}.`);
  const match = path.match(route.pattern) as RegExpMatchArray;
  try {
    const caller = createCaller(await options.createContext());
    return await route.handle({ match, request, url, caller, base });
  } catch (error) {
    if (error instanceof TRPCError) {
      const status = getHTTPStatusCodeFromError(error);
      if (status >= 500) return outcome(status, "exception", "The server could not complete the request.");
      return outcome(status, issueCodeByStatus[status] ?? "processing", error.message);
    }
    throw error;
  }
}
