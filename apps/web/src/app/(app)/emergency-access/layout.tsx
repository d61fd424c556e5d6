import type { ReactNode } from "react";
import { TRPCReactProvider } from "~/trpc/react";

/** Breaking the glass and reviewing its uses read and write from the browser; neither needs the live stream. */
export default function EmergencyAccessLayout({ children }: { children: ReactNode }) {
  return <TRPCReactProvider>{children}</TRPCReactProvider>;
}
