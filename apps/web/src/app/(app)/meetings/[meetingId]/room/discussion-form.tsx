"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { FormAlert } from "~/components/form-alert";
import { useVersionedEdit, VersionedEditNotice } from "~/components/versioned-edit";
import { errorInfo } from "~/lib/trpc-errors";
import type { EditField } from "~/lib/versioned-edit";
import { useTRPC } from "~/trpc/react";
import { useRefreshMeeting, type VisibleCase } from "./shared";

type CaseNotes = { discussionNotes: string };
const caseNotesFields: readonly EditField<CaseNotes>[] = [{ key: "discussionNotes", label: "Discussion summary" }];
const caseNotes = (c: { discussionNotes: string | null }): CaseNotes => ({ discussionNotes: c.discussionNotes ?? "" });

/**
 * The case's discussion summary. It shows the saved text until the user starts typing; from then on
 * the save is checked against the version they started from, so a colleague's summary saved
 * meanwhile is shown beside theirs instead of being overwritten.
 */
export function DiscussionForm({ item }: { item: VisibleCase }) {
  const trpc = useTRPC();
  const refresh = useRefreshMeeting();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const discussed = useMutation(trpc.meetings.markDiscussed.mutationOptions());
  const edit = useVersionedEdit({
    row: item,
    values: caseNotes,
    startOnMount: false,
    saveUnchanged: true,
    save: ({ values, expectedVersion }) => discussed.mutateAsync({ caseId: item.id, expectedVersion, discussionNotes: values.discussionNotes }),
    onSaved: async () => {
      setDraft(null);
      await refresh();
    },
    onTakeTheirs: () => {
      setDraft(null);
      void refresh();
    },
  });
  const notes = draft ?? item.discussionNotes ?? "";
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        edit.submit({ discussionNotes: notes }).catch((err: unknown) => setError(errorInfo(err).message));
      }}
    >
      <VersionedEditNotice edit={edit} fields={caseNotesFields} subject="the discussion summary" />
      <FormAlert message={error} />
      <div className="field">
        <label htmlFor="discussion">Discussion summary</label>
        <textarea
          id="discussion"
          rows={3}
          value={notes}
          onChange={(e) => {
            edit.start();
            setDraft(e.target.value);
          }}
        />
      </div>
      <button className="btn secondary" type="submit" disabled={edit.saving || edit.standing.kind === "conflict" || !notes.trim()}>
        {item.status === "discussed" ? "Update discussion" : "Mark discussed"}
      </button>
    </form>
  );
}
