"use client";

import dynamic from "next/dynamic";

// Only the therapist's home draws charts: recharts loads for that role alone, after the page.
export const TherapistHome = dynamic(() => import("./therapist-home").then((m) => m.TherapistHome), {
  loading: () => <div className="card skeleton" role="status" aria-label="Loading the schedule" style={{ height: "8rem" }} />,
});
