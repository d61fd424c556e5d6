import type { handoutSections } from "@stepwise/domain";

type Section = ReturnType<typeof handoutSections>[number];

/**
 * The procedure handout's sections — why, what it is, benefit, risks, alternatives, afterwards — as
 * the printed handout and the patient's own procedures page both show them (one text, from the domain).
 */
export function HandoutSections({ sections, idPrefix = "" }: { sections: readonly Section[]; idPrefix?: string }) {
  return (
    <>
      {sections.map((section) => (
        <section key={section.id} aria-labelledby={`${idPrefix}${section.id}`}>
          <h2 id={`${idPrefix}${section.id}`}>{section.title}</h2>
          {section.paragraphs.map((p, i) => (
            <p key={i}>{p}</p>
          ))}
        </section>
      ))}
    </>
  );
}
