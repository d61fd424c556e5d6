"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { roleLabels } from "@stepwise/domain";
import { FormAlert } from "~/components/form-alert";
import { errorInfo } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

// The add-member form (react-hook-form and the domain's schema) is its own chunk: the page's other
// readers never load it.
const AddMemberForm = dynamic(() => import("./care-team-add-member").then((m) => m.AddMemberForm), { loading: () => <div className="actions" style={{ minHeight: "2.5rem" }} /> });

/** The coordinator's view of who is on this patient's team: add, remove, change the lead. */
export function CareTeamManager({ patientId }: { patientId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.careTeam.get.queryOptions({ patientId }));
  const [error, setError] = useState<string | null>(null);
  const onChanged = async () => {
    setError(null);
    await queryClient.invalidateQueries({ queryKey: trpc.careTeam.get.queryKey({ patientId }) });
    router.refresh();
  };
  const opts = { onSuccess: onChanged, onError: (e: unknown) => setError(errorInfo(e).message) };
  const remove = useMutation(trpc.careTeam.remove.mutationOptions(opts));
  const lead = useMutation(trpc.careTeam.setLead.mutationOptions(opts));
  return (
    <section className="card" aria-labelledby="team-manage-heading" style={{ marginTop: "1rem" }}>
      <h2 id="team-manage-heading">Manage the care team</h2>
      <FormAlert message={error} />
      {query.isPending ? <div className="skeleton" /> : null}
      {query.data ? (
        <>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Role</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {query.data.team.map((m) => (
                <tr key={m.userId}>
                  <td>
                    {m.name} {m.isLead ? <span className="pill brand">Lead</span> : null}
                  </td>
                  <td>{roleLabels[m.role]}</td>
                  <td>
                    <div className="actions" style={{ marginTop: 0 }}>
                      {!m.isLead ? (
                        <button className="btn small secondary" type="button" onClick={() => lead.mutate({ patientId, userId: m.userId })}>
                          Make lead
                        </button>
                      ) : null}
                      {!m.isLead ? (
                        <button className="btn small ghost" type="button" onClick={() => remove.mutate({ patientId, userId: m.userId })}>
                          Remove
                        </button>
                      ) : null}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <AddMemberForm patientId={patientId} candidates={query.data.candidates} onAdded={onChanged} />
        </>
      ) : null}
    </section>
  );
}
