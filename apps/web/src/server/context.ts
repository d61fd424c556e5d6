import "server-only";
import { createRequestContext } from "@stepwise/api";
import { getSession } from "./session";

export async function createContext() {
  return createRequestContext(await getSession());
}
