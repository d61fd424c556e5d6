import type { Metadata } from "next";
import type { Role } from "@stepwise/domain";
import { requireSession } from "~/server/session";
import { HydrateClient, getQueryClient, trpc } from "~/trpc/server";
import { PatientList } from "./patient-list";

export const metadata: Metadata = { title: "My patients" };

const intro: Record<Role, { title: string; text: string }> = {
  physician: { title: "Your patients", text: "Patients whose care team you lead or sit on. Open one to review the plan." },
  physical_therapist: { title: "Your caseload", text: "Patients you treat in physical therapy." },
  psychologist: { title: "Your patients", text: "Patients you see for pain psychology." },
  coordinator: { title: "Care teams you coordinate", text: "Every patient whose team you coordinate." },
  admin: { title: "Administration", text: "Administrators manage accounts and review the audit log; clinical records are not shown to this role." },
};

export default async function HomePage() {
  const { user } = await requireSession();
  const copy = intro[user.role];
  if (user.role !== "admin") await getQueryClient().prefetchQuery(trpc.patients.list.queryOptions({ limit: 25, cursor: 0 }));
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{copy.title}</h1>
          <p>{copy.text}</p>
        </div>
      </div>
      {user.role === "admin" ? (
        <div className="card empty">No clinical records are available to administrators.</div>
      ) : (
        <HydrateClient>
          <PatientList />
        </HydrateClient>
      )}
    </>
  );
}
