import type { Bundle, Resource } from "@medplum/fhirtypes";
import { fhirImportLimits, findUnsafeInput, InvalidInputError } from "@stepwise/domain";

/** One entry of an uploaded bundle: its place (0-based), its fullUrl and its resource. */
export interface BundleItem {
  index: number;
  fullUrl: string | null;
  resource: Resource;
}

export interface ParsedBundle {
  type: Bundle["type"];
  items: BundleItem[];
  /** The entry a reference names inside the bundle: its fullUrl (`urn:uuid:…`, absolute) or `Type/id`. */
  resolve(reference: string): BundleItem | undefined;
}

const acceptedTypes: readonly string[] = ["collection", "transaction", "searchset", "batch", "document"];
const MB = 1024 * 1024;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * A FHIR R4 Bundle as the importer takes it, or a clear error before anything is read: not JSON,
 * larger or deeper than `fhirImportLimits`, not a Bundle, a bundle type no EHR exports a record as,
 * an entry without a resource, or a reference to `urn:uuid:`/`urn:oid:` that no entry carries.
 * Unknown elements and extensions are left in place (the mapper reads what it knows).
 */
export function parseImportBundle(text: string): ParsedBundle {
  if (text.length > fhirImportLimits.maxBundleChars) {
    throw new InvalidInputError(`The file is larger than ${fhirImportLimits.maxBundleChars / MB} MB: export one patient's record at a time.`, "bundleJson");
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidInputError("The file is not JSON: choose the FHIR Bundle (.json) the EHR exported.", "bundleJson");
  }
  const unsafe = findUnsafeInput(value, { maxInputDepth: fhirImportLimits.maxDepth, maxInputValues: fhirImportLimits.maxValues });
  if (unsafe) throw new InvalidInputError(`The bundle cannot be read: ${unsafe.message}${unsafe.path ? ` (at ${unsafe.path})` : ""}.`, "bundleJson");
  if (!isObject(value)) throw new InvalidInputError("The file is not a FHIR Bundle: it holds no JSON object.", "bundleJson");
  if (value.resourceType !== "Bundle") {
    const found = typeof value.resourceType === "string" ? `a ${value.resourceType.slice(0, 60)}` : "no resourceType";
    throw new InvalidInputError(`The file is not a FHIR Bundle (it holds ${found}): export the patient's record as a Bundle.`, "bundleJson");
  }
  if (typeof value.type !== "string" || !acceptedTypes.includes(value.type)) {
    throw new InvalidInputError(`A bundle of type "${String(value.type).slice(0, 40)}" is not a patient's record: expected a collection, transaction or searchset bundle.`, "bundleJson");
  }
  const entries = value.entry ?? [];
  if (!Array.isArray(entries)) throw new InvalidInputError("The bundle's entry is not a list.", "bundleJson");
  if (entries.length === 0) throw new InvalidInputError("The bundle has no entries.", "bundleJson");
  if (entries.length > fhirImportLimits.maxEntries) throw new InvalidInputError(`The bundle has ${entries.length} entries; at most ${fhirImportLimits.maxEntries} are imported at once.`, "bundleJson");

  const items: BundleItem[] = [];
  const byUrl = new Map<string, BundleItem>();
  entries.forEach((entry: unknown, index) => {
    const resource = isObject(entry) ? entry.resource : undefined;
    if (!isObject(resource) || typeof resource.resourceType !== "string" || resource.resourceType === "") {
      throw new InvalidInputError(`Entry ${index + 1} has no resource (or the resource has no resourceType).`, "bundleJson");
    }
    const fullUrl = isObject(entry) && typeof entry.fullUrl === "string" && entry.fullUrl !== "" ? entry.fullUrl : null;
    const item: BundleItem = { index, fullUrl, resource: resource as unknown as Resource };
    items.push(item);
    if (fullUrl) byUrl.set(fullUrl, item);
    if (typeof resource.id === "string") {
      byUrl.set(`${resource.resourceType}/${resource.id}`, item);
      if (fullUrl && !fullUrl.startsWith("urn:")) byUrl.set(fullUrl.replace(/\/_history\/[^/]*$/, ""), item);
    }
  });

  const resolve = (reference: string): BundleItem | undefined => {
    const direct = byUrl.get(reference);
    if (direct) return direct;
    // An absolute reference to a server the bundle came from: its last two segments are Type/id.
    const tail = /([A-Za-z]+\/[A-Za-z0-9\-.]{1,64})(\/_history\/[^/]*)?$/.exec(reference);
    return tail?.[1] ? byUrl.get(tail[1]) : undefined;
  };

  for (const item of items) {
    for (const reference of referencesIn(item.resource)) {
      if ((reference.startsWith("urn:uuid:") || reference.startsWith("urn:oid:")) && !byUrl.has(reference)) {
        throw new InvalidInputError(`Entry ${item.index + 1} (${item.resource.resourceType}) refers to ${reference.slice(0, 80)}, which is not in the bundle.`, "bundleJson");
      }
    }
  }
  return { type: value.type as Bundle["type"], items, resolve };
}

/** Every `reference` string in a resource (contained ones, `#id`, are local and left out). */
export function referencesIn(resource: unknown): string[] {
  const found: string[] = [];
  const pending: unknown[] = [resource];
  while (pending.length > 0) {
    const node = pending.pop();
    if (Array.isArray(node)) {
      pending.push(...(node as unknown[]));
    } else if (isObject(node)) {
      for (const [key, child] of Object.entries(node)) {
        if (key === "reference" && typeof child === "string") {
          if (!child.startsWith("#")) found.push(child);
        } else if (typeof child === "object" && child !== null) {
          pending.push(child);
        }
      }
    }
  }
  return found;
}
