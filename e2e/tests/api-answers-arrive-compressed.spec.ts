import fs from "node:fs";
import http from "node:http";
import { gunzipSync } from "node:zlib";
import { expect, test } from "@playwright/test";
import { baseURL } from "../playwright.config";
import { authFile } from "./support";

// Against the production server itself: Next's compression is what is checked, not the handler alone.

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The first bytes of the body, as they arrive (for a stream: before it ends). */
  first: Buffer;
  /** The whole body; null for a stream, which is closed after its first bytes. */
  body: Buffer | null;
}

function cookieHeader(): string {
  const state = JSON.parse(fs.readFileSync(authFile("physician"), "utf8")) as { cookies: { name: string; value: string }[] };
  return state.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
}

function get(path: string, headers: Record<string, string>, stream = false): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.get(new URL(path, baseURL), { headers: { cookie: cookieHeader(), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => {
        chunks.push(chunk);
        if (stream) {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, first: chunk, body: null });
        }
      });
      res.on("end", () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, first: chunks[0] ?? Buffer.alloc(0), body });
      });
      res.on("error", reject);
    });
    req.on("error", (error) => (stream ? undefined : reject(error)));
  });
}

const input = (value: unknown) => encodeURIComponent(JSON.stringify({ json: value }));

test("a JSON answer comes back gzip-compressed when the browser accepts it", async () => {
  const raw = await get(`/api/trpc/patients.list?input=${input({ limit: 25, cursor: 0 })}`, { "accept-encoding": "gzip" });
  expect(raw.status).toBe(200);
  expect(raw.headers["content-encoding"]).toBe("gzip");
  expect(raw.headers["cache-control"]).toBe("no-store");
  const json = gunzipSync(raw.body!);
  expect(raw.body!.length).toBeLessThan(json.length);
  expect((JSON.parse(json.toString("utf8")) as { result: { data: { json: { items: unknown[] } } } }).result.data.json.items.length).toBeGreaterThan(0);
});

test("a page comes back gzip-compressed too", async () => {
  const raw = await get("/", { "accept-encoding": "gzip" });
  expect(raw.status).toBe(200);
  expect(raw.headers["content-encoding"]).toBe("gzip");
  expect(gunzipSync(raw.body!).toString("utf8")).toContain("Stepwise");
});

// The browser's door (/api/live) and tRPC's own serve the same stream alike.
for (const door of ["/api/live", "/api/trpc"]) {
  test(`the live event stream is sent untransformed, uncompressed and unbuffered (${door})`, async () => {
    const raw = await get(`${door}/live.events?input=${input({ patientIds: [], meetingIds: [], lastEventId: null })}`, { "accept-encoding": "gzip", accept: "text/event-stream" }, true);
    expect(raw.status).toBe(200);
    expect(raw.headers["content-type"]).toContain("text/event-stream");
    expect(raw.headers["cache-control"]).toBe("no-store, no-transform");
    expect(raw.headers["content-encoding"]).toBeUndefined();
    // Readable as plain text while the stream is still open: nothing held back to be compressed.
    expect(raw.first.toString("utf8")).toContain("event: connected");
  });
}
