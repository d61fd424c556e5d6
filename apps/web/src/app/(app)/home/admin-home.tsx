import { AdminAccounts } from "./admin-accounts";
import { AdminAudit } from "./admin-audit";
import { AdminCrisisText } from "./admin-crisis-text";
import { EmergencyReviewsCard } from "./emergency-reviews-card";
import type { AdminHomeData } from "./prefetch";

export function AdminHome({ data }: { data: AdminHomeData }) {
  const people = data.users.map((u) => ({ id: u.id, name: u.name }));
  return (
    <div className="grid">
      <EmergencyReviewsCard count={data.reviewCount} />
      <AdminAccounts users={data.users} meId={data.meId} />
      <AdminAudit people={people} first={data.audit} />
      <AdminCrisisText current={data.crisisText} />
    </div>
  );
}
