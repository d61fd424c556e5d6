"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { careTeamMemberInputSchema, roleLabels, type CareTeamMemberInput, type Role } from "@stepwise/domain";
import { FormAlert, useServerSubmit } from "~/components/form";
import { useTRPC } from "~/trpc/react";

/** Adds a clinician to the patient's care team (the coordinator's manager). */
export function AddMemberForm({ patientId, candidates, onAdded }: { patientId: string; candidates: { id: string; name: string; role: Role }[]; onAdded: () => Promise<void> }) {
  const trpc = useTRPC();
  const form = useForm<z.input<typeof careTeamMemberInputSchema>, unknown, CareTeamMemberInput>({
    resolver: zodResolver(careTeamMemberInputSchema),
    defaultValues: { patientId, userId: "" },
  });
  const add = useMutation(trpc.careTeam.add.mutationOptions());
  const { onSubmit, formError } = useServerSubmit(form, async (values) => {
    await add.mutateAsync(values);
    form.reset({ patientId, userId: "" });
    await onAdded();
  });
  const pick = form.watch("userId");
  return (
    <form aria-label="Add a clinician to the team" noValidate onSubmit={onSubmit}>
      <FormAlert message={formError} />
      <div className="actions">
        <label htmlFor="add-member" className="visually-hidden">
          Add a member
        </label>
        <select id="add-member" style={{ width: "auto" }} {...form.register("userId")}>
          <option value="">Add a clinician…</option>
          {candidates.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} — {roleLabels[c.role]}
            </option>
          ))}
        </select>
        <button className="btn secondary" type="submit" disabled={!pick || add.isPending}>
          Add to team
        </button>
      </div>
    </form>
  );
}
