"use client";

import dynamic from "next/dynamic";
import type { ComponentType } from "react";

/**
 * A component that reads or writes through the client data layer, on a page rendered without it
 * (a home): the data layer and the component load together when it is first shown (a form opened).
 */
export function withData<P extends object>(load: () => Promise<ComponentType<P>>) {
  return dynamic<P>(
    () =>
      Promise.all([import("~/trpc/react"), load()]).then(([{ TRPCReactProvider }, Component]) => {
        function WithData(props: P) {
          return (
            <TRPCReactProvider>
              <Component {...props} />
            </TRPCReactProvider>
          );
        }
        return WithData;
      }),
    { ssr: false },
  );
}
