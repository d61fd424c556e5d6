import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { idSchema } from "@stepwise/domain";
import { HydrateClient, getQueryClient, trpc } from "~/trpc/server";
import { portalCss } from "../../portal-css";
import { PainDiary } from "./pain-diary";

export const metadata: Metadata = { title: "My pain diary" };

/** The post-block pain diary: the pain before the block, then at the times prompted from the block's time. */
export default async function MyDiaryPage({ params }: { params: Promise<{ procedureId: string }> }) {
  const procedureId = (await params).procedureId;
  if (!idSchema.safeParse(procedureId).success) notFound();
  const query = trpc.questionnaires.diary.queryOptions({ procedureId });
  try {
    await getQueryClient().fetchQuery(query);
  } catch {
    notFound();
  }
  return (
    <HydrateClient>
      <div className="portal">
        <style>{portalCss}</style>
        <h1>My pain diary</h1>
        <p>
          This test block shows whether the nerves it numbs carry your pain. Score your pain from 0 (no pain) to 10 (the worst pain you can imagine): once before the
          block, then at each time below. Do what you would normally do, and score the pain you feel at that moment.
        </p>
        <PainDiary procedureId={procedureId} />
      </div>
    </HydrateClient>
  );
}
