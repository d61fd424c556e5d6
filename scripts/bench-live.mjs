// `npm run bench:live`: the live-layer benchmark (e2e/bench/live.mjs) on the production build.
import { pnpm } from "./lib.mjs";

pnpm(["exec", "turbo", "run", "build", "--filter", "@stepwise/web", "--output-logs=errors-only"], { env: { TURBO_TELEMETRY_DISABLED: "1", NEXT_TELEMETRY_DISABLED: "1" } });
pnpm(["--filter", "@stepwise/e2e", "exec", "node", "bench/live.mjs"]);
