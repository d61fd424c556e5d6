"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const links = [
  { href: "/my", label: "My plan", exact: true },
  { href: "/my/procedures", label: "Procedures" },
  { href: "/my/questionnaires", label: "Questionnaires" },
  { href: "/my/messages", label: "Messages" },
  { href: "/my/access", label: "Who looked" },
] as const;

/** The patient's five places, as a bar at the bottom of a phone's screen (a row under the header when wider). */
export function PatientNav() {
  const path = usePathname();
  return (
    <nav aria-label="My pages" className="patient-nav">
      <ul>
        {links.map((link) => {
          const current = "exact" in link ? path === link.href : path.startsWith(link.href);
          return (
            <li key={link.href}>
              <Link href={link.href} aria-current={current ? "page" : undefined}>
                {link.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
