import { defineConfig } from "vitest/config";

/**
 * Unit tests (`*.test.ts`) run once. Integration tests (`*.int.test.ts`) run against PGlite in
 * memory always, and again against PostgreSQL whenever DATABASE_URL is set.
 */
/** @returns {import("vitest/config").UserConfig} */
export function packageTestConfig() {
  const integration = (/** @type {string} */ name, /** @type {"pglite" | "postgres"} */ db) => ({
    test: {
      name,
      include: ["src/**/*.int.test.ts"],
      // *.pglite.int.test.ts exercise the embedded folder itself; they have no PostgreSQL twin.
      // *.postgres.int.test.ts need a server (several connections, LISTEN/NOTIFY across instances).
      exclude: db === "postgres" ? ["src/**/*.pglite.int.test.ts", "**/node_modules/**"] : ["src/**/*.postgres.int.test.ts", "**/node_modules/**"],
      env: { STEPWISE_TEST_DB: db },
      testTimeout: 60_000,
      hookTimeout: 120_000,
    },
  });
  return defineConfig({
    test: {
      projects: [
        { test: { name: "unit", include: ["src/**/*.test.ts"], exclude: ["src/**/*.int.test.ts"] } },
        integration("int:pglite", "pglite"),
        ...(process.env.DATABASE_URL ? [integration("int:postgres", "postgres")] : []),
      ],
    },
  });
}
