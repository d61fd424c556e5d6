"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTransition } from "react";

/** Asks the server for one more page of a home list (the list is rendered there, with the page). */
export function ShowMoreButton({ param, pages }: { param: string; pages: number }) {
  const router = useRouter();
  const path = usePathname();
  const params = useSearchParams();
  const [loading, start] = useTransition();
  const next = () => {
    const query = new URLSearchParams(params);
    query.set(param, String(pages));
    start(() => router.replace(`${path}?${query.toString()}`, { scroll: false }));
  };
  return (
    <button type="button" className="btn small secondary" onClick={next} disabled={loading}>
      {loading ? "Loading…" : "Show more"}
    </button>
  );
}
