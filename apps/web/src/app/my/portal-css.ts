/** The patient pages' own rules: phone first (375 px), large touch targets, plain lists. */
export const portalCss = `
.portal { display: grid; gap: 1rem; }
.portal h1 { margin: 0.25rem 0 0; font-size: 1.5rem; }
.portal h2 { margin: 0 0 0.5rem; font-size: 1.15rem; }
.portal h3 { margin: 0.9rem 0 0.35rem; font-size: 1rem; }
.portal .card { padding: 1rem; }
.portal-list { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.5rem; }
.portal-list > li { display: grid; gap: 0.15rem; padding: 0.6rem 0; border-bottom: 1px solid var(--line); min-height: 44px; overflow-wrap: anywhere; }
.portal-list > li:last-child { border-bottom: none; }
.portal-link, .portal .btn { min-height: 44px; display: inline-flex; align-items: center; }
.portal-notice { margin: 0; }
.portal-summary { border-left: 3px solid var(--brand); padding-left: 0.75rem; margin-bottom: 0.75rem; }
.portal-request { border: 1px solid var(--warn); background: var(--warn-soft); border-radius: 8px; padding: 0.75rem; margin: 0.5rem 0; }
.portal-request p { margin: 0 0 0.5rem; }
.portal details > summary { min-height: 44px; display: flex; align-items: center; cursor: pointer; font-weight: 600; color: var(--brand); }
.portal-access .emergency { border-left: 3px solid var(--danger); padding-left: 0.6rem; }
`;
