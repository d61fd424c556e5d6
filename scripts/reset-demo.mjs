// `npm run demo:reset`: forget the demo clinic's data so that the next `npm start` seeds it afresh.
// The work, and the check that no running server holds the data, live in @stepwise/db.
import path from "node:path";
import { pnpm } from "./lib.mjs";

const env = process.env.STEPWISE_DATA_DIR ? { STEPWISE_DATA_DIR: path.resolve(process.env.STEPWISE_DATA_DIR) } : {};
pnpm(["--filter", "@stepwise/db", "exec", "tsx", "src/cli/reset.ts"], { env });
