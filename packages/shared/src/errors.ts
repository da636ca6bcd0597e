/**
 * Stable error ids of the HTTP API. The web app maps each to a message in the user's language;
 * the server pairs each with a status and an English message.
 */
export const ErrorId = {
  Unauthenticated: 'auth.unauthenticated',
  InvalidCredentials: 'auth.invalid_credentials',
  Throttled: 'auth.throttled',
  PasswordTooShort: 'auth.password_too_short',
  SignupClosed: 'auth.signup_requires_invitation',
  /** The first sign-up on an instance reachable from a network needs the set-up token it printed. */
  SetupTokenRequired: 'auth.setup_token_required',
  WrongPassword: 'auth.wrong_password',
  ResetInvalid: 'auth.reset_invalid',
  Forbidden: 'access.forbidden',
  CrossSite: 'request.cross_site',
  NotFound: 'not_found',
  Invalid: 'request.invalid',
  TooLarge: 'request.too_large',
  /** This session or user holds as many event streams as it may (tabs left open); retried later. */
  TooManyStreams: 'request.too_many_streams',
  UnsupportedMediaType: 'request.unsupported_media_type',
  LastAdmin: 'member.last_admin',
  /** `WORKSPACE_CREATION=admins`: only instance admins create workspaces. */
  WorkspaceCreationAdminsOnly: 'workspace.creation_admins_only',
  InvitationExpired: 'invitation.expired',
  InvitationUsedUp: 'invitation.used_up',
  InvitationRevoked: 'invitation.revoked',
  AlreadyMember: 'invitation.already_member',
  /** The writer's party has started MAX_THREADS_PER_DOCUMENT threads on the document; it can start no more. */
  TooManyThreads: 'thread.too_many_in_document',
  /** The thread holds MAX_COMMENTS_PER_THREAD comments; no more replies (start a new thread). */
  TooManyComments: 'comment.too_many_in_thread',
  /**
   * The writer's party has written MAX_COMMENTS_PER_DOCUMENT comments or MAX_COMMENT_CHARS_PER_DOCUMENT
   * characters of them on the document; no more (or longer) comments of that party fit on it.
   */
  DocumentDiscussionFull: 'comment.document_full',
  /** The user has made as many comment writes as they may for now; Retry-After says when to try again. */
  CommentRateLimited: 'comment.rate_limited',
  /** The comment was written for the author's former party; editing it would keep that label. */
  CommentPartyChanged: 'comment.party_changed',
  /** Too many costly document actions (sign-off steps, versions, diffs, exports) for now; Retry-After says when. */
  RateLimited: 'request.rate_limited',
  /**
   * The write waited as long as it may for the writes before it on the same thing (a document's
   * discussion) and was not made; Retry-After says when to try again.
   */
  WriteTimedOut: 'request.write_timed_out',
  /** The document holds MAX_VERSIONS_PER_DOCUMENT versions; no more can be saved. */
  TooManyVersions: 'document.too_many_versions',
  /** A round needs a signatory in every party; the message names the parties without one. */
  NoSignatory: 'signoff.no_signatory',
  /** Only the party's signatories decide for it. */
  NotSignatory: 'signoff.not_signatory',
  /** A decision names another party than the signatory's own. */
  WrongParty: 'signoff.wrong_party',
  /** The decision names another content hash than the round's (the text changed, or another round). */
  StaleHash: 'signoff.stale_hash',
  /** No round is open on the document (none started, or it ended). */
  RoundNotOpen: 'signoff.round_not_open',
  /** A reservation or objection needs a note saying what it is. */
  NoteRequired: 'signoff.note_required',
  /** The document is final: it never changes again (start an amendment instead). */
  DocumentFinal: 'document.final',
  /** A round is open on the document already, or it is not a draft. */
  NotDraft: 'document.not_draft',
  /** Only a final document can be amended. */
  NotFinal: 'document.not_final',
  /** The meeting is not in the status this needs (opening an open one, changing a closed one, a current item while not open). */
  MeetingWrongStatus: 'meeting.wrong_status',
  /** Only the meeting's chair or secretary (or a workspace admin) runs the meeting. */
  MeetingNotChair: 'meeting.not_chair',
  /** A chair or secretary must be an editor or admin of the workspace. */
  MeetingInvalidPerson: 'meeting.invalid_person',
  /** The workspace holds MAX_MEETINGS_PER_WORKSPACE meetings; no more can be made. */
  TooManyMeetings: 'meeting.too_many',
  /** The meeting's agenda holds MAX_AGENDA_ITEMS_PER_MEETING items; no more can be added. */
  TooManyAgendaItems: 'agenda.too_many',
  /** An agenda item cannot link an archived document. */
  AgendaDocumentArchived: 'agenda.document_archived',
  /** `decided` needs the item to link a document with a sign-off round. */
  AgendaNoRound: 'agenda.no_round',
  /** A follow-up's assignee must be a member of its responsible party. */
  FollowUpInvalidAssignee: 'followup.invalid_assignee',
  /** The decision holds MAX_FOLLOW_UPS_PER_DOCUMENT follow-up items; no more can be added. */
  TooManyFollowUps: 'followup.too_many',
  /** The follow-up item's history holds MAX_NOTES_PER_FOLLOW_UP notes; no more can be added. */
  TooManyFollowUpNotes: 'followup.too_many_notes',
  /** A participation period that ends before it starts, or is longer than 366 days. */
  InvalidPeriod: 'participation.invalid_period',
  Internal: 'server.internal',
} as const
export type ErrorId = (typeof ErrorId)[keyof typeof ErrorId]
