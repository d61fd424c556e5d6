import type pg from "pg";

/**
 * Least privilege on PostgreSQL: the tables belong to the role that migrates; the server works as
 * `stepwise_app`, which owns nothing and holds only the DML below. Owning nothing is what keeps it
 * from ALTER TABLE … DISABLE TRIGGER, DROP TRIGGER and TRUNCATE on audit_log; not being a superuser
 * keeps it from SET session_replication_role = replica (which would silence the trigger).
 */
export const appRoleName = "stepwise_app";

type Privilege = "SELECT" | "INSERT" | "UPDATE" | "DELETE";

/** Tables the app only appends to: history is never rewritten, not even by a bug in the app. */
const appendOnly: Privilege[] = ["SELECT", "INSERT"];
/** Rows that are corrected (versioned compare-and-set) but never removed. */
const editable: Privilege[] = ["SELECT", "INSERT", "UPDATE"];
/** Rows the app legitimately removes: memberships, attendance, agenda slots, presence, throttles. */
const removable: Privilege[] = ["SELECT", "INSERT", "UPDATE", "DELETE"];

/**
 * What the app may do to each table, checked against every repository's writes. A table missing here
 * (one a later migration adds) gets `removable` until it is listed, so new work is never broken by a
 * grant it does not know about; list it here with less when it needs less.
 */
export const appTablePrivileges: Readonly<Record<string, readonly Privilege[]>> = {
  audit_log: appendOnly,
  plan_events: appendOnly,
  care_team_members: removable,
  login_throttle: removable,
  meeting_attendees: removable,
  meeting_cases: removable,
  presence: removable,
  users: editable,
  sessions: editable,
  patients: editable,
  care_plans: editable,
  problems: editable,
  goals: editable,
  plan_items: editable,
  procedures: editable,
  procedure_outcomes: editable,
  safety_profiles: editable,
  opioid_monitoring: editable,
  safety_responses: editable,
  medications: editable,
  therapy_sessions: editable,
  psych_notes: editable,
  psych_clearances: editable,
  assessments: editable,
  comments: editable,
  action_items: editable,
  meetings: editable,
  meeting_decisions: editable,
  appointments: editable,
  user_mfa: removable,
  mfa_recovery_codes: removable,
  password_reset_codes: editable,
  account_notices: editable,
  access_grants: editable,
  /** Derived from the plan rows, recomputed in place; removed only with the patient. */
  patient_summaries: editable,
  /** Rebuilt with the summary: a member who leaves the team loses the row. */
  patient_summary_members: removable,
  /** A patient's own account: revoked in place, never removed. */
  patient_accounts: editable,
  patient_invitations: editable,
  questionnaire_schedules: editable,
  /** The conversation is a record: messages are never edited or removed. */
  messages: appendOnly,
  message_threads: editable,
  message_reads: editable,
  clinic_settings: editable,
  /** A bulk export's state and output: a job advances in place; its files are removed with it. */
  fhir_export_jobs: editable,
  fhir_export_files: removable,
  /** What an import took from another system, and the row it became. */
  fhir_resource_links: editable,
};

export const privilegesForTable = (table: string): readonly Privilege[] => appTablePrivileges[table] ?? removable;

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Errors two starts racing to create the same (cluster-wide) role may raise: both mean "it exists". */
const alreadyThere = new Set(["42710", "23505", "XX000"]);

async function roleExists(client: pg.ClientBase, role: string): Promise<boolean> {
  return (await client.query("select 1 from pg_roles where rolname = $1", [role])).rowCount === 1;
}

/**
 * Run by the owner after every migration, so tables added by later migrations are covered (chosen
 * over ALTER DEFAULT PRIVILEGES, which only covers tables created by the role it names and cannot
 * withhold UPDATE/DELETE per table): creates the app role when missing (NOLOGIN; an operator who
 * wants it to log in creates it with LOGIN and a password first, or grants it to a login role),
 * and resets its privileges on every table to the list above. With `canSetRole`, the migrating role
 * is made a member so it may SET ROLE to it (a superuser needs no membership).
 */
export async function grantAppRole(client: pg.ClientBase, options: { canSetRole: boolean; role?: string }): Promise<void> {
  const role = options.role ?? appRoleName;
  if (!(await roleExists(client, role))) {
    try {
      await client.query(`create role ${ident(role)} nologin`);
    } catch (error) {
      if (!alreadyThere.has((error as { code?: string }).code ?? "") || !(await roleExists(client, role))) throw error;
    }
  }
  if (options.canSetRole) {
    const { rows } = await client.query<{ member: boolean }>(
      "select r.rolsuper or pg_has_role(current_user, $1, 'MEMBER') as member from pg_roles r where r.rolname = current_user",
      [role],
    );
    if (!rows[0]?.member) await client.query(`grant ${ident(role)} to current_user`);
  }
  const tables = (await client.query<{ name: string }>("select tablename as name from pg_tables where schemaname = 'public' order by tablename")).rows.map((r) => r.name);
  const statements = [
    `grant usage on schema public to ${ident(role)}`,
    ...tables.flatMap((t) => [`revoke all on table ${ident(t)} from ${ident(role)}`, `grant ${privilegesForTable(t).join(", ")} on table ${ident(t)} to ${ident(role)}`]),
    // USAGE is what nextval needs (bigserial ids); nothing more on sequences.
    `revoke all on all sequences in schema public from ${ident(role)}`,
    `grant usage on all sequences in schema public to ${ident(role)}`,
  ];
  await client.query("begin");
  try {
    // Two instances starting together would otherwise race on the same ACLs ("tuple concurrently updated").
    await client.query("select pg_advisory_xact_lock(hashtext('stepwise.grant_app_role'))");
    for (const statement of statements) await client.query(statement);
    await client.query("commit");
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  }
}

/** The connection string with `SET ROLE` applied by the server at connect (startup option), before any query runs. */
export function withAppRole(url: string, role: string = appRoleName): string {
  const u = new URL(url);
  const setting = `-c role=${role}`;
  const options = u.searchParams.get("options");
  if (options?.includes(setting)) return url;
  u.searchParams.set("options", options ? `${options} ${setting}` : setting);
  return u.toString();
}

/**
 * Why the app's own connection would not protect the audit log (a superuser, or an owner of a table
 * — DATABASE_URL pointed at the owner by mistake), or null when it works as a role that owns nothing.
 */
export async function appConnectionWarning(pool: pg.Pool): Promise<string | null> {
  const { rows } = await pool.query<{ role: string; superuser: boolean; owns: boolean }>(
    `select current_user as role, r.rolsuper as superuser,
            exists (select 1 from pg_tables t where t.schemaname = 'public' and pg_has_role(current_user, t.tableowner, 'USAGE')) as owns
       from pg_roles r where r.rolname = current_user`,
  );
  const row = rows[0];
  if (!row || (!row.superuser && !row.owns)) return null;
  return `The app connects as ${row.role}, which ${row.superuser ? "is a superuser" : "owns tables"}: it could disable the audit log's trigger. Point DATABASE_URL at a login of ${appRoleName} and MIGRATION_DATABASE_URL at the owner.`;
}

export interface ConnectionStrings {
  /** The app's connection: the app role's own login, or (alone) the owner, from which the app drops to the app role. */
  url?: string;
  /** The owner's connection, for migrations; absent means `url` serves both. */
  migrationUrl?: string;
}

export function connectionStringsFromEnv(env: NodeJS.ProcessEnv = process.env): ConnectionStrings {
  const url = env.DATABASE_URL || undefined;
  const migrationUrl = env.MIGRATION_DATABASE_URL || undefined;
  if (migrationUrl && !url) throw new Error("MIGRATION_DATABASE_URL is set but DATABASE_URL is not: set DATABASE_URL to the app role's connection string.");
  return { url, migrationUrl };
}

/** The line a starting server prints, so an operator sees which roles it runs with. */
export function describeConnectionMode({ url, migrationUrl }: ConnectionStrings): string {
  if (!url) return "No DATABASE_URL: the embedded database (PGlite) is used.";
  if (!migrationUrl)
    return `PostgreSQL, one connection string given: migrations and the app share it; the app drops to role ${appRoleName}. Set MIGRATION_DATABASE_URL (owner) and DATABASE_URL (a login of ${appRoleName}) to separate them.`;
  return `PostgreSQL, two connection strings given: migrations run with MIGRATION_DATABASE_URL (the owner); the app connects with DATABASE_URL, which must log in as ${appRoleName} or a member of it.`;
}
