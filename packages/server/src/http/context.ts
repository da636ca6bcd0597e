/** Typed Hono context variables, so `c.var.auth` and `c.var.member` are typed everywhere. */
import type { ValidSession } from '../auth/sessions.js'
import type { DocumentRow } from '../store/documents.js'
import type { MeetingRow } from '../store/meetings.js'
import type { MemberRow } from '../store/memberships.js'
import type { CommentWithAuthor, ThreadWithNames } from '../store/threads.js'

export interface AppEnv {
  Variables: {
    requestId: string
    auth: ValidSession | null
    /** Set by `requireMember`. */
    member: MemberRow
    /** Set by `requireMember('document', …)`. */
    document: DocumentRow & { creator_name: string }
    /** Set by `requireThreadRole` and `requireCommentRole`: a thread the member may see. */
    thread: ThreadWithNames
    /** Set by `requireCommentRole`: a comment, not deleted, of a thread the member may see. */
    comment: CommentWithAuthor
    /** Set by `requireMeetingRole`: a meeting of a workspace the caller is a member of. */
    meeting: MeetingRow
  }
}
