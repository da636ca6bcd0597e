/**
 * The one visibility rule of comment threads outside SQL (the store has it as SQL in `visibleTo`):
 * shared threads reach every member of the document's workspace, party threads only the members
 * of the thread's party, whatever their role. The HTTP routes, the rooms' event delivery and the
 * workspace event streams all ask here.
 */
import type { PartyKey } from '@trepart/shared'
import type { ThreadAudience } from '../pubsub/pubsub.js'

export function maySeeThread(
  member: { party: string },
  thread: { visibility: string; party: string },
): boolean {
  return thread.visibility === 'shared' || thread.party === member.party
}

/** Who may hear of a thread, as document events carry it. */
export function threadAudience(thread: { visibility: string; party: string }): ThreadAudience {
  return { visibility: thread.visibility === 'shared' ? 'shared' : 'party', party: thread.party as PartyKey }
}
