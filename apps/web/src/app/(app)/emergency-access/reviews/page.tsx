import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { can } from "@stepwise/domain";
import { requireSession } from "~/server/session";
import { api } from "~/trpc/server";
import { ReviewQueue } from "./review-queue";

export const metadata: Metadata = { title: "Emergency access reviews" };

/** Every use of emergency access is reviewed: the admin for all patients, a coordinator for their own teams'. */
export default async function EmergencyAccessReviewsPage() {
  const { user } = await requireSession();
  if (!can(user.role, "emergencyAccess.review")) notFound();
  const queue = await (await api()).emergencyAccess.reviewQueue();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Emergency access to review</h1>
          <p>{user.role === "admin" ? "Every patient's uses of emergency access not yet reviewed, oldest first." : "Uses of emergency access on your care teams' patients not yet reviewed, oldest first."}</p>
        </div>
      </div>
      <ReviewQueue queue={queue} />
    </>
  );
}
