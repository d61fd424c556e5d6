import { describe, expect, it } from "vitest";
import { rejectUnsafeMutation } from "./request-guard";

const post = (headers: Record<string, string>) => new Request("http://localhost:3000/api/trpc/goals.create", { method: "POST", headers, body: "{}" });

describe("rejectUnsafeMutation", () => {
  it("lets same-origin JSON mutations and every GET through", () => {
    expect(rejectUnsafeMutation(post({ "content-type": "application/json", origin: "http://localhost:3000", host: "localhost:3000" }))).toBeNull();
    expect(rejectUnsafeMutation(new Request("http://localhost:3000/api/trpc/me.get"))).toBeNull();
  });

  it("refuses form posts (what a cross-site HTML form can send) with 415", () => {
    for (const type of ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain"]) {
      expect(rejectUnsafeMutation(post({ "content-type": type, origin: "http://localhost:3000", host: "localhost:3000" }))?.status).toBe(415);
    }
  });

  it("refuses another origin, or none, with 403", () => {
    expect(rejectUnsafeMutation(post({ "content-type": "application/json", origin: "https://evil.example", host: "localhost:3000" }))?.status).toBe(403);
    expect(rejectUnsafeMutation(post({ "content-type": "application/json", host: "localhost:3000" }))?.status).toBe(403);
    expect(rejectUnsafeMutation(post({ "content-type": "application/json", origin: "null", host: "localhost:3000" }))?.status).toBe(403);
  });
});
