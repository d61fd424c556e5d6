// Runs once when a server instance starts: refuse to serve in production without its secret, and
// open the database (migrations applied and awaited) before the first request.
import { prepareServer } from "@stepwise/api";

try {
  await prepareServer();
} catch (error) {
  console.error(`\nStepwise cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
