import Link from "next/link";
import { fmtDateTime } from "~/lib/format";
import type { RouterOutputs } from "~/lib/types";

type Listed = RouterOutputs["meetings"]["list"]["upcoming"][number];

function MeetingTable({ meetings, empty }: { meetings: Listed[]; empty: string }) {
  if (meetings.length === 0) return <p className="meta">{empty}</p>;
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Meeting</th>
          <th scope="col">When</th>
          <th scope="col">Cases</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {meetings.map((m) => (
          <tr key={m.id}>
            <td>
              <Link href={`/meetings/${m.id}`}>{m.title}</Link>
            </td>
            <td>{fmtDateTime(m.scheduledFor)}</td>
            <td>{m.caseCount}</td>
            <td>
              <span className={`pill ${m.status === "closed" ? "" : "brand"}`}>{m.status.replace("_", " ")}</span>{" "}
              {m.status === "closed" ? <Link href={`/meetings/${m.id}/minutes`}>minutes</Link> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Upcoming and recent meetings, rendered on the server with the page. */
export function MeetingsList({ meetings }: { meetings: RouterOutputs["meetings"]["list"] }) {
  return (
    <>
      <section className="card" aria-labelledby="upcoming-heading">
        <h2 id="upcoming-heading">Upcoming</h2>
        <MeetingTable meetings={meetings.upcoming} empty="No meetings scheduled." />
      </section>
      <section className="card" aria-labelledby="recent-heading">
        <h2 id="recent-heading">Recent</h2>
        <MeetingTable meetings={meetings.recent} empty="No recent meetings." />
      </section>
    </>
  );
}
