import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Mutations that save what a user typed over a versioned row. A form that calls one of them must go
 * through useVersionedEdit, or it sends whatever version the page shows at submit time — and a
 * colleague's save that a live refresh brought in meanwhile is overwritten without a word.
 * (Status buttons such as Start or Mark met send the version the user saw when clicking: no form.)
 */
const editMutations = ["planItems.update", "goals.update", "problems.update", "medications.update", "comments.update", "carePlan.update", "meetings.markDiscussed"];

const appDir = new URL("../app/", import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".tsx") ? [path] : [];
  });
}

/** Top-level functions of a module, each with its own text (components are declared with `function`). */
function functionsOf(source: string): { name: string; body: string }[] {
  const starts = [...source.matchAll(/^(?:export )?(?:default )?function (\w+)/gm)];
  return starts.map((match, i) => ({ name: match[1] ?? "", body: source.slice(match.index, starts[i + 1]?.index ?? source.length) }));
}

function unguardedEditForms(source: string): string[] {
  return functionsOf(source)
    .filter(({ body }) => (body.includes("<form") || body.includes("<VersionedEditForm")) && editMutations.some((m) => body.includes(`trpc.${m}.mutationOptions`)))
    .filter(({ body }) => !body.includes("useVersionedEdit("))
    .map(({ name }) => name);
}

describe("every edit form saves through useVersionedEdit", () => {
  it("finds a form that sends the live row's version (the check can fail)", () => {
    const defect = `
function EditPlanItemForm({ item }) {
  const update = useMutation(trpc.planItems.update.mutationOptions());
  return <form onSubmit={() => update.mutate({ id: item.id, expectedVersion: item.version })} />;
}`;
    expect(unguardedEditForms(defect)).toEqual(["EditPlanItemForm"]);
  });

  it("finds one built on the shared edit-form shell too", () => {
    const defect = `
function EditGoalForm({ goal, edit }) {
  const update = useMutation(trpc.goals.update.mutationOptions());
  return <VersionedEditForm edit={edit} label="Edit goal" />;
}`;
    expect(unguardedEditForms(defect)).toEqual(["EditGoalForm"]);
  });

  it("holds for every page and section of the app", () => {
    const files = sources(appDir);
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.flatMap((file) => unguardedEditForms(readFileSync(file, "utf8")).map((name) => `${file.slice(appDir.length)}: ${name}`));
    expect(offenders).toEqual([]);
  });

  it("covers the forms this list is about", () => {
    const all = sources(appDir).map((file) => readFileSync(file, "utf8")).join("\n");
    for (const m of editMutations) expect(all, m).toContain(`trpc.${m}.mutationOptions`);
  });
});
