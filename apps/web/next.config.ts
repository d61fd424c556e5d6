import type { NextConfig } from "next";

const noStore = { key: "Cache-Control", value: "no-store, max-age=0" };

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  compress: true,
  transpilePackages: ["@stepwise/api", "@stepwise/auth", "@stepwise/domain", "@stepwise/db"],
  // PGlite and pg must run from node_modules; bundled, PGlite's files would land in public assets.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "@node-rs/argon2"],
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
          { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" },
        ],
      },
      { source: "/patients/:path*", headers: [noStore] },
      // The tRPC handler sets its own (no-transform on the event stream only); a header here would override it.
      { source: "/api/auth/:path*", headers: [{ key: "Cache-Control", value: "no-store" }] },
      { source: "/api/health", headers: [{ key: "Cache-Control", value: "no-store" }] },
      { source: "/", headers: [noStore] },
    ];
  },
};

export default config;
