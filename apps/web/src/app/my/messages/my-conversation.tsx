"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { MessageComposer, MessageList } from "~/components/conversation";
import type { RouterOutputs } from "~/lib/types";
import { markMyMessagesRead, readMyMessages, sendMyMessage } from "./actions";

type Page = RouterOutputs["messages"]["mine"];

/** How often the conversation is read again while the page is open (and on coming back to it). */
const REFRESH_MS = 15_000;

/** The conversation arrives with the page (newest page first); newer messages are read again on an interval, older ones on asking. */
export function MyConversation({ initial }: { initial: Page }) {
  const [pages, setPages] = useState<Page[]>([initial]);
  const [error, setError] = useState(false);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);
  const marking = useRef(false);

  const reload = useCallback(async () => {
    try {
      const newest = await readMyMessages(null);
      setPages((p) => [newest, ...p.slice(1)]);
      setError(false);
    } catch {
      setError(true);
    }
  }, []);

  useEffect(() => {
    const timer = setInterval(() => void reload(), REFRESH_MS);
    const onFocus = () => void reload();
    window.addEventListener("focus", onFocus);
    return () => {
      clearInterval(timer);
      window.removeEventListener("focus", onFocus);
    };
  }, [reload]);

  const newest = pages[0]!;
  const items = [...pages].reverse().flatMap((p) => p.items);
  const newestId = newest.items.at(-1)?.id ?? 0;
  const unread = newest.unread;
  // What was new when the page opened stays marked "New" while the patient is here.
  const [readBeforeVisit] = useState(() => initial.lastReadId ?? 0);
  useEffect(() => {
    // Seeing the conversation reads it: the team's new messages stop counting as unread.
    if (unread > 0 && newestId > 0 && !marking.current) {
      marking.current = true;
      void markMyMessagesRead(newestId)
        .then(reload)
        .finally(() => {
          marking.current = false;
        });
    }
  }, [unread, newestId, reload]);

  const oldest = pages.at(-1)!;
  const loadOlder = async () => {
    if (oldest.nextCursor == null) return;
    setLoadingOlder(true);
    try {
      const older = await readMyMessages(oldest.nextCursor);
      setPages((p) => [...p, older]);
    } catch {
      setError(true);
    } finally {
      setLoadingOlder(false);
    }
  };

  const send = async (body: string) => {
    setSending(true);
    try {
      const refusal = await sendMyMessage(body);
      setSendError(refusal);
      if (refusal) throw new Error(refusal);
      await reload();
    } finally {
      setSending(false);
    }
  };

  return (
    <>
      <div className="alert warn messages-banner" role="note" data-testid="messages-banner">
        {newest.banner}
      </div>
      <section className="card" aria-labelledby="conversation-heading">
        <h2 id="conversation-heading">Your conversation with your care team</h2>
        {error ? (
          <div className="alert error" role="alert">
            Your messages could not be loaded.{" "}
            <button className="btn small secondary" type="button" onClick={() => void reload()}>
              Try again
            </button>
          </div>
        ) : null}
        <MessageList
          items={items}
          viewerSide="patient"
          lastReadId={readBeforeVisit}
          hasOlder={oldest.nextCursor != null}
          loadingOlder={loadingOlder}
          onLoadOlder={() => void loadOlder()}
          empty="No messages yet. Ask your team a question below."
        />
      </section>
      <section className="card" aria-labelledby="compose-heading">
        <h2 id="compose-heading">New message</h2>
        <MessageComposer label="Your message to the care team" submitLabel="Send message" sending={sending} serverError={sendError} onSend={send} />
      </section>
    </>
  );
}
