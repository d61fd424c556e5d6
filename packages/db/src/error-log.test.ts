import { afterEach, describe, expect, it, vi } from "vitest";
import { describeError, logInternalError } from "./error-log";

afterEach(() => vi.restoreAllMocks());

describe("logInternalError", () => {
  it("prints the id, place, actor, class chain and innermost code, and nothing of any message", () => {
    const lines: string[] = [];
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" ")));
    const driver = Object.assign(new Error("new row violates check constraint; Failing row contains (secret body)"), { code: "23514", severity: "ERROR", detail: "secret body" });
    const wrapped = Object.assign(new Error("Failed query: insert into psych_notes ... params: secret body", { cause: driver }), { code: "INTERNAL_SERVER_ERROR" });
    logInternalError({ errorId: "id-1", path: "psychNotes.create", actorId: "user-1", error: wrapped });
    expect(lines).toEqual(["Internal error id-1: path=psychNotes.create actor=user-1 class=Error>DatabaseError code=23514"]);
  });

  it("does not repeat a path that is not a plain identifier (it comes from the URL)", () => {
    const lines: string[] = [];
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" ")));
    logInternalError({ errorId: "id-2", path: "patients.get body=secret text", actorId: undefined, error: "thrown string" });
    expect(lines).toEqual(["Internal error id-2: path=? actor=- class=string"]);
  });
});

describe("describeError", () => {
  it("stops at a cause cycle and ignores codes that are free text", () => {
    const a = new Error("a");
    const b = Object.assign(new Error("b", { cause: a }), { code: "not a code: secret" });
    a.cause = b;
    expect(describeError(b)).toEqual({ classes: ["Error", "Error"], code: undefined });
  });
});
