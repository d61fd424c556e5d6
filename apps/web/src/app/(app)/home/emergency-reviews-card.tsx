import Link from "next/link";

/** On the coordinator's home: how many uses of emergency access wait for review (read with the page). */
export function EmergencyReviewsCard({ count }: { count: number }) {
  return (
    <section className="card" aria-labelledby="emergency-reviews-heading">
      <div className="section-head">
        <h2 id="emergency-reviews-heading">Emergency access</h2>
        <Link className="btn small secondary" href="/emergency-access/reviews">
          Review uses ({count})
        </Link>
      </div>
      <p className="meta" style={{ margin: 0 }}>
        {count === 0 ? "Nothing waiting for review." : `${count} ${count === 1 ? "use waits" : "uses wait"} for your review.`}
      </p>
    </section>
  );
}
