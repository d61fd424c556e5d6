"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { can, updateCommentInputSchema, type CommentTargetType, type Role } from "@stepwise/domain";
import { Field, FormAlert, useServerSubmit } from "~/components/form";
import { useVersionedEdit, VersionedEditNotice } from "~/components/versioned-edit";
import { fmtDateTime } from "~/lib/format";
import type { RouterOutputs } from "~/lib/types";
import { errorInfo } from "~/lib/trpc-errors";
import type { EditField } from "~/lib/versioned-edit";
import { useTRPC } from "~/trpc/react";

type Comment = RouterOutputs["comments"]["list"][number];
export type Viewer = { userId: string; role: Role };

export function Comments({ patientId, targetType, targetId, viewer }: { patientId: string; targetType: CommentTargetType; targetId: string; viewer: Viewer }) {
  const trpc = useTRPC();
  const input = { patientId, targetType, targetId };
  const list = useQuery(trpc.comments.list.queryOptions(input));
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const create = useMutation(
    trpc.comments.create.mutationOptions({
      onSuccess: async () => {
        setBody("");
        await list.refetch();
      },
      onError: (e) => setError(errorInfo(e).message),
    }),
  );
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
                {can(viewer.role, "comment.update", { userId: viewer.userId, rowAuthorId: c.authorId }) ? (
                  <button type="button" className="btn small ghost" aria-label="Edit my comment" onClick={() => setEditing(c.id)}>
                    Edit
                  </button>
                ) : null}
              </div>
            )}
          </li>
        ))}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setError(null);
          if (body.trim()) create.mutate({ ...input, body });
        }}
        className="actions"
      >
        <label htmlFor={`comment-${targetId}`} className="visually-hidden">
          Add a comment
        </label>
        <input id={`comment-${targetId}`} value={body} onChange={(e) => setBody(e.target.value)} placeholder="Add a comment for the team" style={{ flex: 1 }} />
        <button className="btn small" type="submit" disabled={create.isPending || !body.trim()}>
          Comment
        </button>
      </form>
      <FormAlert message={error} />
    </div>
  );
}

type CommentEdit = z.output<typeof updateCommentInputSchema>;
const commentFields: readonly EditField<CommentEdit>[] = [{ key: "body", label: "Comment" }];
/** The whole update input, so the form validates with the server's schema; the version sent is the hook's base. */
const commentValues = (c: Comment): CommentEdit => ({ patientId: c.patientId, id: c.id, expectedVersion: c.version, body: c.body });

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
  const { onSubmit, formError } = useServerSubmit(form, edit.submit);
  return (
    <form className="inline-form" aria-label="Edit comment" noValidate onSubmit={onSubmit}>
      <VersionedEditNotice edit={edit} fields={commentFields} subject="this comment" />
      <FormAlert message={formError} />
      <Field label="Comment" error={form.formState.errors.body}>
        {(p) => <textarea rows={2} {...p} {...form.register("body")} />}
      </Field>
      <div className="actions">
        <button className="btn small" type="submit" disabled={edit.saving || edit.standing.kind === "conflict"}>
          Save comment
        </button>
        <button className="btn small secondary" type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
