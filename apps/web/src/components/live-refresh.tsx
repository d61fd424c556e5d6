"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

/**
 * The live stream of a page rendered on the server (a home, the patient's pages), without the client
 * data layer: one EventSource on the same procedure the data layer subscribes to (`live.events`), and
 * when it says that what the page shows changed, the page is re-rendered on the server (its reads go
 * through the same gates and audit as before). A stream that (re)opens re-reads too, so a change told
 * while it was closed is not missed; while it is down the page is re-read on a slow interval.
 */
export function LiveRefresh({ caseload = false, patientIds = [], on, every }: { caseload?: boolean; patientIds?: string[]; on: string[]; every?: number }) {
  const router = useRouter();
  const [signedOut, setSignedOut] = useState(false);
  const key = `${caseload}|${patientIds.join(",")}|${on.join(",")}`;

  useEffect(() => {
    const [withCaseload, ids, types] = key.split("|");
    const input = { json: { patientIds: ids ? ids.split(",") : [], meetingIds: [], lastEventId: null, ...(withCaseload === "true" ? { caseload: true } : {}) } };
    const source = new EventSource(`/api/live/live.events?input=${encodeURIComponent(JSON.stringify(input))}`);
    const wanted = new Set(types!.split(","));
    let opened = false;
    let live = false;
    let pending: ReturnType<typeof setTimeout> | undefined;
    // A burst of changes is one re-render.
    const refresh = () => {
      if (pending) return;
      pending = setTimeout(() => {
        pending = undefined;
        router.refresh();
      }, 300);
    };
    source.addEventListener("connected", () => {
      if (opened) refresh();
      opened = true;
      live = true;
    });
    source.onmessage = (e: MessageEvent<string>) => {
      try {
        const message = (JSON.parse(e.data) as { json?: { type?: string } }).json;
        if (message?.type && wanted.has(message.type)) refresh();
      } catch {
        // not a message of ours
      }
    };
    source.addEventListener("serialized-error", (e) => {
      const data = JSON.parse((e as MessageEvent<string>).data) as { json?: { data?: { code?: string } } };
      if (data.json?.data?.code === "UNAUTHORIZED") {
        source.close();
        setSignedOut(true);
      }
    });
    source.onerror = () => {
      live = false;
    };
    const slow = setInterval(() => {
      if (!live) router.refresh();
    }, 5 * 60_000);
    return () => {
      source.close();
      clearInterval(slow);
      if (pending) clearTimeout(pending);
    };
  }, [key, router]);

  useEffect(() => {
    if (!every) return;
    const timer = setInterval(() => router.refresh(), every);
    return () => clearInterval(timer);
  }, [every, router]);

  if (!signedOut) return null;
  return (
    <div className="alert warn" role="alert">
      Your session has ended, so live updates have stopped.{" "}
      <a href={`/login?expired=1&next=${encodeURIComponent(window.location.pathname)}`}>Sign in again</a> to continue where you left off.
    </div>
  );
}
