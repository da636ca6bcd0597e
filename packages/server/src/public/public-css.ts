/**
 * The public pages' stylesheet, served as a file (`/p/assets/public.css`): the strict CSP allows
 * no inline style. Readable on a phone and a projector, AA contrast, party colours always beside
 * the party's name, and print styles that make a proper document (no language switch, links
 * written out).
 */
export const PUBLIC_CSS = `
:root { color-scheme: light; --text: #1b1b1b; --muted: #4a4a4a; --border: #c8c8c8; --accent: #0b5cad; }
* { box-sizing: border-box; }
body { margin: 0; font: 1.0625rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--text); background: #fff; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; }
header.site { display: flex; justify-content: space-between; align-items: center; gap: 1rem; flex-wrap: wrap; padding: .5rem 1rem; border-bottom: 1px solid var(--border); }
header.site .product { font-weight: 700; }
nav.languages ul { display: flex; gap: .75rem; list-style: none; margin: 0; padding: 0; }
nav.languages a { color: var(--accent); } nav.languages a[aria-current] { color: var(--text); font-weight: 700; text-decoration: none; }
main { max-width: 44rem; margin: 0 auto; padding: 1rem 1rem 4rem; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: 1rem 0 .25rem; }
.facts { color: var(--muted); margin: 0 0 1rem; }
.banner { border: 2px solid; border-radius: .375rem; padding: .5rem .75rem; margin: 1rem 0; font-weight: 600; }
.banner.draft, .banner.in_review { border-color: #8a5a00; background: #fff7e6; }
.banner.final { border-color: #1d6b2f; background: #eef8f0; }
article { white-space: pre-wrap; } /* spaces as written, as in the editor */
article a { color: var(--accent); }
article blockquote { margin: 1rem 0; padding-left: 1rem; border-left: 4px solid var(--border); color: var(--muted); }
.table-scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid var(--border); padding: .25rem .5rem; vertical-align: top; text-align: left; }
th p, td p { margin: 0; }
ul.task-list { list-style: none; padding-left: 0; }
.task-item { display: flex; gap: .5rem; } .task-item p { margin: 0; } .task-state { font-size: 1.1em; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
section.record { margin-top: 2.5rem; border-top: 2px solid var(--border); }
section.record td.note { white-space: pre-wrap; }
.party { display: inline-flex; align-items: center; gap: .375rem; }
.party::before { content: ""; width: .75rem; height: .75rem; border-radius: 50%; background: var(--party); }
.party.politicians { --party: #8E4472; } .party.administration { --party: #0072B2; } .party.employees { --party: #B24E00; }
code.hash { word-break: break-all; font-size: .9rem; }
footer { color: var(--muted); font-size: .875rem; margin-top: 3rem; }
ol.entries { list-style: none; margin: 1.5rem 0; padding: 0; }
ol.entries > li { border-top: 1px solid var(--border); padding: .75rem 0; }
ol.entries h2 { font-size: 1.25rem; line-height: 1.3; margin: 0 0 .25rem; }
ol.entries a { color: var(--accent); }
ol.entries p { margin: .25rem 0; }
@media print {
  header.site, nav.languages, .skip, .downloads { display: none; }
  main { max-width: none; padding: 0; }
  body { font-size: 11pt; }
  article a[href]::after { content: " (" attr(href) ")"; font-size: .85em; }
  .banner { background: none; }
}
`
