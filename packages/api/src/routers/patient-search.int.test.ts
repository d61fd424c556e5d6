import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commonNameMatches, refreshSummariesInBatches } from "@stepwise/db";
import { queryAsOwner } from "@stepwise/db/testing";
import { openSeededClinic, type Clinic } from "../test-support";

// Patient search by any part of a name or the MRN, answered by trigram indexes: the same patients
// as the rule "given name, family name, 'given family' or MRN contains the term, any case", and
// still only the caller's own care-team patients.

let clinic: Clinic;
beforeAll(async () => {
  clinic = await openSeededClinic();
});
afterAll(async () => {
  await clinic?.close();
});

type Listed = { id: string; givenName: string; familyName: string; mrn: string };
const contains = (text: string, term: string) => text.toLowerCase().includes(term.toLowerCase());
const matches = (p: Listed, term: string) =>
  contains(p.givenName, term) || contains(p.familyName, term) || contains(`${p.givenName} ${p.familyName}`, term) || contains(p.mrn, term);

describe("patients.list search", () => {
  it("finds by partial given name, family name, full name and MRN, in any case, within the caller's patients only", async () => {
    for (const email of ["psychologist@stepwise.test", "physician@stepwise.test", "coordinator@stepwise.test", "pt2@stepwise.test"]) {
      const caller = await clinic.as(email);
      const mine = (await caller.patients.list({ limit: 100 })).items as Listed[];
      expect(mine.length).toBeGreaterThan(0);
      const sample = mine[Math.floor(mine.length / 2)]!;
      const terms = [
        sample.familyName.slice(1, 4),
        sample.familyName.toUpperCase(),
        sample.givenName.slice(0, 2).toLowerCase(),
        `${sample.givenName} ${sample.familyName.slice(0, 3)}`,
        `${sample.givenName.slice(-2)} ${sample.familyName.slice(0, 2)}`,
        sample.mrn,
        sample.mrn.slice(-3),
        sample.mrn.slice(0, 4).toLowerCase(),
        "a",
        "e",
        "zzqx",
        "%",
        "_",
        "\\",
      ];
      for (const term of terms) {
        const found = await caller.patients.list({ search: term, limit: 100 });
        const expected = mine.filter((p) => matches(p, term)).map((p) => p.id);
        expect({ term, ids: found.items.map((p) => p.id).sort() }).toEqual({ term, ids: expected.sort() });
        expect(found.total).toBe(expected.length);
      }
    }
  });

  it("still finds exactly the care team's patients after a member was added to a team outside the API", async () => {
    const therapist = await clinic.as("pt2@stepwise.test");
    const [me] = await queryAsOwner(clinic.handle, "SELECT id FROM users WHERE email = 'pt2@stepwise.test'");
    expect(me).toBeDefined();
    // A patient off the therapist's teams.
    const [other] = await queryAsOwner(
      clinic.handle,
      `SELECT p.id, p.family_name FROM patients p
        WHERE NOT EXISTS (SELECT 1 FROM care_team_members m WHERE m.patient_id = p.id AND m.user_id = $1)
        ORDER BY p.mrn LIMIT 1`,
      [me!.id],
    );
    const added = { id: String(other!.id), familyName: String(other!.family_name) };
    expect((await therapist.patients.list({ search: added.familyName.toLowerCase(), limit: 100 })).items.map((p) => p.id)).not.toContain(added.id);
    await queryAsOwner(clinic.handle, "INSERT INTO care_team_members (patient_id, user_id, role) VALUES ($1, $2, 'physical_therapist')", [added.id, me!.id]);
    const found = await therapist.patients.list({ search: added.familyName.toLowerCase(), limit: 100 });
    expect(found.items.map((p) => p.id)).toContain(added.id);
    await queryAsOwner(clinic.handle, "DELETE FROM care_team_members WHERE patient_id = $1 AND user_id = $2", [added.id, me!.id]);
    expect((await therapist.patients.list({ search: added.familyName.toLowerCase(), limit: 100 })).items.map((p) => p.id)).not.toContain(added.id);
  });

  it("matches a name common across the clinic on the member's own rows, and on the whole clinic while those rows disagree with the care team", async () => {
    const [me] = await queryAsOwner(clinic.handle, "SELECT id FROM users WHERE email = 'pt2@stepwise.test'");
    // More patients of the clinic hold the name than the clinic-wide read takes: the name is common.
    const made = await queryAsOwner(
      clinic.handle,
      `INSERT INTO patients (mrn, given_name, family_name, date_of_birth, sex, primary_condition)
       SELECT 'COMMON-' || g, 'Given', 'Quorrington' || g, '1970-01-01', 'female', 'Chronic low back pain' FROM generate_series(1, $1::int) g RETURNING id`,
      [commonNameMatches + 8],
    );
    const therapist = await clinic.as("pt2@stepwise.test");
    const found = async () => (await therapist.patients.list({ search: "quorrington", limit: 100 })).items.map((p) => p.id).sort();
    expect(await found()).toEqual([]);
    // Two join the therapist's teams outside the API: no summary rows yet (they disagree with the team), and still both are found.
    const joined = [String(made[3]!.id), String(made[made.length - 2]!.id)].sort();
    for (const id of joined) await queryAsOwner(clinic.handle, "INSERT INTO care_team_members (patient_id, user_id, role) VALUES ($1, $2, 'physical_therapist')", [id, me!.id]);
    expect(await found()).toEqual(joined);
    // Summarised (the rows agree again): found on the therapist's own rows, the same two.
    await refreshSummariesInBatches(clinic.handle.db, joined, new Date());
    expect(await found()).toEqual(joined);
    expect((await therapist.patients.list({ search: "QUORRINGTON4", limit: 100 })).items.map((p) => p.id)).toEqual([String(made[3]!.id)]);
    await queryAsOwner(clinic.handle, "DELETE FROM care_team_members WHERE user_id = $1 AND patient_id = ANY($2::uuid[])", [me!.id, joined]);
    await refreshSummariesInBatches(clinic.handle.db, joined, new Date());
    expect(await found()).toEqual([]);
  });

  it("is answered by the trigram indexes on the name and the MRN once the clinic is large", async () => {
    // Patients on nobody's team, enough that reading the table whole is no longer the cheap plan.
    await queryAsOwner(
      clinic.handle,
      `INSERT INTO patients (mrn, given_name, family_name, date_of_birth, sex, primary_condition)
       SELECT 'BULK-' || g, 'Given' || g, 'Family' || md5(g::text), '1970-01-01', 'female', 'Chronic low back pain' FROM generate_series(1, 10000) g`,
    );
    await queryAsOwner(clinic.handle, "VACUUM ANALYZE patients");
    const explain = async (where: string) =>
      (await queryAsOwner(clinic.handle, `EXPLAIN SELECT id FROM patients WHERE ${where}`)).map((r) => String(Object.values(r)[0])).join("\n");
    expect(await explain(`mrn ILIKE '%4242%'`)).toContain("patients_mrn_trgm_idx");
    expect(await explain(`(given_name || ' ' || family_name) ILIKE '%olli%'`)).toContain("patients_name_trgm_idx");
    // The search itself still finds exactly the caller's own.
    const caller = await clinic.as("psychologist@stepwise.test");
    expect((await caller.patients.list({ search: "bulk" })).total).toBe(0);
    expect((await caller.patients.list({ search: "hollis" })).items.map((p) => p.familyName)).toEqual(["Hollis"]);
  });

  it("finds a whole MRN, in any case, on the MRN's btree while no MRN is longer, and still every MRN containing it once one is", async () => {
    const caller = await clinic.as("coordinator@stepwise.test");
    const mine = (await caller.patients.list({ limit: 100 })).items as Listed[];
    const sample = mine[Math.floor(mine.length / 2)]!;
    const longest = Number((await queryAsOwner(clinic.handle, "SELECT max(length(mrn)) AS n FROM patients"))[0]!.n);
    expect(sample.mrn.length).toBe(longest);
    const found = async (term: string) => (await caller.patients.list({ search: term, limit: 100 })).items.map((p) => p.id).sort();
    expect(await found(sample.mrn.toLowerCase())).toEqual([sample.id]);
    expect(await found(sample.mrn)).toEqual([sample.id]);
    const plan = (await queryAsOwner(clinic.handle, `EXPLAIN SELECT id FROM patients WHERE lower(mrn) = lower($1)`, [sample.mrn]))
      .map((r) => String(Object.values(r)[0]))
      .join("\n");
    expect(plan).toContain("patients_mrn_lower_idx");

    // A longer MRN that holds the whole one, on the caller's team: both are found, by either case.
    const [longer] = await queryAsOwner(
      clinic.handle,
      `INSERT INTO patients (mrn, given_name, family_name, date_of_birth, sex, primary_condition)
       VALUES ($1, 'Longer', 'Mrnholder', '1970-01-01', 'female', 'Chronic low back pain') RETURNING id`,
      [`X${sample.mrn}7`],
    );
    const [me] = await queryAsOwner(clinic.handle, "SELECT id FROM users WHERE email = 'coordinator@stepwise.test'");
    await queryAsOwner(clinic.handle, "INSERT INTO care_team_members (patient_id, user_id, role) VALUES ($1, $2, 'coordinator')", [longer!.id, me!.id]);
    expect(await found(sample.mrn.toLowerCase())).toEqual([sample.id, String(longer!.id)].sort());
    expect(await found(sample.mrn.slice(2))).toEqual([sample.id, String(longer!.id)].sort());
    expect(await found(`x${sample.mrn}`)).toEqual([String(longer!.id)]);
  });
});
