/**
 * The words of the public pages, in Bokmål, Nynorsk and English, and how a page picks its
 * language: `?lang=` when a reader chose one, else the first of `Accept-Language` we speak, else
 * Bokmål. Rendered on the server (the pages need no JavaScript), so they live here and not in the
 * web app's catalogs.
 */
import { type DocumentStatus, LOCALES, type Locale, type PartyKey } from '@trepart/shared'

const nb = {
  languageName: 'Bokmål',
  skip: 'Hopp til innholdet',
  language: 'Språk',
  draftBanner: 'Utkast – ikke vedtatt. Teksten kan endres, og partene har ikke sluttet seg til den.',
  reviewBanner: 'Til behandling – ikke vedtatt ennå. Partene tar stilling til denne teksten nå.',
  finalBanner: 'Vedtatt. Alle partene har godkjent nøyaktig denne teksten.',
  kind: { proposal: 'Forslag', decision: 'Vedtak', minutes: 'Referat' },
  record: 'Vedtaksprotokoll',
  party: 'Part',
  decidedBy: 'Tatt stilling av',
  decision: 'Standpunkt',
  when: 'Tidspunkt',
  approve: 'Godkjent',
  approve_with_reservation: 'Godkjent med forbehold',
  object: 'Innsigelse',
  reservation: 'Forbehold',
  contentHash: 'Innholdets fingeravtrykk (SHA-256)',
  hashHowTo:
    'Slik kontrollerer du at teksten er den partene godkjente: last ned teksten som JSON og beregn SHA-256 av filen (for eksempel med «sha256sum»). Resultatet skal være fingeravtrykket over.',
  downloadJson: 'Last ned teksten som JSON',
  amends: 'Dette dokumentet endrer',
  amendedBy: 'Endret av',
  statusWord: { draft: 'utkast', in_review: 'til behandling', final: 'vedtatt' },
  exports: 'Last ned',
  notFoundTitle: 'Siden finnes ikke',
  notFoundBody: 'Lenken er feil, eller siden er ikke lenger delt.',
  done: 'Gjort',
  notDone: 'Ikke gjort',
  parties: {
    politicians: 'Folkevalgte',
    administration: 'Administrasjonen',
    employees: 'Ansatte og tillitsvalgte',
  },
  publishedWith: 'Publisert med Trepart',
  // The workspace's public index (/p/w/<slug>) and its Atom feed.
  indexTitle: 'Publiserte vedtak',
  indexIntro: 'Tekster som alle partene har godkjent og som er delt offentlig, nyeste først.',
  indexEmpty: 'Ingen vedtak er publisert her ennå.',
  indexCapped: 'Viser de {count} nyeste.',
  decidedOn: 'Vedtatt',
  feedLink: 'Følg med i en nyhetsleser (Atom-feed)',
  // A final decision's follow-up items (issue 16).
  followUps: 'Oppfølging',
  followUpWhat: 'Hva skal gjøres',
  followUpParty: 'Ansvarlig part',
  followUpDue: 'Frist',
  followUpStatus: 'Status',
  followUpStatusWord: {
    not_started: 'Ikke startet',
    in_progress: 'Pågår',
    done: 'Ferdig',
    blocked: 'Stoppet opp',
  },
  overdue: 'Forsinket',
}

type Messages = typeof nb

const nn: Messages = {
  languageName: 'Nynorsk',
  skip: 'Hopp til innhaldet',
  language: 'Språk',
  draftBanner: 'Utkast – ikkje vedteke. Teksten kan endrast, og partane har ikkje slutta seg til han.',
  reviewBanner: 'Til handsaming – ikkje vedteke enno. Partane tek stilling til denne teksten no.',
  finalBanner: 'Vedteke. Alle partane har godkjent nøyaktig denne teksten.',
  kind: { proposal: 'Forslag', decision: 'Vedtak', minutes: 'Referat' },
  record: 'Vedtaksprotokoll',
  party: 'Part',
  decidedBy: 'Teke stilling av',
  decision: 'Standpunkt',
  when: 'Tidspunkt',
  approve: 'Godkjent',
  approve_with_reservation: 'Godkjent med atterhald',
  object: 'Innvending',
  reservation: 'Atterhald',
  contentHash: 'Fingeravtrykket til innhaldet (SHA-256)',
  hashHowTo:
    'Slik kontrollerer du at teksten er den partane godkjende: last ned teksten som JSON og rekn ut SHA-256 av fila (til dømes med «sha256sum»). Resultatet skal vere fingeravtrykket over.',
  downloadJson: 'Last ned teksten som JSON',
  amends: 'Dette dokumentet endrar',
  amendedBy: 'Endra av',
  statusWord: { draft: 'utkast', in_review: 'til handsaming', final: 'vedteke' },
  exports: 'Last ned',
  notFoundTitle: 'Sida finst ikkje',
  notFoundBody: 'Lenkja er feil, eller sida er ikkje lenger delt.',
  done: 'Gjort',
  notDone: 'Ikkje gjort',
  parties: {
    politicians: 'Folkevalde',
    administration: 'Administrasjonen',
    employees: 'Tilsette og tillitsvalde',
  },
  publishedWith: 'Publisert med Trepart',
  // The workspace's public index (/p/w/<slug>) and its Atom feed.
  indexTitle: 'Publiserte vedtak',
  indexIntro: 'Tekstar som alle partane har godkjent og som er delte offentleg, nyaste først.',
  indexEmpty: 'Ingen vedtak er publiserte her enno.',
  indexCapped: 'Viser dei {count} nyaste.',
  decidedOn: 'Vedteke',
  feedLink: 'Følg med i ein nyheitslesar (Atom-feed)',
  // A final decision's follow-up items (issue 16).
  followUps: 'Oppfølging',
  followUpWhat: 'Kva skal gjerast',
  followUpParty: 'Ansvarleg part',
  followUpDue: 'Frist',
  followUpStatus: 'Status',
  followUpStatusWord: {
    not_started: 'Ikkje starta',
    in_progress: 'Pågår',
    done: 'Ferdig',
    blocked: 'Stoppa opp',
  },
  overdue: 'Forseinka',
}

const en: Messages = {
  languageName: 'English',
  skip: 'Skip to content',
  language: 'Language',
  draftBanner: 'Draft – not agreed. The text may change, and the parties have not agreed to it.',
  reviewBanner: 'Under review – not agreed yet. The parties are deciding on this text now.',
  finalBanner: 'Agreed. Every party approved exactly this text.',
  kind: { proposal: 'Proposal', decision: 'Decision', minutes: 'Minutes' },
  record: 'Decision record',
  party: 'Party',
  decidedBy: 'Decided by',
  decision: 'Decision',
  when: 'When',
  approve: 'Approved',
  approve_with_reservation: 'Approved with a reservation',
  object: 'Objection',
  reservation: 'Reservation',
  contentHash: 'Fingerprint of the content (SHA-256)',
  hashHowTo:
    'To check that this is the text the parties approved: download the text as JSON and compute the SHA-256 of the file (for example with “sha256sum”). The result must be the fingerprint above.',
  downloadJson: 'Download the text as JSON',
  amends: 'This document amends',
  amendedBy: 'Amended by',
  statusWord: { draft: 'draft', in_review: 'under review', final: 'agreed' },
  exports: 'Download',
  notFoundTitle: 'Page not found',
  notFoundBody: 'The link is wrong, or the page is no longer shared.',
  done: 'Done',
  notDone: 'Not done',
  parties: {
    politicians: 'Elected politicians',
    administration: 'Administration',
    employees: 'Employees and unions',
  },
  publishedWith: 'Published with Trepart',
  // The workspace's public index (/p/w/<slug>) and its Atom feed.
  indexTitle: 'Published decisions',
  indexIntro: 'Texts every party approved and that are shared publicly, newest first.',
  indexEmpty: 'No decisions are published here yet.',
  indexCapped: 'Showing the newest {count}.',
  decidedOn: 'Agreed',
  feedLink: 'Follow in a feed reader (Atom feed)',
  // A final decision's follow-up items (issue 16).
  followUps: 'Follow-up',
  followUpWhat: 'What is to be done',
  followUpParty: 'Responsible party',
  followUpDue: 'Due',
  followUpStatus: 'Status',
  followUpStatusWord: {
    not_started: 'Not started',
    in_progress: 'In progress',
    done: 'Done',
    blocked: 'Blocked',
  },
  overdue: 'Overdue',
}

export const PUBLIC_MESSAGES: Record<Locale, Messages> = { nb, nn, en }
export type PublicMessages = Messages

/** The page's language: a chosen `lang`, else Accept-Language (q-values honoured), else Bokmål. */
export function pickLocale(chosen: string | undefined, acceptLanguage: string | undefined): Locale {
  if (chosen && (LOCALES as readonly string[]).includes(chosen)) return chosen as Locale
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';')
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? '1',
      )
      return { tag, q: Number.isFinite(q) ? q : 0, i }
    })
    .filter((r) => r.tag && r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
  for (const { tag } of ranked) {
    const base = tag.split('-')[0]
    if (base === 'nn') return 'nn'
    if (base === 'nb' || base === 'no') return 'nb'
    if (base === 'en') return 'en'
  }
  return 'nb'
}

export const partyName = (m: Messages, party: string) => m.parties[party as PartyKey] ?? party

/** The line that says what a published text is: agreed, in review, or a draft not agreed. */
export function statusBanner(m: PublicMessages, status: DocumentStatus): string {
  return status === 'final' ? m.finalBanner : status === 'in_review' ? m.reviewBanner : m.draftBanner
}
