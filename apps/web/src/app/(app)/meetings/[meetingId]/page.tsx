import type { Metadata } from "next";
import { ClientData } from "~/components/client-data";
import { requireSession } from "~/server/session";
import { MeetingRoom } from "./meeting-room";

export const metadata: Metadata = { title: "Meeting" };

/** The meeting room reads, writes and follows the meeting live from the browser: the client data layer and the live stream. */
export default async function MeetingPage({ params }: { params: Promise<{ meetingId: string }> }) {
  const { user } = await requireSession();
  const { meetingId } = await params;
  return (
    <ClientData userId={user.id}>
      <MeetingRoom meetingId={meetingId} userId={user.id} role={user.role} />
    </ClientData>
  );
}
