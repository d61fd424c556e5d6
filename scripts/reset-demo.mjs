// `npm run demo:reset`: forget the demo clinic's data so that the next `npm start` seeds it afresh.
import fs from "node:fs";
import path from "node:path";
import { pnpm, root } from "./lib.mjs";

if (process.env.DATABASE_URL) {
  pnpm(["--filter", "@stepwise/db", "exec", "tsx", "src/cli/reset.ts"]);
} else {
  const dir = process.env.STEPWISE_DATA_DIR ?? path.join(root, ".data", "pglite");
  if (fs.existsSync(`${dir}.lock`)) {
    console.error(`Stop the running server first (${dir}.lock is held).`);
    process.exit(1);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(`Removed ${dir}. The next \`npm start\` seeds a fresh demo clinic.`);
}
