"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { CommentTargetType } from "@stepwise/domain";
import { FormAlert } from "~/components/form";
import { fmtDateTime } from "~/lib/format";
import { errorInfo } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

export function Comments({ patientId, targetType, targetId }: { patientId: string; targetType: CommentTargetType; targetId: string }) {
  const trpc = useTRPC();
  const input = { patientId, targetType, targetId };
  const list = useQuery(trpc.comments.list.queryOptions(input));
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
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
            </span>
            <div>{c.body}</div>
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
