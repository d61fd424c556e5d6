import js from "@eslint/js";
import tseslint from "typescript-eslint";

// The layering (DESIGN.md §6): domain is pure; db knows SQL and nothing above it; api and auth sit
// on db and domain; the web app reaches data only through api and auth. Each package lints its own
// `src`, so the globs below match from inside the package as well as from the root.
const io = ["@stepwise/db", "@stepwise/db/*", "@stepwise/api", "@stepwise/api/*", "@stepwise/auth", "@stepwise/auth/*", "drizzle-orm", "drizzle-orm/*", "pg", "@electric-sql/pglite", "@trpc/*", "next", "next/*", "next-auth", "next-auth/*", "node:*", "fs", "path", "child_process", "react", "react-dom"];
const restrict = (patterns, message) => ["error", { patterns: [{ group: patterns, message }] }];

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/.next/**", "**/dist/**", "**/migrations/**", "**/next-env.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "off",
      "@typescript-eslint/no-explicit-any": "error",
    },
  },
  {
    files: ["**/packages/domain/src/**", "packages/domain/src/**"],
    rules: {
      "no-restricted-imports": restrict(io, "packages/domain is the pure clinical model: no I/O, framework or database imports."),
      "no-restricted-globals": ["error", { name: "process", message: "packages/domain reads no environment: pass values in." }],
    },
  },
  {
    files: ["**/packages/db/src/**", "packages/db/src/**"],
    rules: {
      "no-restricted-imports": restrict(["@stepwise/api", "@stepwise/api/*", "@stepwise/auth", "@stepwise/auth/*", "@trpc/*", "next", "next/*", "next-auth", "next-auth/*"], "packages/db knows SQL and nothing above it."),
    },
  },
  {
    files: ["**/packages/api/src/**", "**/packages/auth/src/**", "packages/api/src/**", "packages/auth/src/**"],
    rules: {
      "no-restricted-imports": restrict(["next", "next/*", "react", "react-dom", "@stepwise/web", "@stepwise/web/*"], "api and auth are framework-free below the web app (auth's next-auth adapter aside)."),
    },
  },
  {
    files: ["**/packages/auth/src/next-auth.ts", "packages/auth/src/next-auth.ts"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    files: ["**/apps/web/src/**", "apps/web/src/**"],
    rules: {
      "no-restricted-imports": restrict(["@stepwise/db", "@stepwise/db/*", "drizzle-orm", "drizzle-orm/*", "pg", "@electric-sql/pglite"], "The web app reaches data only through @stepwise/api and @stepwise/auth."),
    },
  },
);
