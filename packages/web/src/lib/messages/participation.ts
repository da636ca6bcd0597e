/**
 * Messages of participation (likeverd, issue 16): the workspace's figures per party over a period,
 * and the extra figures of a document's balance in the comments panel (keys `participation.`).
 */
import { type Catalogs, registerMessages } from '../i18n/i18n.js'

const nb = {
  'participation.heading': 'Deltakelse',
  'participation.lead':
    'Hvor mye hver part har bidratt i perioden, så en skjevhet kan ses og tas opp. Tallene teller bare det du har tilgang til å se.',
  'participation.period': 'Periode',
  'participation.from': 'Fra',
  'participation.to': 'Til',
  'participation.show': 'Vis',
  'participation.loading': 'Laster tallene …',
  'participation.range': '{from} – {to}',
  'participation.measure.documents_initiated': 'Dokumenter tatt initiativ til',
  'participation.measure.edits': 'Endringer i tekst',
  'participation.measure.threads': 'Kommentartråder',
  'participation.measure.replies': 'Svar på kommentarer',
  'participation.measure.meetings_attended': 'Oppmøte i møter',
  'participation.measure.decisions_signed': 'Avgjørelser signert',
  'participation.chart_label': '{measure}: {figures}',
  'participation.figure': '{party} {count}',
  'participation.table.caption': 'Deltakelse per part, {range}',
  'participation.table.party': 'Part',
  'participation.doc.edits.one': '{count} endring',
  'participation.doc.edits.other': '{count} endringer',
  'participation.doc.decisions.one': '{count} avgjørelse',
  'participation.doc.decisions.other': '{count} avgjørelser',
}

const nn: typeof nb = {
  'participation.heading': 'Deltaking',
  'participation.lead':
    'Kor mykje kvar part har bidrege i perioden, så ei skeivheit kan sjåast og takast opp. Tala tel berre det du har tilgang til å sjå.',
  'participation.period': 'Periode',
  'participation.from': 'Frå',
  'participation.to': 'Til',
  'participation.show': 'Vis',
  'participation.loading': 'Lastar tala …',
  'participation.range': '{from} – {to}',
  'participation.measure.documents_initiated': 'Dokument teke initiativ til',
  'participation.measure.edits': 'Endringar i tekst',
  'participation.measure.threads': 'Kommentartrådar',
  'participation.measure.replies': 'Svar på kommentarar',
  'participation.measure.meetings_attended': 'Oppmøte i møte',
  'participation.measure.decisions_signed': 'Avgjerder signerte',
  'participation.chart_label': '{measure}: {figures}',
  'participation.figure': '{party} {count}',
  'participation.table.caption': 'Deltaking per part, {range}',
  'participation.table.party': 'Part',
  'participation.doc.edits.one': '{count} endring',
  'participation.doc.edits.other': '{count} endringar',
  'participation.doc.decisions.one': '{count} avgjerd',
  'participation.doc.decisions.other': '{count} avgjerder',
}

const en: typeof nb = {
  'participation.heading': 'Participation',
  'participation.lead':
    'How much each party contributed in the period, so an imbalance can be seen and talked about. The figures count only what you may see.',
  'participation.period': 'Period',
  'participation.from': 'From',
  'participation.to': 'To',
  'participation.show': 'Show',
  'participation.loading': 'Loading the figures …',
  'participation.range': '{from} – {to}',
  'participation.measure.documents_initiated': 'Documents initiated',
  'participation.measure.edits': 'Edits to text',
  'participation.measure.threads': 'Comment threads',
  'participation.measure.replies': 'Replies to comments',
  'participation.measure.meetings_attended': 'Meeting attendance',
  'participation.measure.decisions_signed': 'Decisions signed',
  'participation.chart_label': '{measure}: {figures}',
  'participation.figure': '{party} {count}',
  'participation.table.caption': 'Participation per party, {range}',
  'participation.table.party': 'Party',
  'participation.doc.edits.one': '{count} edit',
  'participation.doc.edits.other': '{count} edits',
  'participation.doc.decisions.one': '{count} decision',
  'participation.doc.decisions.other': '{count} decisions',
}

export const participationMessages: Catalogs = { nb, nn, en }
registerMessages(participationMessages)
