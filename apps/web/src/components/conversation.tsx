"use client";

import { useId, useState, type FormEvent } from "react";
import { messagePolicy } from "@stepwise/domain/message-policy";
import { fmtDateTime } from "~/lib/format";

export interface ConversationMessage {
  id: number;
  body: string;
  createdAt: Date;
  fromPatient: boolean;
  mine: boolean;
  authorName: string;
  authorRoleLabel: string;
}

/**
 * The messages of one conversation, oldest first, the newest last (where a reader looks). Whose
 * side each message is on decides where it sits: the reader's own on the right.
 */
export function MessageList({
  items,
  viewerSide,
  hasOlder,
  loadingOlder,
  onLoadOlder,
  lastReadId,
  empty,
}: {
  items: readonly ConversationMessage[];
  viewerSide: "patient" | "team";
  hasOlder: boolean;
  loadingOlder: boolean;
  onLoadOlder: () => void;
  lastReadId: number;
  empty: string;
}) {
  const firstUnread = items.find((m) => m.id > lastReadId && m.fromPatient !== (viewerSide === "patient"))?.id;
  return (
    <div className="conversation">
      {hasOlder ? (
        <button className="btn secondary small" type="button" disabled={loadingOlder} onClick={onLoadOlder}>
          {loadingOlder ? "Loading…" : "Show earlier messages"}
        </button>
      ) : null}
      {items.length === 0 ? <p className="meta">{empty}</p> : null}
      <ol className="message-list" aria-label="Messages" data-testid="message-list">
        {items.map((m) => {
          const ours = m.fromPatient === (viewerSide === "patient");
          return (
            <li key={m.id} className={ours ? "message ours" : "message theirs"} data-testid="message">
              {m.id === firstUnread ? <span className="pill brand new-marker">New</span> : null}
              <p className="message-body">{m.body}</p>
              <p className="meta">
                {m.mine ? "You" : m.fromPatient ? m.authorName : `${m.authorName} (${m.authorRoleLabel})`} · <time dateTime={new Date(m.createdAt).toISOString()}>{fmtDateTime(m.createdAt)}</time>
              </p>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/** Writing a message: checked with the server's own schema (loaded on the first send) before it is sent; kept when sending fails. */
export function MessageComposer({ label, submitLabel, onSend, sending, serverError }: { label: string; submitLabel: string; onSend: (body: string) => Promise<unknown>; sending: boolean; serverError: string | null }) {
  const id = useId();
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { checkMessageBody } = await import("./message-check");
    const parsed = checkMessageBody(body);
    if (!parsed.ok) {
      setError(parsed.message);
      return;
    }
    setError(null);
    try {
      await onSend(parsed.body);
      setBody("");
      setSent(true);
    } catch {
      setSent(false);
    }
  };
  const describedBy = [`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <form className="message-composer" onSubmit={(e) => void submit(e)} noValidate>
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <textarea
          id={id}
          name="body"
          rows={4}
          value={body}
          maxLength={messagePolicy.bodyMaxLength}
          aria-invalid={!!error}
          aria-describedby={describedBy}
          onChange={(e) => {
            setBody(e.target.value);
            setSent(false);
          }}
        />
        <span className="hint" id={`${id}-hint`}>
          {body.length} of {messagePolicy.bodyMaxLength} characters
        </span>
        {error ? (
          <span className="error" id={`${id}-error`} role="alert">
            {error}
          </span>
        ) : null}
      </div>
      {serverError ? (
        <div className="alert error" role="alert">
          {serverError}
        </div>
      ) : null}
      <div className="actions">
        <button className="btn" type="submit" disabled={sending}>
          {sending ? "Sending…" : submitLabel}
        </button>
      </div>
      <span className="visually-hidden" role="status">
        {sent ? "Message sent." : ""}
      </span>
    </form>
  );
}
