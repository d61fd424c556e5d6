"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useForm, useFormContext } from "react-hook-form";
import type { z } from "zod";
import { contactMethodLabels, contactMethods, recordSafetyResponseInputSchema, riskLevels, type RecordSafetyResponseInput } from "@stepwise/domain";
import { Field, InlineForm } from "~/components/form";
import { useTRPC } from "~/trpc/react";

type Draft = z.input<typeof recordSafetyResponseInputSchema>;

const localNow = () => {
  const d = new Date();
  d.setSeconds(0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

export function SafetyResponseForm({ patientId, assessmentId, onDone }: { patientId: string; assessmentId: string; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useForm<Draft, unknown, RecordSafetyResponseInput>({
    resolver: zodResolver(recordSafetyResponseInputSchema),
    defaultValues: { patientId, assessmentId, contactMethod: "phone", contactedAt: localNow(), riskAssessed: null, safetyPlanInPlace: false, referral: null, notes: null },
  });
  const record = useMutation(trpc.safetyResponses.record.mutationOptions());
  const run = async (values: RecordSafetyResponseInput) => {
    await record.mutateAsync(values);
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.carePlan.get.queryKey({ patientId }) }),
      queryClient.invalidateQueries({ queryKey: trpc.worklist.mine.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.timeline.list.pathKey() }),
    ]);
    onDone();
  };
  return (
    <InlineForm
      form={form}
      label="Record the response to the self-harm flag"
      heading={<p style={{ margin: 0 }}>How the patient was reached and what was done. The whole care team sees it at once.</p>}
      submitLabel="Save response"
      onCancel={onDone}
      run={run}
    >
      <ResponseFields />
    </InlineForm>
  );
}

function ResponseFields() {
  const { register, watch, formState } = useFormContext<Draft>();
  const reached = watch("contactMethod") !== "unable_to_reach";
  const nullIfEmpty = (v: unknown) => (v === "" ? null : v);
  return (
    <div className="grid two">
      <Field label="Contact" error={formState.errors.contactMethod}>
        {(a) => (
          <select {...a} {...register("contactMethod")}>
            {contactMethods.map((m) => (
              <option key={m} value={m}>
                {m === "unable_to_reach" ? "Tried, unable to reach" : `Contacted ${contactMethodLabels[m]}`}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="When" error={formState.errors.contactedAt}>
        {(a) => <input {...a} type="datetime-local" {...register("contactedAt", { setValueAs: (v: unknown) => (typeof v === "string" && v ? new Date(v) : v) })} />}
      </Field>
      <Field label="Risk assessed" error={formState.errors.riskAssessed} hint={reached ? undefined : "Risk cannot be assessed without reaching the patient."}>
        {(a) => (
          <select {...a} {...register("riskAssessed", { setValueAs: nullIfEmpty })}>
            <option value="">Not assessed</option>
            {riskLevels.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Safety plan in place" error={formState.errors.safetyPlanInPlace}>
        {(a) => <input {...a} type="checkbox" {...register("safetyPlanInPlace")} />}
      </Field>
      <Field label="Referral" error={formState.errors.referral} hint="e.g. crisis team, psychology this week, GP">
        {(a) => <input {...a} {...register("referral", { setValueAs: nullIfEmpty })} />}
      </Field>
      <Field label="Notes" error={formState.errors.notes}>
        {(a) => <textarea {...a} rows={2} {...register("notes", { setValueAs: nullIfEmpty })} />}
      </Field>
    </div>
  );
}
