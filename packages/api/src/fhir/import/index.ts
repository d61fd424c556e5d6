export { parseImportBundle, type BundleItem, type ParsedBundle } from "./bundle";
export { mapEntry, supportedResourceTypes, type Draft, type Mapped } from "./map";
export { applyImport, planImport, ImportRefused, type ImportEntryPreview, type ImportPlan, type ImportPreview, type ImportResult } from "./plan";
