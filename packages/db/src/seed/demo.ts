import { eq, inArray, sql } from "drizzle-orm";
import type { ClinicalRole, Role } from "@stepwise/domain";
import type { Database } from "../client";
import { refreshPatientSummaries } from "../repos/summaries";
import { careTeamMembers, patientAccounts, patients, userMfa, users } from "../schema";
import { seedAppointments } from "./appointments";
import { seedClinicalDemo } from "./clinical";
import { seedMeetings } from "./meetings";
import { seedQuestionnaireSchedules } from "./questionnaires";
import { stableId } from "./stable-id";

export const demoPassword = "stepwise-demo";

export const demoUsers = [
  { email: "physician@stepwise.test", name: "Dr. Maya Okafor", role: "physician" },
  { email: "physician2@stepwise.test", name: "Dr. Daniel Reyes", role: "physician" },
  { email: "pt@stepwise.test", name: "Sam Whitfield, DPT", role: "physical_therapist" },
  { email: "pt2@stepwise.test", name: "Priya Natarajan, DPT", role: "physical_therapist" },
  { email: "psychologist@stepwise.test", name: "Dr. Elena Brooks, PsyD", role: "psychologist" },
  { email: "coordinator@stepwise.test", name: "Jordan Kim, RN", role: "coordinator" },
  { email: "admin@stepwise.test", name: "Alex Morgan", role: "admin" },
  // A covering physician on no care team, with two-factor sign-in on (the demo key below).
  { email: "mfa@stepwise.test", name: "Dr. Noor Haddad", role: "physician" },
  // The demo patient's own account: Samuel Achterberg (RFA proposed), linked to his record below.
  { email: "patient@stepwise.test", name: "Samuel Achterberg", role: "patient" },
] as const satisfies readonly { email: string; name: string; role: Role }[];

type DemoEmail = (typeof demoUsers)[number]["email"];

/** The demo account whose sign-in asks for a TOTP code, and its authenticator key (base32, printed at start). */
export const demoMfaEmail = "mfa@stepwise.test" satisfies DemoEmail;
export const demoMfaSecret = "A5CE2SSZ5E3BZCQ4ANN3EPP4EWTJNVUG";

/** The demo patient account and the record it opens (his family name: demoPatientIdByName). */
export const demoPatientEmail = "patient@stepwise.test" satisfies DemoEmail;
export const demoPatientAccountFamilyName = "Achterberg";

const demoPatients: readonly [string, string, "female" | "male", string, string][] = [
  ["Margaret", "Hollis", "female", "1958-03-14", "Chronic low back pain with lumbar facet arthropathy"],
  ["Thomas", "Whitaker", "male", "1971-07-02", "Lumbar radiculopathy, L5 (left)"],
  ["Aisha", "Bello", "female", "1985-11-23", "Failed back surgery syndrome after L4-L5 fusion"],
  ["Robert", "Castellanos", "male", "1962-05-09", "Cervical facet-mediated neck pain"],
  ["Linda", "Marsh", "female", "1954-09-30", "Knee osteoarthritis, right"],
  ["Kevin", "O'Donnell", "male", "1979-01-18", "Sacroiliac joint dysfunction, right"],
  ["Grace", "Nakamura", "female", "1990-04-06", "Complex regional pain syndrome, left upper limb"],
  ["Marcus", "Freeman", "male", "1968-12-11", "Lumbar spinal stenosis with neurogenic claudication"],
  ["Helen", "Sorensen", "female", "1949-02-27", "Post-herpetic neuralgia, thoracic T6"],
  ["David", "Mensah", "male", "1983-08-15", "Myofascial pain syndrome, trapezius"],
  ["Rosa", "Delgado", "female", "1975-06-21", "Cervical radiculopathy, C6 (right)"],
  ["James", "Thornton", "male", "1960-10-04", "Chronic low back pain, discogenic"],
  ["Patricia", "Kowalski", "female", "1966-03-29", "Fibromyalgia with widespread pain"],
  ["Samuel", "Achterberg", "male", "1957-12-19", "Lumbar facet arthropathy, bilateral L4-L5"],
  ["Nadia", "Haddad", "female", "1988-07-12", "Chronic pelvic pain"],
  ["William", "Brennan", "male", "1972-09-08", "Painful diabetic peripheral neuropathy"],
  ["Olivia", "Fairbanks", "female", "1993-01-25", "Chronic migraine with occipital neuralgia"],
  ["Henry", "Lindqvist", "male", "1951-04-17", "Hip osteoarthritis, left"],
  ["Beatriz", "Montoya", "female", "1969-11-02", "Failed back surgery syndrome after L5-S1 laminectomy"],
  ["Christopher", "Adeyemi", "male", "1981-05-30", "Lumbar radiculopathy, S1 (right)"],
  ["Susan", "Pritchard", "female", "1959-08-08", "Shoulder osteoarthritis, right"],
  ["Daniel", "Ferreira", "male", "1976-02-14", "Thoracic myofascial pain"],
  ["Emily", "Vance", "female", "1987-10-10", "Chronic neck pain after whiplash"],
  ["George", "Papadopoulos", "male", "1947-06-03", "Lumbar spinal stenosis, multilevel"],
  ["Fatima", "Rahman", "female", "1980-12-28", "Sacroiliac joint pain, bilateral"],
  ["Michael", "Sutherland", "male", "1965-03-05", "Chronic low back pain with lumbar facet arthropathy"],
  ["Chloe", "Beaumont", "female", "1995-09-19", "Complex regional pain syndrome, right lower limb"],
  ["Anthony", "Russo", "male", "1970-01-07", "Cervical radiculopathy, C7 (left)"],
  ["Mary", "Oyelaran", "female", "1956-07-24", "Knee osteoarthritis, bilateral"],
  ["Benjamin", "Hartley", "male", "1984-04-12", "Chronic low back pain, non-specific"],
  ["Yuki", "Tanaka", "female", "1978-11-16", "Lumbar radiculopathy, L4 (right)"],
  ["Richard", "Okonkwo", "male", "1961-02-20", "Post-laminectomy pain syndrome"],
  ["Sarah", "Lindgren", "female", "1973-05-27", "Myofascial pain, lumbar paraspinals"],
  ["Ethan", "Caldwell", "male", "1991-08-31", "Chronic thoracic pain after rib fractures"],
  ["Irene", "Vasquez", "female", "1952-10-13", "Lumbar facet arthropathy, L5-S1"],
  ["Paul", "Nguyen", "male", "1967-06-09", "Painful lumbar disc herniation, L4-L5 contained"],
  ["Catherine", "Abernathy", "female", "1963-01-31", "Occipital neuralgia, bilateral"],
  ["Joseph", "Mwangi", "male", "1974-03-22", "Chronic widespread pain with sleep disturbance"],
  ["Laura", "Ingram", "female", "1982-09-05", "Cervical facet-mediated pain, C5-C6"],
  ["Victor", "Halvorsen", "male", "1958-12-01", "Chronic low back pain with lumbar facet arthropathy"],
  ["Walter", "Pennington", "male", "1955-04-02", "Cancer-related pain, metastatic spine (T11-L1)"],
];

/** How many demo patients there are (the care-team split, appointments and tests count them). */
export const demoPatientCount = demoPatients.length;

export const demoPatientId = (index: number) => stableId(`demo-patient:${index}`);

/** A demo patient's id by family name: the stories in the README are told by name. */
export function demoPatientIdByName(familyName: string): string {
  const index = demoPatients.findIndex(([, family]) => family === familyName);
  if (index < 0) throw new Error(`no demo patient ${familyName}`);
  return demoPatientId(index);
}
export const demoUserId = (email: DemoEmail) => stableId(`demo-user:${email}`);

/**
 * Which clinicians care for patient i. Every patient has a physician, a PT, a psychologist and the
 * coordinator; the second physician and the second PT each see only a subset.
 */
export function demoTeam(index: number): { email: DemoEmail; role: ClinicalRole; isLead: boolean }[] {
  const physician: DemoEmail = index < 28 ? "physician@stepwise.test" : "physician2@stepwise.test";
  const pt: DemoEmail = index % 3 === 2 ? "pt2@stepwise.test" : "pt@stepwise.test";
  return [
    { email: physician, role: "physician", isLead: true },
    { email: pt, role: "physical_therapist", isLead: false },
    { email: "psychologist@stepwise.test", role: "psychologist", isLead: false },
    { email: "coordinator@stepwise.test", role: "coordinator", isLead: false },
  ];
}

export interface SeedOptions {
  hashPassword: (password: string) => Promise<string>;
  /**
   * Seals a TOTP secret for a user (the auth package's sealing, passed in like the password hash).
   * Given, the demo two-factor account gets the demo key; without it, it signs in with a password only.
   */
  sealMfaSecret?: (secretBase32: string, userId: string) => string;
  /** Clinical dates are relative to this instant (default: now), so the demo stories hold whenever it starts. */
  now?: Date;
}

/** Idempotent: rows have stable ids and inserts skip what exists, so a rerun changes nothing. */
export async function seedDemo(db: Database, options: SeedOptions): Promise<{ created: boolean }> {
  const existing = await db.select({ id: users.id }).from(users).where(eq(users.id, demoUserId("admin@stepwise.test")));
  const alreadySeeded = existing.length > 0;

  // Only the accounts not there yet are hashed: a demo seeded before an account was added gains it.
  const present = new Set(
    (await db.select({ id: users.id }).from(users).where(inArray(users.id, demoUsers.map((u) => demoUserId(u.email))))).map((r) => r.id),
  );
  const missing = demoUsers.filter((u) => !present.has(demoUserId(u.email)));
  const hashes = await Promise.all(missing.map(() => options.hashPassword(demoPassword)));
  await db.transaction(async (tx) => {
    if (missing.length > 0) {
      await tx
        .insert(users)
        .values(missing.map((u, i) => ({ id: demoUserId(u.email), email: u.email, name: u.name, role: u.role, passwordHash: hashes[i]! })))
        .onConflictDoNothing();
    }
    if (options.sealMfaSecret) {
      // Sealed again on every run, so that the printed key works with the key this start uses.
      const userId = demoUserId(demoMfaEmail);
      const secretSealed = options.sealMfaSecret(demoMfaSecret, userId);
      const at = options.now ?? new Date();
      await tx
        .insert(userMfa)
        .values({ userId, secretSealed, enabledAt: at, createdAt: at, updatedAt: at })
        .onConflictDoUpdate({ target: userMfa.userId, set: { secretSealed, enabledAt: sql`coalesce(${userMfa.enabledAt}, ${at.toISOString()}::timestamptz)`, updatedAt: at } });
    }
    await tx
      .insert(patients)
      .values(
        demoPatients.map(([givenName, familyName, sex, dateOfBirth, primaryCondition], i) => ({
          id: demoPatientId(i),
          mrn: `SW-${String(100234 + i * 37).padStart(7, "0")}`,
          givenName,
          familyName,
          sex,
          dateOfBirth,
          primaryCondition,
        })),
      )
      .onConflictDoNothing();
    await tx
      .insert(careTeamMembers)
      .values(
        demoPatients.flatMap((_, i) =>
          demoTeam(i).map((m) => ({ patientId: demoPatientId(i), userId: demoUserId(m.email), role: m.role, isLead: m.isLead })),
        ),
      )
      .onConflictDoNothing();
    // The demo patient's link to his record; a rerun keeps whatever became of it (revoked stays revoked).
    await tx
      .insert(patientAccounts)
      .values({ userId: demoUserId(demoPatientEmail), patientId: demoPatientIdByName(demoPatientAccountFamilyName), createdBy: demoUserId("coordinator@stepwise.test") })
      .onConflictDoNothing();
    await seedClinicalDemo(tx, {
      now: options.now ?? new Date(),
      patientIds: demoPatients.map((_, i) => demoPatientId(i)),
      team: (i) => demoTeam(i).map((m) => ({ userId: demoUserId(m.email), role: m.role })),
    });
    await seedQuestionnaireSchedules(tx, {
      patientId: demoPatientIdByName(demoPatientAccountFamilyName),
      familyName: demoPatientAccountFamilyName,
      setBy: demoUserId("pt@stepwise.test"),
      now: options.now ?? new Date(),
    });
    await seedAppointments(tx, options.now ?? new Date());
    await seedMeetings(tx, options.now ?? new Date());
    await refreshPatientSummaries(
      tx,
      demoPatients.map((_, i) => demoPatientId(i)),
      options.now ?? new Date(),
    );
  });
  return { created: !alreadySeeded };
}
