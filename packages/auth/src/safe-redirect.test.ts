import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./safe-redirect";

const origin = "http://localhost:3000";
const patient = "/patients/3f1c2a9e-8b7d-4c6e-9a1b-2d3e4f5a6b7c";

describe("safeRedirectPath", () => {
  it.each([
    ["protocol-relative", "//evil.example/x"],
    ["slash backslash", "/\\evil.example/x"],
    ["two backslashes", "\\\\evil.example/x"],
    ["backslash slash", "\\/evil.example/x"],
    ["absolute URL elsewhere", "https://evil.example/x"],
    ["absolute URL on a look-alike host", "http://localhost:3000.evil.example/x"],
    ["credentials before the host", "http://localhost:3000@evil.example/x"],
    ["scheme without slashes", "http:evil.example"],
    ["javascript:", "javascript:alert(document.cookie)"],
    ["data:", "data:text/html,<script>alert(1)</script>"],
    ["encoded backslash", "/%5cevil.example/x"],
    ["encoded backslash, upper case", "/%5C%5Cevil.example"],
    ["encoded double slash", "/%2f%2fevil.example"],
    ["encoded double slash without the leading slash", "%2F%2Fevil.example"],
    ["double-encoded double slash", "/%252f%252fevil.example"],
    ["triple-encoded backslash", "/%25255cevil.example"],
    ["tab inside the slashes", "/\t/evil.example"],
    ["encoded tab", "/%09/evil.example"],
    ["newline inside the slashes", "/\n/evil.example"],
    ["encoded carriage return", "/%0d/evil.example"],
    ["NUL byte", "/patients%00/x"],
    ["leading space", " //evil.example"],
    ["ideographic space", "/\u3000/evil.example"],
    ["dot segment collapsing to //", "/.//evil.example"],
    ["dot-dot segment collapsing to //", "/..//evil.example"],
    ["encoded dot-dot segment", "/%2e%2e//evil.example"],
    ["malformed escape", "/patients/%zz"],
    ["relative path", "evil.example/x"],
    ["empty", ""],
    ["far too long", `/${"a".repeat(5000)}`],
  ])("refuses %s", (_label, next) => {
    expect(safeRedirectPath(next, origin)).toBe("/");
  });

  it.each([undefined, null, 42, ["/patients"], { toString: () => "//evil.example" }])("refuses a non-string next (%s)", (next) => {
    expect(safeRedirectPath(next, origin)).toBe("/");
  });

  it.each(["/", "/meetings", `${patient}?tab=procedures`, `${patient}#timeline`, `/meetings/6a2b7c8d-1e2f-4a3b-8c4d-5e6f7a8b9c0d/minutes`, "/patients?search=Hollis&page=2"])(
    "keeps our own page %s",
    (next) => {
      expect(safeRedirectPath(next, origin)).toBe(next);
    },
  );

  it("answers with a path, never an absolute URL, whatever the origin", () => {
    expect(safeRedirectPath(`${patient}?tab=procedures`, "https://stepwise.example")).toBe(`${patient}?tab=procedures`);
    expect(safeRedirectPath("/x", "not an origin")).toBe("/");
  });
});
