import { NextResponse, type NextRequest } from "next/server";

/**
 * A per-request nonce for the Content-Security-Policy: Next.js reads it from the request header and
 * stamps its own inline scripts with it, so no 'unsafe-inline' script is allowed. This is not an
 * access check — every page and procedure checks the session itself.
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const dev = process.env.NODE_ENV !== "production";
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  // Where the request was going, for a page that must send a half-signed-in session to its sign-in step first.
  requestHeaders.set("x-stepwise-path", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  // Which instance answered, when several run behind a load balancer (set by the process that starts them).
  const instance = process.env.STEPWISE_INSTANCE;
  if (instance) response.headers.set("x-stepwise-instance", instance);
  return response;
}

export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico).*)" }],
};
