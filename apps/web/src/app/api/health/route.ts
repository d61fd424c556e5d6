import { liveStats } from "@stepwise/api";

export const dynamic = "force-dynamic";

/** Liveness and live-layer gauges for operators and the live benchmark; no patient data. */
export async function GET() {
  const stats = await liveStats();
  const memory = process.memoryUsage();
  return Response.json({ ok: true, ...stats, rssBytes: memory.rss, heapUsedBytes: memory.heapUsed }, { headers: { "Cache-Control": "no-store" } });
}
