/**
 * A clinic-scale data set for benchmarks, built from the demo clinic by bulk SQL.
 *
 * The demo clinic (seeded first, through seedDemo) is the template: every one of its rows is copied
 * once per cohort with `INSERT … SELECT … CROSS JOIN generate_series`, ids remapped by a hash of the
 * old id and the cohort, so each cohort is a team of clinicians with the demo's patients, care
 * teams, plans, sessions, assessments, medications, procedures, notes, comments, appointments,
 * meetings and plan events in exactly the demo's proportions. Tables and columns are read from the
 * catalog, so a new table or column is copied without changes here; a column is known to hold a user
 * when it references users (or, without a foreign key, when the template's values are users).
 *
 * Two clinicians see far more than a cohort: one physician leads the demo physician's patients of
 * several cohorts (a caseload of about 2,000) and one coordinator coordinates several cohorts
 * (about 1,000). Three copies of the same patient get their history (sessions, assessments, events,
 * notes, comments, performed procedures and outcomes, stopped medications, finished plan items)
 * repeated 1×, 10× and 100×, each repetition moved further into the past.
 *
 * Deterministic: no randomness, every id and name is a hash of the template's stable ids.
 */

/** Runs one SQL statement and returns its rows: a pg client, a PGlite handle or drizzle's execute. */
export type RunSql = (statement: string) => Promise<Record<string, unknown>[]>;

export interface ClinicOptions {
  /** Patients wanted; rounded to a whole number of demo cohorts (at least one). */
  patients: number;
  /** The one physician with a large caseload (patients led). */
  bigPhysicianCaseload?: number;
  /** The one coordinator with a large caseload. */
  bigCoordinatorCaseload?: number;
  /** History repetitions of the three history patients. */
  historyFactors?: readonly number[];
  /** Days each history repetition is moved back. */
  historyStepDays?: number;
  /**
   * Skip foreign-key triggers while copying (session_replication_role = replica, superuser only):
   * much faster; the copy is consistent by construction and the generator's test runs with them on.
   */
  skipTriggers?: boolean;
  /**
   * Drop each copied table's secondary indexes (those backing no constraint) before its copy and
   * create them again after it: one sorted build instead of millions of random inserts.
   */
  rebuildIndexes?: boolean;
  onProgress?: (message: string) => void;
}

export interface ClinicManifest {
  patients: number;
  cohorts: number;
  users: number;
  /** Copied per patient from the demo: rows per table. */
  rows: Record<string, number>;
  bigPhysician: { email: string; caseload: number };
  bigCoordinator: { email: string; caseload: number };
  therapist: { email: string; caseload: number };
  psychologist: { email: string; caseload: number };
  /** The same patient with its history repeated `factor` times, and the physician who leads it. */
  history: { factor: number; patientId: string; physicianEmail: string; events: number; sessions: number }[];
  /** A meeting's case for the case view, chaired by `coordinatorEmail`. */
  meetingCase: { meetingId: string; patientId: string; coordinatorEmail: string };
  /** What the big coordinator searches for: a family name and an MRN on their caseload. */
  search: { coordinatorEmail: string; name: string; nameMatches: number; mrn: string };
  /** How long generation took. */
  seconds: number;
}

/** Tables never copied: accounts and their sign-in state, the audit trail, live presence, grants, derived summaries. */
const notCopied = new Set([
  "users",
  "sessions",
  "audit_log",
  "login_throttle",
  "presence",
  "access_grants",
  "user_mfa",
  "mfa_recovery_codes",
  "password_reset_codes",
  "account_notices",
]);
/** Derived per-patient summaries are not copied: they are computed from the copied rows afterwards. */
const isDerived = (table: string) => table.startsWith("patient_summar");

/** Tables whose rows are a patient's history, repeated for the history patients (with the rows' filter). */
const historyTables: Record<string, string> = {
  therapy_sessions: "true",
  assessments: "true",
  plan_events: "true",
  comments: "true",
  psych_notes: "true",
  procedures: "t.status = 'performed'",
  procedure_outcomes: "t.procedure_id IN (SELECT id FROM procedures WHERE status = 'performed')",
  medications: "t.status = 'stopped'",
  plan_items: "t.status IN ('completed', 'stopped')",
  opioid_monitoring: "true",
};

const familyStems = ["Ash", "Bel", "Brad", "Cal", "Car", "Dal", "Dun", "Fair", "Gar", "Hal", "Har", "Hol", "Kem", "Lan", "Mar", "Mid", "Nor", "Pen", "Ren", "Ros", "Shel", "Stan", "Thorn", "Wal", "War", "Whit", "Win", "Bur", "Cres", "Eld"];
const familyEndings = ["ford", "ley", "ton", "wood", "field", "worth", "by", "stead", "well", "more", "brook", "dale", "ridge", "son", "man", "ham", "er", "ling", "wick", "combe"];

const uuidPattern = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

interface Column {
  name: string;
  type: string;
  serial: boolean;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;
/** A valid (version 5 shaped) uuid hashed from a SQL text expression, as the input schemas accept. */
const uuidOf = (expr: string) => `overlay(overlay(md5(${expr}) placing '5' from 13) placing '8' from 17)::uuid`;
/** A positive integer hash of a SQL text expression. */
const hashInt = (expr: string) => `(('x' || substr(md5(${expr}), 1, 7))::bit(28)::int)`;

export async function generateClinic(run: RunSql, options: ClinicOptions): Promise<ClinicManifest> {
  const started = Date.now();
  const log = options.onProgress ?? (() => {});
  const historyFactors = options.historyFactors ?? [1, 10, 100];
  const stepDays = options.historyStepDays ?? 30;

  // --- The template, as the catalog and the demo data describe it ----------------------------------
  const templatePatients = await run(`SELECT id FROM patients ORDER BY id`);
  const perCohort = templatePatients.length;
  if (perCohort === 0) throw new Error("generateClinic needs the demo clinic seeded first");
  const existingUsers = await run(`SELECT count(*)::int AS n FROM users`);
  if (Number(existingUsers[0]!.n) > 20) throw new Error("generateClinic runs once, on a database holding only the demo clinic");
  const cohorts = Math.max(1, Math.round(options.patients / perCohort));

  const tableRows = await run(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
  const tables = tableRows.map((r) => String(r.t)).filter((t) => !t.startsWith("__"));
  const columnRows = await run(
    `SELECT table_name AS t, column_name AS c, data_type AS type, coalesce(column_default, '') AS def, is_generated AS gen, is_identity AS ident
       FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
  );
  const columns = new Map<string, Column[]>();
  for (const r of columnRows) {
    if (r.gen === "ALWAYS") continue;
    const list = columns.get(String(r.t)) ?? [];
    list.push({ name: String(r.c), type: String(r.type), serial: String(r.def).startsWith("nextval(") || r.ident === "YES" });
    columns.set(String(r.t), list);
  }
  const fkRows = await run(
    `SELECT child.relname AS t, a.attname AS c, parent.relname AS ref
       FROM pg_constraint k
       JOIN pg_class child ON child.oid = k.conrelid
       JOIN pg_class parent ON parent.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = child.relnamespace AND n.nspname = 'public'
       JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
      WHERE k.contype = 'f' AND array_length(k.conkey, 1) = 1`,
  );
  const references = new Map<string, string>(fkRows.map((r) => [`${String(r.t)}.${String(r.c)}`, String(r.ref)]));
  const uniqueRows = await run(
    `SELECT t.relname AS t, a.attname AS c
       FROM pg_index i
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
      WHERE i.indisunique AND a.attname <> 'patient_id'`,
  );
  const uniqueColumns = new Set(uniqueRows.map((r) => `${String(r.t)}.${String(r.c)}`));

  const templateUsers = await run(`SELECT id, email, role FROM users ORDER BY email`);
  const userIds = templateUsers.map((u) => String(u.id));
  const caseloads = await run(`SELECT u.id, u.email, u.role, count(m.patient_id)::int AS n FROM users u LEFT JOIN care_team_members m ON m.user_id = u.id GROUP BY u.id, u.email, u.role`);
  const biggest = (role: string) => {
    const list = caseloads.filter((u) => u.role === role).sort((a, b) => Number(b.n) - Number(a.n) || String(a.email).localeCompare(String(b.email)));
    if (list.length === 0) throw new Error(`the template has no ${role}`);
    return { id: String(list[0]!.id), email: String(list[0]!.email), caseload: Number(list[0]!.n) };
  };
  const physician = biggest("physician");
  const coordinator = biggest("coordinator");
  const therapist = biggest("physical_therapist");
  const psychologist = biggest("psychologist");
  const admins = caseloads.filter((u) => u.role === "admin").map((u) => String(u.id));
  /** How many copied cohorts the big clinician takes over (at least one, leaving the rest their own clinician). */
  const bigCohorts = (target: number, perCohortCaseload: number) =>
    cohorts <= 1 ? 0 : Math.max(1, Math.min(Math.ceil(target / Math.max(1, perCohortCaseload)), cohorts - 1));
  const bigPhysicianCohorts = bigCohorts(options.bigPhysicianCaseload ?? 2000, physician.caseload);
  const bigCoordinatorCohorts = bigCohorts(options.bigCoordinatorCaseload ?? 1000, coordinator.caseload);
  const bigPhysicianId = uuidOf(`${literal(physician.id)} || '@big'`);
  const bigCoordinatorId = uuidOf(`${literal(coordinator.id)} || '@big'`);

  const userMap = (value: string, cohort: string) =>
    `(CASE ${value}` +
    admins.map((id) => ` WHEN ${literal(id)}::uuid THEN ${value}`).join("") +
    ` WHEN ${literal(physician.id)}::uuid THEN (CASE WHEN ${cohort} <= ${bigPhysicianCohorts} THEN ${bigPhysicianId} ELSE ${uuidOf(`${value}::text || '@' || ${cohort}`)} END)` +
    ` WHEN ${literal(coordinator.id)}::uuid THEN (CASE WHEN ${cohort} <= ${bigCoordinatorCohorts} THEN ${bigCoordinatorId} ELSE ${uuidOf(`${value}::text || '@' || ${cohort}`)} END)` +
    ` ELSE ${uuidOf(`${value}::text || '@' || ${cohort}`)} END)`;
  const rowMap = (value: string, cohort: string) => uuidOf(`${value}::text || '#' || ${cohort}`);
  /** A uuid's copy as a user or as a row, as text. */
  const mapUuidText = (u: string, cohort: string) => `${userIds.includes(u) ? userMap(`${literal(u)}::uuid`, cohort) : rowMap(literal(u), cohort)}::text`;
  /**
   * The copy of a jsonb value: for each template row, its text cut around the uuids it holds and put
   * together again with their copies (one concatenation per row, no search through the text).
   */
  const jsonMap = (value: string, perRow: ReadonlyMap<string, string> | undefined, cohort: string) => {
    if (!perRow || perRow.size === 0) return value;
    const pattern = new RegExp(uuidPattern, "g");
    const branches = [...perRow].map(([id, text]) => {
      const pieces: string[] = [];
      let last = 0;
      for (const match of text.matchAll(pattern)) {
        pieces.push(literal(text.slice(last, match.index)), mapUuidText(match[0], cohort));
        last = match.index + match[0].length;
      }
      pieces.push(literal(text.slice(last)));
      return `WHEN ${literal(id)} THEN (${pieces.join(" || ")})::jsonb`;
    });
    return `(CASE t.id ${branches.join(" ")} ELSE ${value} END)`;
  };

  /** Which uuid columns hold users: a reference to users, or (no foreign key) template values that are users. */
  const userColumns = new Set<string>();
  const jsonUuids = new Map<string, Map<string, string>>();
  const counts = new Map<string, number>();
  for (const table of tables) {
    const [row] = await run(`SELECT count(*)::int AS n FROM ${ident(table)}`);
    counts.set(table, Number(row!.n));
    for (const column of columns.get(table) ?? []) {
      const key = `${table}.${column.name}`;
      if (column.type === "jsonb" && Number(row!.n) > 0 && !notCopied.has(table) && !isDerived(table)) {
        if (!columns.get(table)!.some((c) => c.name === "id" && c.type === "uuid")) throw new Error(`${table} has no uuid id to copy its jsonb by`);
        const found = await run(
          `SELECT id::text AS id, ${ident(column.name)}::text AS value FROM ${ident(table)} WHERE ${ident(column.name)}::text ~ ${literal(uuidPattern)} ORDER BY id`,
        );
        jsonUuids.set(key, new Map(found.map((r) => [String(r.id), String(r.value)])));
      }
      if (column.type !== "uuid") continue;
      const ref = references.get(key);
      if (ref === "users") userColumns.add(key);
      else if (!ref && column.name !== "id" && Number(row!.n) > 0) {
        const [hit] = await run(`SELECT EXISTS (SELECT 1 FROM ${ident(table)} WHERE ${ident(column.name)} IN (SELECT id FROM users)) AS hit`);
        if (hit!.hit === true) userColumns.add(key);
      }
    }
  }

  const copied = tables.filter((t) => !notCopied.has(t) && !isDerived(t) && (counts.get(t) ?? 0) > 0);
  const order = topologicalOrder(copied, fkRows.map((r) => [String(r.t), String(r.ref)] as const));

  // The copy statements carry the template's values inline: compiling them (JIT) would cost far more than running them.
  await run(`SET jit = off`).catch(() => {});
  // Superuser only: without it the copy runs with its foreign keys checked (slower, same result).
  const triggersSkipped = options.skipTriggers ? await run(`SET session_replication_role = replica`).then(() => true, () => false) : false;
  if (options.skipTriggers && !triggersSkipped) log("foreign keys checked while copying (skipping them needs a superuser)");
  if (options.rebuildIndexes) await run(`SET maintenance_work_mem = '256MB'`);
  /** The secondary indexes of a table, to build again after its copy. */
  const secondaryIndexes = async (table: string) =>
    (
      await run(
        `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def FROM pg_index i
          WHERE i.indrelid = ${literal(`public.${ident(table)}`)}::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`,
      )
    ).map((r) => ({ name: String(r.name), def: String(r.def) }));
  try {
    // --- Clinicians: one copy of each template clinician per cohort, and the two big ones -----------
    if (cohorts > 1) {
      const userCols = columns.get("users")!.filter((c) => !c.serial);
      const userExpr = (c: Column, id: string, email: string, name: string) =>
        c.name === "id" ? id : c.name === "email" ? email : c.name === "name" ? name : `t.${ident(c.name)}`;
      const emailOf = (suffix: string) => `split_part(t.email, '@', 1) || ${suffix} || '@clinic.test'`;
      await run(
        `INSERT INTO users (${userCols.map((c) => ident(c.name)).join(", ")})
         SELECT ${userCols.map((c) => userExpr(c, userMap("t.id", "g.c"), emailOf(`'.c' || g.c`), `t.name || ' (team ' || g.c || ')'`)).join(", ")}
           FROM users t CROSS JOIN generate_series(1, ${cohorts - 1}) AS g(c)
          WHERE t.role <> 'admin'
            AND NOT (t.id = ${literal(physician.id)} AND g.c <= ${bigPhysicianCohorts})
            AND NOT (t.id = ${literal(coordinator.id)} AND g.c <= ${bigCoordinatorCohorts})`,
      );
      await run(
        `INSERT INTO users (${userCols.map((c) => ident(c.name)).join(", ")})
         SELECT ${userCols.map((c) => userExpr(c, uuidOf(`t.id::text || '@big'`), emailOf(`'.big'`), `t.name || ' (large caseload)'`)).join(", ")}
           FROM users t WHERE t.id IN (${literal(physician.id)}, ${literal(coordinator.id)})`,
      );
      log(`users: ${cohorts - 1} teams of ${templateUsers.length - admins.length} clinicians`);

      // --- Everything else, table by table, parents before children ---------------------------------
      const familyNames = `(ARRAY[${familyStems.map(literal).join(", ")}])[1 + ${hashInt("t.id::text || '/stem/' || g.c")} % ${familyStems.length}] || (ARRAY[${familyEndings.map(literal).join(", ")}])[1 + ${hashInt("t.id::text || '/end/' || g.c")} % ${familyEndings.length}]`;
      const patientOverrides: Record<string, string> = {
        mrn: `'SW-' || lpad((2000000 + g.c * ${perCohort} + t.ord)::text, 7, '0')`,
        family_name: familyNames,
        date_of_birth: `t.date_of_birth + (${hashInt("t.id::text || '/dob/' || g.c")} % 3650 - 1825)`,
      };
      for (const table of order) {
        const t0 = Date.now();
        const cols = columns.get(table)!.filter((c) => !c.serial);
        const expr = (c: Column): string => {
          const value = `t.${ident(c.name)}`;
          if (table === "patients" && patientOverrides[c.name]) return patientOverrides[c.name]!;
          if (c.type === "uuid") return userColumns.has(`${table}.${c.name}`) ? userMap(value, "g.c") : rowMap(value, "g.c");
          if (c.type === "jsonb") return jsonMap(value, jsonUuids.get(`${table}.${c.name}`), "g.c");
          return value;
        };
        const source = table === "patients" ? `(SELECT p.*, row_number() OVER (ORDER BY p.id) - 1 AS ord FROM patients p)` : ident(table);
        const indexes = options.rebuildIndexes ? await secondaryIndexes(table) : [];
        for (const index of indexes) await run(`DROP INDEX ${index.name}`);
        await run(
          `INSERT INTO ${ident(table)} (${cols.map((c) => ident(c.name)).join(", ")})
           SELECT ${cols.map(expr).join(", ")} FROM ${source} t CROSS JOIN generate_series(1, ${cohorts - 1}) AS g(c)`,
        );
        for (const index of indexes) await run(index.def);
        log(`${table}: ${(counts.get(table) ?? 0) * cohorts} rows (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      }
    }

    // --- History patients: the same template patient in three cohorts, history repeated ---------------
    const [richest] = await run(
      `SELECT p.id FROM patients p JOIN (SELECT patient_id, count(*) AS n FROM plan_events GROUP BY patient_id) e ON e.patient_id = p.id
        WHERE p.id IN (${templatePatients.map((r) => literal(String(r.id))).join(", ")}) ORDER BY e.n DESC, p.id LIMIT 1`,
    );
    const template = String(richest!.id);
    const history: ClinicManifest["history"] = [];
    for (const [i, factor] of historyFactors.entries()) {
      // Copies in the last cohorts (their own clinicians); with too few cohorts, the template itself.
      const cohort = cohorts - 1 - i;
      const patientId = cohort >= 1 ? String((await run(`SELECT ${rowMap(literal(template), String(cohort))} AS id`))[0]!.id) : template;
      if (factor > 1) await repeatHistory(run, { patientId, factor, stepDays, columns, references, userColumns, uniqueColumns });
      const [lead] = await run(
        `SELECT u.email FROM care_team_members m JOIN users u ON u.id = m.user_id WHERE m.patient_id = ${literal(patientId)} AND m.is_lead ORDER BY u.email LIMIT 1`,
      );
      const [sizes] = await run(
        `SELECT (SELECT count(*)::int FROM plan_events WHERE patient_id = ${literal(patientId)}) AS events, (SELECT count(*)::int FROM therapy_sessions WHERE patient_id = ${literal(patientId)}) AS sessions`,
      );
      history.push({ factor, patientId, physicianEmail: String(lead!.email), events: Number(sizes!.events), sessions: Number(sizes!.sessions) });
    }
    if (historyFactors.some((f) => f > 1)) log(`history patients: ${history.map((h) => `${h.factor}× (${h.events} events)`).join(", ")}`);

    // --- What the benchmark asks for --------------------------------------------------------------------
    const emailOfUser = async (id: string) => String((await run(`SELECT email FROM users WHERE id = ${id}`))[0]!.email);
    const bigPhysicianEmail = cohorts > 1 ? await emailOfUser(bigPhysicianId) : physician.email;
    const bigCoordinatorEmail = cohorts > 1 ? await emailOfUser(bigCoordinatorId) : coordinator.email;
    const caseloadOf = async (email: string) =>
      Number((await run(`SELECT count(*)::int AS n FROM care_team_members m JOIN users u ON u.id = m.user_id WHERE u.email = ${literal(email)}`))[0]!.n);
    const lastCohortEmail = async (templateId: string) => (cohorts > 1 ? await emailOfUser(uuidOf(`${literal(templateId)} || '@' || ${cohorts - 1}`)) : String(caseloads.find((u) => u.id === templateId)!.email));
    const therapistEmail = await lastCohortEmail(therapist.id);
    const psychologistEmail = await lastCohortEmail(psychologist.id);

    const [meetingCase] = await run(
      `SELECT c.meeting_id, c.patient_id FROM meeting_cases c JOIN meetings m ON m.id = c.meeting_id JOIN users u ON u.id = m.chair_id
        WHERE u.email = ${literal(bigCoordinatorEmail)} ORDER BY m.scheduled_for DESC, c.position, c.id LIMIT 1`,
    );
    const [searched] = await run(
      `SELECT p.family_name, p.mrn FROM patients p JOIN care_team_members m ON m.patient_id = p.id JOIN users u ON u.id = m.user_id
        WHERE u.email = ${literal(bigCoordinatorEmail)} ORDER BY p.mrn DESC LIMIT 1`,
    );
    const [matches] = await run(
      `SELECT count(*)::int AS n FROM patients p JOIN care_team_members m ON m.patient_id = p.id JOIN users u ON u.id = m.user_id
        WHERE u.email = ${literal(bigCoordinatorEmail)} AND lower(p.family_name) = lower(${literal(String(searched!.family_name))})`,
    );

    const rows: Record<string, number> = {};
    for (const table of [...copied, "users"].sort()) rows[table] = Number((await run(`SELECT count(*)::int AS n FROM ${ident(table)}`))[0]!.n);

    return {
      patients: rows.patients ?? 0,
      cohorts,
      users: rows.users ?? 0,
      rows,
      bigPhysician: { email: bigPhysicianEmail, caseload: await caseloadOf(bigPhysicianEmail) },
      bigCoordinator: { email: bigCoordinatorEmail, caseload: await caseloadOf(bigCoordinatorEmail) },
      therapist: { email: therapistEmail, caseload: await caseloadOf(therapistEmail) },
      psychologist: { email: psychologistEmail, caseload: await caseloadOf(psychologistEmail) },
      history,
      meetingCase: { meetingId: String(meetingCase!.meeting_id), patientId: String(meetingCase!.patient_id), coordinatorEmail: bigCoordinatorEmail },
      search: { coordinatorEmail: bigCoordinatorEmail, name: String(searched!.family_name), nameMatches: Number(matches!.n), mrn: String(searched!.mrn) },
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    if (triggersSkipped) await run(`SET session_replication_role = DEFAULT`);
    if (options.rebuildIndexes) await run(`RESET maintenance_work_mem`);
    await run(`RESET jit`).catch(() => {});
  }
}

/** Parents before children (self references ignored); tables outside the set do not constrain. */
function topologicalOrder(tables: readonly string[], edges: readonly (readonly [child: string, parent: string])[]): string[] {
  const set = new Set(tables);
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set<string>()]));
  for (const [child, parent] of edges) if (set.has(child) && set.has(parent) && child !== parent) parents.get(child)!.add(parent);
  const done: string[] = [];
  const placed = new Set<string>();
  while (done.length < tables.length) {
    const ready = tables.filter((t) => !placed.has(t) && [...parents.get(t)!].every((p) => placed.has(p)));
    if (ready.length === 0) throw new Error(`circular references among ${tables.filter((t) => !placed.has(t)).join(", ")}`);
    for (const t of ready) {
      placed.add(t);
      done.push(t);
    }
  }
  return done;
}

/**
 * Repeats one patient's history `factor - 1` more times, each repetition `stepDays` further back:
 * ids (and unique keys) remapped, references to repeated rows follow them, the rest is kept.
 */
async function repeatHistory(
  run: RunSql,
  args: {
    patientId: string;
    factor: number;
    stepDays: number;
    columns: Map<string, Column[]>;
    references: Map<string, string>;
    userColumns: Set<string>;
    uniqueColumns: Set<string>;
  },
): Promise<void> {
  const { patientId, factor, stepDays, columns, references, userColumns, uniqueColumns } = args;
  const present = Object.keys(historyTables).filter((t) => columns.get(t)?.some((c) => c.name === "patient_id"));
  const copiedIds = (table: string) => `(SELECT t.id FROM ${ident(table)} t WHERE t.patient_id = ${literal(patientId)} AND ${historyTables[table]})`;
  const map = (value: string) => uuidOf(`${value}::text || '~' || g.c`);
  // Parents first, so references can follow (procedures before their outcomes, plan items before procedures).
  const order = topologicalOrder(present, [...references.entries()].map(([key, ref]) => [key.split(".")[0]!, ref] as const));
  for (const table of order) {
    const cols = columns.get(table)!.filter((c) => !c.serial);
    const expr = (c: Column): string => {
      const value = `t.${ident(c.name)}`;
      const key = `${table}.${c.name}`;
      if (c.name === "patient_id" || userColumns.has(key)) return value;
      if (c.type === "uuid") {
        if (c.name === "id" || uniqueColumns.has(key)) return map(value);
        const ref = references.get(key);
        if (ref && historyTables[ref]) return `(CASE WHEN ${value} IN ${copiedIds(ref)} THEN ${map(value)} ELSE ${value} END)`;
        return value;
      }
      if (c.type === "date") return `(${value} - g.c * ${stepDays})`;
      if (c.type.startsWith("timestamp")) return `(${value} - make_interval(days => g.c * ${stepDays}))`;
      return value;
    };
    await run(
      `INSERT INTO ${ident(table)} (${cols.map((c) => ident(c.name)).join(", ")})
       SELECT ${cols.map(expr).join(", ")} FROM ${ident(table)} t CROSS JOIN generate_series(1, ${factor - 1}) AS g(c)
        WHERE t.patient_id = ${literal(patientId)} AND ${historyTables[table]}`,
    );
  }
}
