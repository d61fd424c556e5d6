"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const links = [
  { href: "/my", label: "My plan", exact: true },
  { href: "/my/procedures", label: "Procedures" },
  // The longest label may break after "Question" on a phone. A break opportunity (<wbr>), not a soft
  // hyphen: the link's name then is its visible text, with no aria-label that axe finds at odds with it.
  { href: "/my/questionnaires", label: "Questionnaires", breakAfter: "Question" },
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
                {"breakAfter" in link ? (
                  <>
                    {link.breakAfter}
                    <wbr />
                    {link.label.slice(link.breakAfter.length)}
                  </>
                ) : (
                  link.label
                )}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
