/**
 * Messages of following another person inside a document (issue 16): the "Follow" button in the
 * presence list and the "Following …" indicator (keys `following.`).
 */
import { type Catalogs, registerMessages } from '../i18n/i18n.js'

const nb = {
  'following.follow': 'Følg',
  'following.follow_label': 'Følg {name} i teksten',
  'following.indicator': 'Du følger {name}',
  'following.stop': 'Slutt å følge',
  'following.hint': 'Esc, rulling eller skriving avslutter.',
  'following.started': 'Du følger nå {name} ({party}).',
  'following.stopped': 'Du følger ikke lenger {name}.',
  'following.left': '{name} har gått ut av dokumentet. Du følger ikke lenger.',
}

const nn: typeof nb = {
  'following.follow': 'Følg',
  'following.follow_label': 'Følg {name} i teksten',
  'following.indicator': 'Du følgjer {name}',
  'following.stop': 'Slutt å følgje',
  'following.hint': 'Esc, rulling eller skriving avsluttar.',
  'following.started': 'Du følgjer no {name} ({party}).',
  'following.stopped': 'Du følgjer ikkje lenger {name}.',
  'following.left': '{name} har gått ut av dokumentet. Du følgjer ikkje lenger.',
}

const en: typeof nb = {
  'following.follow': 'Follow',
  'following.follow_label': 'Follow {name} in the text',
  'following.indicator': 'Following {name}',
  'following.stop': 'Stop following',
  'following.hint': 'Escape, scrolling or typing stops it.',
  'following.started': 'You are now following {name} ({party}).',
  'following.stopped': 'You are no longer following {name}.',
  'following.left': '{name} has left the document. You are no longer following.',
}

export const followingMessages: Catalogs = { nb, nn, en }
registerMessages(followingMessages)
