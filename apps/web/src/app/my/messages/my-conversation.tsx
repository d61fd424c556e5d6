"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { MessageComposer, MessageList } from "~/components/conversation";
import { errorInfo } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

/** How often the conversation is read again while the page is open (and on coming back to it). */
const REFRESH_MS = 15_000;

export function MyConversation() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const options = trpc.messages.mine.infiniteQueryOptions({}, { getNextPageParam: (page) => page.nextCursor ?? undefined });
  const query = useInfiniteQuery({ ...options, refetchInterval: REFRESH_MS, refetchOnWindowFocus: true });
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.messages.mine.pathKey() });
  const send = useMutation(trpc.messages.sendMine.mutationOptions({ onSuccess: refresh }));
  const markRead = useMutation(trpc.messages.markReadMine.mutationOptions({ onSuccess: refresh }));

  const newest = query.data?.pages[0];
  const items = query.data ? [...query.data.pages].reverse().flatMap((p) => p.items) : [];
  const newestId = newest?.items.at(-1)?.id ?? 0;
  const unread = newest?.unread ?? 0;
  // What was new when the page opened stays marked "New" while the patient is here.
  const [readBeforeVisit] = useState(() => newest?.lastReadId ?? 0);
  const { mutate: markReadUpTo, isPending: marking } = markRead;
  useEffect(() => {
    // Seeing the conversation reads it: the team's new messages stop counting as unread.
    if (unread > 0 && newestId > 0 && !marking) markReadUpTo({ upToId: newestId });
  }, [unread, newestId, marking, markReadUpTo]);

  return (
    <>
      <div className="alert warn messages-banner" role="note" data-testid="messages-banner">
        {newest?.banner ?? "Messages are not for emergencies. If you need help now, call 911 (or 988 for a mental-health crisis)."}
      </div>
      <section className="card" aria-labelledby="conversation-heading">
        <h2 id="conversation-heading">Your conversation with your care team</h2>
        {query.isPending ? <div className="skeleton" role="status" aria-label="Loading your messages" /> : null}
        {query.isError ? (
          <div className="alert error" role="alert">
            Your messages could not be loaded.{" "}
            <button className="btn small secondary" type="button" onClick={() => void query.refetch()}>
              Try again
            </button>
          </div>
        ) : null}
        {query.data ? (
          <MessageList
            items={items}
            viewerSide="patient"
            lastReadId={readBeforeVisit}
            hasOlder={query.hasNextPage}
            loadingOlder={query.isFetchingNextPage}
            onLoadOlder={() => void query.fetchNextPage()}
            empty="No messages yet. Ask your team a question below."
          />
        ) : null}
      </section>
      <section className="card" aria-labelledby="compose-heading">
        <h2 id="compose-heading">New message</h2>
        <MessageComposer
          label="Your message to the care team"
          submitLabel="Send message"
          sending={send.isPending}
          serverError={send.isError ? errorInfo(send.error).message : null}
          onSend={(body) => send.mutateAsync({ body })}
        />
      </section>
    </>
  );
}
