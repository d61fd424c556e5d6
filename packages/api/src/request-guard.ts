/**
 * CSRF defence for tRPC mutations (trpc#5522): HTML forms can post cross-site, and tRPC v11 accepts
 * FormData, so a mutation must be JSON and must come from our own origin.
 */
export function rejectUnsafeMutation(request: Request): Response | null {
  if (request.method !== "POST") return null;
  const type = request.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/json")) {
    return Response.json({ error: "Mutations accept application/json only." }, { status: 415 });
  }
  const origin = request.headers.get("origin");
  if (!origin || !allowedOrigins(request).has(origin)) {
    return Response.json({ error: "Cross-origin request refused." }, { status: 403 });
  }
  return null;
}

function allowedOrigins(request: Request): Set<string> {
  const allowed = new Set<string>();
  const configured = process.env.AUTH_URL ?? process.env.STEPWISE_ORIGIN;
  if (configured) allowed.add(new URL(configured).origin);
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (host) {
    const proto = request.headers.get("x-forwarded-proto") ?? new URL(request.url).protocol.replace(":", "");
    allowed.add(`${proto}://${host}`);
  }
  return allowed;
}
