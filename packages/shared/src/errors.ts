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
  Internal: 'server.internal',
} as const
export type ErrorId = (typeof ErrorId)[keyof typeof ErrorId]
