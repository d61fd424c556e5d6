import "server-only";
import { headers } from "next/headers";

/** This site's origin as the browser sees it: the configured public origin, else the request's own. */
export async function siteOrigin(): Promise<string> {
  const configured = process.env.AUTH_URL ?? process.env.STEPWISE_ORIGIN;
  if (configured) return new URL(configured).origin;
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost";
  const proto = h.get("x-forwarded-proto") ?? "http";
  return `${proto}://${host}`;
}
