/**
 * What an API error means to the user, in Norwegian Bokmål, keyed by the server's stable error id
 * (`ErrorId` in @trepart/shared). The server's English message is never shown.
 */
import { ErrorId } from '@trepart/shared'
import { ApiError, NETWORK_ERROR } from './api.js'

/** Every value of `ErrorId` has an entry (checked by error-messages.test.ts). */
export const errorMessages: Readonly<Record<string, string>> = {
  [ErrorId.Unauthenticated]: 'Du er ikke logget inn, eller økten er utløpt. Logg inn igjen.',
  [ErrorId.InvalidCredentials]: 'Feil e-postadresse eller passord.',
  [ErrorId.Throttled]: 'For mange mislykkede forsøk. Vent litt og prøv igjen.',
  [ErrorId.PasswordTooShort]: 'Passordet er for kort. Velg et lengre passord.',
  [ErrorId.EmailTaken]: 'Det finnes allerede en konto med denne e-postadressen. Logg inn i stedet.',
  [ErrorId.SignupClosed]:
    'Du trenger en invitasjonslenke for å opprette en konto. Be en administrator i arbeidsrommet om en.',
  [ErrorId.WrongPassword]: 'Det nåværende passordet er feil.',
  [ErrorId.ResetInvalid]: 'Lenken for nytt passord er ugyldig, allerede brukt eller utløpt. Be om en ny.',
  [ErrorId.Forbidden]: 'Rollen din gir ikke lov til dette.',
  [ErrorId.CrossSite]: 'Forespørselen ble avvist fordi den ikke kom fra Trepart.',
  [ErrorId.NotFound]: 'Fant ikke det du lette etter, eller du har ikke tilgang til det.',
  [ErrorId.Invalid]: 'Noe i skjemaet er ikke gyldig. Sjekk feltene og prøv igjen.',
  [ErrorId.TooLarge]: 'Det du sendte er for stort.',
  [ErrorId.UnsupportedMediaType]: 'Forespørselen hadde et format serveren ikke tar imot.',
  [ErrorId.LastAdmin]: 'Et arbeidsrom må ha minst én administrator.',
  [ErrorId.InvitationExpired]: 'Invitasjonen har utløpt. Be om en ny.',
  [ErrorId.InvitationUsedUp]: 'Invitasjonen er allerede brukt. Be om en ny.',
  [ErrorId.InvitationRevoked]: 'Invitasjonen er trukket tilbake.',
  [ErrorId.AlreadyMember]: 'Du er allerede medlem av dette arbeidsrommet.',
  [ErrorId.Internal]: 'Det oppstod en feil på serveren. Prøv igjen om litt.',
  [NETWORK_ERROR]: 'Fikk ikke kontakt med serveren. Sjekk nettforbindelsen og prøv igjen.',
}

/** The user-facing text for any error a page caught. */
export function errorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Noe gikk galt. Last inn siden på nytt og prøv igjen.'
  const text = errorMessages[error.id] ?? `Noe gikk galt (feil ${error.status || error.id}). Prøv igjen.`
  if (error.id === ErrorId.Throttled && error.retryAfterSeconds !== null) {
    const seconds = Math.max(1, error.retryAfterSeconds)
    const wait = seconds < 120 ? `${seconds} sekunder` : `${Math.ceil(seconds / 60)} minutter`
    return `For mange mislykkede forsøk. Prøv igjen om ${wait}.`
  }
  return text
}
