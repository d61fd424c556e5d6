"use client";

/**
 * Where a form opened in place appears while its code loads: the plan's forms (react-hook-form, the
 * domain's schemas) come with the first Edit or Add, not with the page.
 */
export function FormLoading() {
  return <div className="skeleton" role="status" aria-label="Loading the form" />;
}
