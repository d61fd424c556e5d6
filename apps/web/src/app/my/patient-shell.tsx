import Link from "next/link";
import type { ReactNode } from "react";
import { logout } from "../login/actions";
import { PatientNav } from "./patient-nav";

/**
 * The patient's frame: their name, sign-out and account security at the top; their pages in a bar at
 * the bottom. No client data layer here: the pages that use it add it (my/layout.tsx), the account pages do without.
 */
export function PatientShell({ user, children }: { user: { id: string; name: string }; children: ReactNode }) {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar patient-topbar">
        <Link href="/my" className="brand">
          Stepwise
        </Link>
        <div className="who">
          <Link href="/account/security" className="who-name patient-who" title="Sign-in and security">
            {/* On a phone the first name is enough; the full name stays the link's name. */}
            <strong aria-hidden="true">{user.name.split(" ")[0]}</strong>
            <span className="visually-hidden">{user.name} — sign-in and security</span>
          </Link>
          <form action={logout}>
            <button className="btn secondary patient-signout" type="submit">
              Sign out
            </button>
          </form>
        </div>
      </header>
      <PatientNav />
      <main id="main" className="patient-main">
        {children}
      </main>
    </>
  );
}
