"use client";

import dynamic from "next/dynamic";

// Only the administrator's home is a client view: its code (and the client data layer) is its own
// chunk, so the clinical homes, rendered on the server, do not load it. Rendered on the server as usual.
export const AdminView = dynamic(() => import("./admin-root").then((m) => m.AdminRoot));
