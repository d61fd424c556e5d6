import Link from "next/link";
import type { ReactNode } from "react";
import { can, roleLabels } from "@stepwise/domain";
import { requireSession } from "~/server/session";
import { NavLink } from "~/components/nav-link";
import { logout } from "../login/actions";
import { PatientShell } from "../my/patient-shell";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const { user } = await requireSession();
  // The only staff-shell pages a patient reaches are their own account's (requireSession sends the rest to /my).
  if (user.role === "patient") return <PatientShell user={user}>{children}</PatientShell>;
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link href="/" className="brand">
          Stepwise <span className="hide-narrow">care plans</span>
        </Link>
        <nav aria-label="Main">
          <NavLink href="/">Home</NavLink>
          {user.role !== "admin" ? <NavLink href="/meetings">Meetings</NavLink> : null}
          {can(user.role, "emergencyAccess.open") ? <NavLink href="/emergency-access">Emergency access</NavLink> : null}
          {can(user.role, "record.bulkExport") ? <NavLink href="/exports">Export records (FHIR)</NavLink> : null}
          {can(user.role, "record.import") ? <NavLink href="/import">Import from EHR (FHIR)</NavLink> : null}
        </nav>
        <div className="who">
          <span>
            <Link href="/account/security" className="who-name" title="Account security">
              <strong>{user.name}</strong>
              <span className="visually-hidden"> — account security</span>
            </Link>{" "}
            <span className="hide-narrow">· {roleLabels[user.role]}</span>
          </span>
          <form action={logout}>
            <button className="btn secondary small" type="submit">
              Sign out
            </button>
          </form>
        </div>
      </header>
      {/* The plan, meetings and emergency access add the client data layer in their own layouts. */}
      <main id="main">{children}</main>
    </>
  );
}
