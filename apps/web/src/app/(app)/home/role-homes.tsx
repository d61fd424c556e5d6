"use client";

import dynamic from "next/dynamic";

// Each role's home is its own chunk: a page loads the one it shows, not all five. Rendered on the
// server as usual, so nothing moves while a chunk arrives.
export const AdminHome = dynamic(() => import("./admin-home").then((m) => m.AdminHome));
export const CoordinatorHome = dynamic(() => import("./coordinator-home").then((m) => m.CoordinatorHome));
export const PsychologistHome = dynamic(() => import("./psychologist-home").then((m) => m.PsychologistHome));
// Only the therapist's home draws charts: recharts loads for that role alone.
export const TherapistHome = dynamic(() => import("./therapist-home").then((m) => m.TherapistHome));
