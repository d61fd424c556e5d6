// `npm run bench [-- --patients 100000] [-- --fresh]`: the clinic-scale benchmark on PostgreSQL
// (packages/api/src/cli/bench.ts); DATABASE_URL names the server (default: the local one).
import { pnpm } from "./lib.mjs";

pnpm(["--filter", "@stepwise/api", "exec", "tsx", "src/cli/bench.ts", ...process.argv.slice(2)]);
