import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { can, emergencyAccessPolicy } from "@stepwise/domain";
import { requireSession } from "~/server/session";
import { EmergencyAccessFlow } from "./emergency-access-flow";

export const metadata: Metadata = { title: "Emergency access" };

/** Break-the-glass for clinicians who treat: find one patient exactly, say why, confirm who you are. */
export default async function EmergencyAccessPage() {
  const { user } = await requireSession();
  if (!can(user.role, "emergencyAccess.open")) notFound();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Emergency access</h1>
          <p>
            Open a patient you are not on the care team of, for {emergencyAccessPolicy.grantMinutes} minutes. The care team sees that you did, and a coordinator reviews every use.
          </p>
        </div>
      </div>
      {/* The two steps run as server actions through the same procedures: no client data layer on this page. */}
      <EmergencyAccessFlow />
    </>
  );
}
