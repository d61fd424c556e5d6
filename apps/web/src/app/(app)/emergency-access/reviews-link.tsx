"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "~/trpc/react";

/** On the coordinator's and the admin's homes: how many uses of emergency access wait for review. */
export function EmergencyReviewsLink() {
  const trpc = useTRPC();
  const queue = useQuery(trpc.emergencyAccess.reviewQueue.queryOptions());
  const count = queue.data?.length ?? 0;
  return (
    <section className="card" aria-labelledby="emergency-reviews-heading">
      <div className="section-head">
        <h2 id="emergency-reviews-heading">Emergency access</h2>
        <Link className="btn small secondary" href="/emergency-access/reviews">
          Review uses{queue.data ? ` (${count})` : ""}
        </Link>
      </div>
      <p className="meta" style={{ margin: 0 }}>
        {queue.isPending ? "Counting…" : count === 0 ? "Nothing waiting for review." : `${count} ${count === 1 ? "use waits" : "uses wait"} for your review.`}
      </p>
    </section>
  );
}
