/**
 * What each websocket close code means, in Norwegian Bokmål, keyed by the code's stable id from
 * `@trepart/shared` (so server and web app never disagree on numbers).
 */
import { closeCodeId } from '@trepart/shared'

/** Every id in `closeCodeId` has an entry (checked by close-messages.test.ts). */
export const closeMessages: Readonly<Record<string, string>> = {
  'collab.going_away': 'Serveren starter på nytt',
  'collab.session_replaced': 'Økten er fornyet, kobler til på nytt',
  'collab.message_too_big': 'Endringen er for stor til å sendes',
  'collab.protocol_error': 'Tilkoblingen ble avvist',
  'collab.unauthorized': 'Økten er utløpt – logg inn igjen',
  'collab.forbidden': 'Du har ikke lov til å gjøre dette',
  'collab.not_found': 'Dokumentet finnes ikke eller du har ikke tilgang',
  'collab.removed': 'Du er fjernet fra arbeidsområdet',
  'collab.document_too_large': 'Dokumentet er for stort',
  'collab.storage_unavailable': 'Lagringen er midlertidig utilgjengelig',
  'collab.load_failed': 'Dokumentet kunne ikke lastes',
  'collab.room_full': 'For mange er koblet til dokumentet akkurat nå',
  'collab.internal_error': 'Det oppstod en feil på serveren',
}

/** The user-facing meaning of a close code, or a generic text naming the code. */
export function closeMessage(code: number): string {
  const id = (closeCodeId as Record<number, string | undefined>)[code]
  return (id && closeMessages[id]) || `Tilkoblingen ble lukket (kode ${code})`
}
