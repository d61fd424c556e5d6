import { handleFhirRequest } from "@stepwise/api";
import { createContext } from "~/server/context";

export const dynamic = "force-dynamic";

function handler(request: Request) {
  return handleFhirRequest(request, { createContext });
}

export { handler as GET, handler as POST, handler as DELETE };
