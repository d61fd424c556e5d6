import type { Metadata } from "next";
import { requireSession } from "~/server/session";
import { MeetingRoom } from "./meeting-room";

export const metadata: Metadata = { title: "Meeting" };

export default async function MeetingPage({ params }: { params: Promise<{ meetingId: string }> }) {
  const { user } = await requireSession();
  const { meetingId } = await params;
  return <MeetingRoom meetingId={meetingId} userId={user.id} role={user.role} />;
}
