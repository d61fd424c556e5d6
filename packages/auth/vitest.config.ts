import type { TestProjectInlineConfiguration } from "vitest/config";
import { packageTestConfig } from "../../vitest.shared.mjs";

const config = packageTestConfig();
const projects = (config.test?.projects ?? []) as TestProjectInlineConfiguration[];

// next-auth imports `next/server` without the extension Node's ESM resolver needs; letting vitest
// transform it resolves that the way Next.js does, so its real route handlers can run in tests.
export default {
  ...config,
  test: { ...config.test, projects: projects.map((p) => ({ ...p, test: { ...p.test, server: { deps: { inline: ["next-auth"] } } } })) },
};
