import type { ReactNode } from "react";
import { TRPCReactProvider } from "~/trpc/react";

/** The import calls the API from the browser (the file never passes through a server page). */
export default function ImportLayout({ children }: { children: ReactNode }) {
  return <TRPCReactProvider>{children}</TRPCReactProvider>;
}
