import type { Metadata } from "next";
import { api } from "~/trpc/server";
import { MyConversation } from "./my-conversation";

export const metadata: Metadata = { title: "Messages" };

/** The patient's one conversation with their care team, read with the page's HTML. */
export default async function MyMessagesPage() {
  const initial = await (await api()).messages.mine({});
  return (
    <>
      <h1>Messages</h1>
      <p className="meta">Write to your care team. The care coordinator reads every message and passes it to the right person.</p>
      <MyConversation initial={initial} />
    </>
  );
}
