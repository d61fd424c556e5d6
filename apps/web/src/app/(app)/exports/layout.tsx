import type { ReactNode } from "react";
import { TRPCReactProvider } from "~/trpc/react";

/** The exports page reads and starts jobs through the tRPC client; it needs no live stream (it polls a running job). */
export default function ExportsLayout({ children }: { children: ReactNode }) {
  return <TRPCReactProvider>{children}</TRPCReactProvider>;
}
