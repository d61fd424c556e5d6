"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { can, createCommentInputSchema, updateCommentInputSchema, type Action, type CommentTargetType, type CreateCommentInput, type Role } from "@stepwise/domain";
import { Field, FormAlert, useServerSubmit } from "~/components/form";
import { useVersionedEdit, VersionedEditForm } from "~/components/versioned-edit";
import { fmtDateTime } from "~/lib/format";
import type { RouterOutputs } from "~/lib/types";
import type { EditField } from "~/lib/versioned-edit";
import { useTRPC } from "~/trpc/react";

type Comment = RouterOutputs["comments"]["list"][number];
/** `allowed`: what the plan says this viewer may do here (an emergency-access grant may allow less than the role). */
export type Viewer = { userId: string; role: Role; allowed?: Partial<Record<Action, boolean>> };

export function Comments({ patientId, targetType, targetId, viewer }: { patientId: string; targetType: CommentTargetType; targetId: string; viewer: Viewer }) {
  const trpc = useTRPC();
  const input = { patientId, targetType, targetId };
  const list = useQuery(trpc.comments.list.queryOptions(input));
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <div className="inline-form" aria-label="Comments">
      {list.isPending ? <div className="skeleton" /> : null}
      {list.data?.length === 0 ? <p className="meta">No comments yet.</p> : null}
      <ul style={{ listStyle: "none", padding: 0, margin: 0, display: "grid", gap: "0.4rem" }}>
        {list.data?.map((c) => (
          <li key={c.id}>
            <span className="meta">
              {c.authorName} · {fmtDateTime(c.createdAt)}
              {c.version > 1 ? " · edited" : ""}
            </span>
            {editing === c.id ? (
              <EditCommentForm
                comment={c}
                onDone={() => {
                  setEditing(null);
                  void list.refetch();
                }}
              />
            ) : (
              <div>
                {c.body}{" "}
                {viewer.allowed?.["comment.update"] !== false && can(viewer.role, "comment.update", { userId: viewer.userId, rowAuthorId: c.authorId }) ? (
                  <button type="button" className="btn small ghost" aria-label="Edit my comment" onClick={() => setEditing(c.id)}>
                    Edit
                  </button>
                ) : null}
              </div>
            )}
          </li>
        ))}
      </ul>
      {viewer.allowed?.["comment.create"] !== false ? <NewCommentForm patientId={patientId} targetType={targetType} targetId={targetId} onAdded={() => list.refetch()} /> : null}
    </div>
  );
}

type CommentEdit = z.output<typeof updateCommentInputSchema>;
const commentFields: readonly EditField<CommentEdit>[] = [{ key: "body", label: "Comment" }];
/** The whole update input, so the form validates with the server's schema; the version sent is the hook's base. */
const commentValues = (c: Comment): CommentEdit => ({ patientId: c.patientId, id: c.id, expectedVersion: c.version, body: c.body });

function NewCommentForm({ onAdded, ...target }: { patientId: string; targetType: CommentTargetType; targetId: string; onAdded: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const form = useForm<z.input<typeof createCommentInputSchema>, unknown, CreateCommentInput>({ resolver: zodResolver(createCommentInputSchema), defaultValues: { ...target, body: "" } });
  const create = useMutation(trpc.comments.create.mutationOptions());
  const { onSubmit, formError } = useServerSubmit(form, async (values) => {
    await create.mutateAsync(values);
    form.reset({ ...target, body: "" });
    await onAdded();
  });
  return (
    <form aria-label="New comment" noValidate onSubmit={onSubmit}>
      <div className="actions">
        <div style={{ flex: 1 }}>
          <Field label="Add a comment" labelHidden error={form.formState.errors.body}>
            {(p) => <input placeholder="Add a comment for the team" {...p} {...form.register("body")} />}
          </Field>
        </div>
        <button className="btn small" type="submit" disabled={create.isPending}>
          Comment
        </button>
      </div>
      <FormAlert message={formError} />
    </form>
  );
}

function EditCommentForm({ comment, onDone }: { comment: Comment; onDone: () => void }) {
  const trpc = useTRPC();
  const form = useForm<z.input<typeof updateCommentInputSchema>, unknown, CommentEdit>({ resolver: zodResolver(updateCommentInputSchema), defaultValues: commentValues(comment) });
  const update = useMutation(trpc.comments.update.mutationOptions());
  const edit = useVersionedEdit({
    row: comment,
    values: commentValues,
    save: ({ values, expectedVersion }) => update.mutateAsync({ patientId: comment.patientId, id: comment.id, expectedVersion, body: values.body }),
    onSaved: onDone,
    onTakeTheirs: onDone,
  });
  return (
    <VersionedEditForm form={form} edit={edit} fields={commentFields} subject="this comment" label="Edit comment" saveLabel="Save comment" onCancel={onDone}>
      <Field label="Comment" error={form.formState.errors.body}>
        {(p) => <textarea rows={2} {...p} {...form.register("body")} />}
      </Field>
    </VersionedEditForm>
  );
}
