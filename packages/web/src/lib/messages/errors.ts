/**
 * What an API error means to the user, keyed `errors.<the server's stable error id>` (`ErrorId` in
 * @trepart/shared; the type check below makes a new id without a text a compile error). The
 * server's English message is never shown.
 */
import type { ErrorId } from '@trepart/shared'
import { type Catalogs, registerMessages } from '../i18n/i18n.js'

type Key =
  | `errors.${ErrorId}`
  | 'errors.network'
  | 'errors.unknown'
  | 'errors.http'
  | `errors.throttled_seconds.${'one' | 'other'}`
  | `errors.throttled_minutes.${'one' | 'other'}`
  | 'errors.signup_not_signed_in'
type Messages = Record<Key, string>

const nb: Messages = {
  'errors.auth.unauthenticated': 'Du er ikke logget inn, eller økten er utløpt. Logg inn igjen.',
  'errors.auth.invalid_credentials': 'Feil e-postadresse eller passord.',
  'errors.auth.throttled': 'For mange mislykkede forsøk. Vent litt og prøv igjen.',
  'errors.auth.password_too_short': 'Passordet er for kort. Velg et lengre passord.',
  'errors.auth.setup_token_required':
    'Den første kontoen på denne serveren krever oppsettlenken. Den som driver serveren, finner koden i fila setup-token i datamappen og åpner /signup?setup=<koden>.',
  'errors.auth.signup_requires_invitation':
    'Du trenger en invitasjonslenke for å opprette en konto. Be en administrator i arbeidsrommet om en.',
  'errors.auth.wrong_password': 'Det nåværende passordet er feil.',
  'errors.auth.reset_invalid':
    'Lenken for nytt passord er ugyldig, allerede brukt eller utløpt. Be om en ny.',
  'errors.access.forbidden': 'Rollen din gir ikke lov til dette.',
  'errors.request.cross_site': 'Forespørselen ble avvist fordi den ikke kom fra Trepart.',
  'errors.not_found': 'Fant ikke det du lette etter, eller du har ikke tilgang til det.',
  'errors.request.invalid': 'Noe i skjemaet er ikke gyldig. Sjekk feltene og prøv igjen.',
  'errors.request.too_large': 'Det du sendte er for stort.',
  'errors.request.too_many_streams':
    'Du har for mange faner åpne mot Trepart. Lukk noen, så oppdateres listene igjen.',
  'errors.request.unsupported_media_type': 'Forespørselen hadde et format serveren ikke tar imot.',
  'errors.member.last_admin':
    'Et arbeidsrom må ha minst én administrator. Gjør en annen til administrator først.',
  'errors.workspace.creation_admins_only':
    'På denne serveren er det bare administratorene av serveren som oppretter arbeidsrom. Be en av dem om å opprette et og invitere deg.',
  'errors.invitation.expired': 'Invitasjonen har utløpt. Be om en ny.',
  'errors.invitation.used_up': 'Invitasjonen er allerede brukt. Be om en ny.',
  'errors.invitation.revoked': 'Invitasjonen er trukket tilbake.',
  'errors.invitation.already_member': 'Du er allerede medlem av dette arbeidsrommet.',
  'errors.thread.too_many_in_document':
    'Dokumentet har så mange kommentartråder som det kan ha. Bruk en eksisterende tråd i stedet.',
  'errors.comment.too_many_in_thread':
    'Tråden har så mange kommentarer som den kan ha. Start en ny tråd for å fortsette.',
  'errors.request.rate_limited': 'Du har gjort dette mange ganger på kort tid. Vent litt og prøv igjen.',
  'errors.request.write_timed_out':
    'Endringen ble ikke lagret fordi serveren har mye å gjøre akkurat nå. Prøv igjen om litt.',
  'errors.document.too_many_versions': 'Dokumentet har så mange versjoner som det kan ha.',
  'errors.meeting.wrong_status':
    'Møtet er ikke i riktig fase for dette (for eksempel allerede åpnet eller avsluttet).',
  'errors.meeting.not_chair': 'Bare møtelederen, referenten eller en administrator kan styre møtet.',
  'errors.meeting.invalid_person':
    'Møteleder og referent må være redaktører eller administratorer i arbeidsrommet.',
  'errors.meeting.too_many': 'Arbeidsrommet har så mange møter som det kan ha.',
  'errors.agenda.too_many': 'Sakslisten har så mange saker som den kan ha.',
  'errors.agenda.document_archived': 'Et arkivert dokument kan ikke settes på sakslisten.',
  'errors.agenda.no_round':
    'En sak kan bare føres som vedtatt når den viser til et dokument med en signeringsrunde.',
  'errors.signoff.no_signatory':
    'Alle parter må ha minst én som kan signere før en runde kan starte. En administrator kan gi det til et medlem under Medlemmer.',
  'errors.signoff.not_signatory': 'Bare den som kan signere for partiet ditt, kan ta stilling for det.',
  'errors.signoff.wrong_party': 'Du kan bare ta stilling for ditt eget parti.',
  'errors.signoff.stale_hash':
    'Teksten du tok stilling til, er ikke lenger den runden gjelder. Last siden på nytt og les den igjen.',
  'errors.signoff.round_not_open': 'Ingen runde er åpen på dette dokumentet.',
  'errors.signoff.note_required': 'Et forbehold eller en innsigelse må ha en begrunnelse.',
  'errors.followup.invalid_assignee': 'Den ansvarlige personen må være med i den ansvarlige parten.',
  'errors.followup.too_many': 'Vedtaket har så mange oppfølgingspunkter som det kan ha.',
  'errors.followup.too_many_notes': 'Oppfølgingspunktet har så mange notater som det kan ha.',
  'errors.participation.invalid_period': 'Perioden må slutte etter at den begynner, og være høyst ett år.',
  'errors.document.final': 'Dokumentet er endelig og kan ikke endres. Start en endring av det i stedet.',
  'errors.document.not_draft': 'En runde er allerede i gang på dette dokumentet.',
  'errors.document.not_final':
    'Bare et endelig dokument kan endres på denne måten. Rediger utkastet i stedet.',
  'errors.comment.rate_limited': 'Du har skrevet mange kommentarer på kort tid. Vent litt og prøv igjen.',
  'errors.comment.document_full':
    'Partiet ditt har skrevet så mange kommentarer i dette dokumentet som det kan. Skriv kortere, eller fortsett i et annet dokument.',
  'errors.comment.party_changed':
    'Kommentaren ble skrevet for partsgruppen du var i før, og kan ikke lenger endres av deg.',
  'errors.server.internal': 'Det oppstod en feil på serveren. Prøv igjen om litt.',
  'errors.network': 'Fikk ikke kontakt med serveren. Sjekk nettforbindelsen og prøv igjen.',
  'errors.unknown': 'Noe gikk galt. Last inn siden på nytt og prøv igjen.',
  'errors.http': 'Noe gikk galt (feil {code}). Prøv igjen.',
  'errors.throttled_seconds.one': 'For mange mislykkede forsøk. Prøv igjen om {count} sekund.',
  'errors.throttled_seconds.other': 'For mange mislykkede forsøk. Prøv igjen om {count} sekunder.',
  'errors.throttled_minutes.one': 'For mange mislykkede forsøk. Prøv igjen om {count} minutt.',
  'errors.throttled_minutes.other': 'For mange mislykkede forsøk. Prøv igjen om {count} minutter.',
  'errors.signup_not_signed_in':
    'Vi fikk ikke logget deg inn. Har du allerede en konto med denne e-postadressen, logg inn med passordet til den, eller be en administrator om en lenke for nytt passord.',
}

const nn: Messages = {
  'errors.auth.unauthenticated': 'Du er ikkje logga inn, eller økta har gått ut. Logg inn igjen.',
  'errors.auth.invalid_credentials': 'Feil e-postadresse eller passord.',
  'errors.auth.throttled': 'For mange mislukka forsøk. Vent litt og prøv igjen.',
  'errors.auth.password_too_short': 'Passordet er for kort. Vel eit lengre passord.',
  'errors.auth.setup_token_required':
    'Den første kontoen på denne tenaren krev oppsettlenka. Den som driv tenaren, finn koden i fila setup-token i datamappa og opnar /signup?setup=<koden>.',
  'errors.auth.signup_requires_invitation':
    'Du treng ei invitasjonslenke for å opprette ein konto. Be ein administrator i arbeidsrommet om ei.',
  'errors.auth.wrong_password': 'Det noverande passordet er feil.',
  'errors.auth.reset_invalid': 'Lenka for nytt passord er ugyldig, alt brukt eller gått ut. Be om ei ny.',
  'errors.access.forbidden': 'Rolla di gjev ikkje lov til dette.',
  'errors.request.cross_site': 'Førespurnaden vart avvist fordi han ikkje kom frå Trepart.',
  'errors.not_found': 'Fann ikkje det du leita etter, eller du har ikkje tilgang til det.',
  'errors.request.invalid': 'Noko i skjemaet er ikkje gyldig. Sjekk felta og prøv igjen.',
  'errors.request.too_large': 'Det du sende, er for stort.',
  'errors.request.too_many_streams':
    'Du har for mange faner opne mot Trepart. Lukk nokre, så blir listene oppdaterte att.',
  'errors.request.unsupported_media_type': 'Førespurnaden hadde eit format tenaren ikkje tek imot.',
  'errors.member.last_admin':
    'Eit arbeidsrom må ha minst éin administrator. Gjer ein annan til administrator først.',
  'errors.workspace.creation_admins_only':
    'På denne tenaren er det berre administratorane av tenaren som opprettar arbeidsrom. Be ein av dei om å opprette eitt og invitere deg.',
  'errors.invitation.expired': 'Invitasjonen har gått ut. Be om ein ny.',
  'errors.invitation.used_up': 'Invitasjonen er alt brukt. Be om ein ny.',
  'errors.invitation.revoked': 'Invitasjonen er trekt tilbake.',
  'errors.invitation.already_member': 'Du er alt medlem av dette arbeidsrommet.',
  'errors.thread.too_many_in_document':
    'Dokumentet har så mange kommentartrådar som det kan ha. Bruk ein eksisterande tråd i staden.',
  'errors.comment.too_many_in_thread':
    'Tråden har så mange kommentarar som han kan ha. Start ein ny tråd for å halde fram.',
  'errors.request.rate_limited': 'Du har gjort dette mange gonger på kort tid. Vent litt og prøv igjen.',
  'errors.request.write_timed_out':
    'Endringa vart ikkje lagra fordi tenaren har mykje å gjere akkurat no. Prøv igjen om litt.',
  'errors.document.too_many_versions': 'Dokumentet har så mange versjonar som det kan ha.',
  'errors.meeting.wrong_status': 'Møtet er ikkje i rett fase for dette (til dømes alt opna eller avslutta).',
  'errors.meeting.not_chair': 'Berre møteleiaren, referenten eller ein administrator kan styre møtet.',
  'errors.meeting.invalid_person':
    'Møteleiar og referent må vere redaktørar eller administratorar i arbeidsrommet.',
  'errors.meeting.too_many': 'Arbeidsrommet har så mange møte som det kan ha.',
  'errors.agenda.too_many': 'Sakslista har så mange saker som ho kan ha.',
  'errors.agenda.document_archived': 'Eit arkivert dokument kan ikkje setjast på sakslista.',
  'errors.agenda.no_round':
    'Ei sak kan berre førast som vedteken når ho viser til eit dokument med ein signeringsrunde.',
  'errors.signoff.no_signatory':
    'Alle partane må ha minst éin som kan signere før ein runde kan starte. Ein administrator kan gje det til eit medlem under Medlemer.',
  'errors.signoff.not_signatory': 'Berre den som kan signere for partiet ditt, kan ta stilling for det.',
  'errors.signoff.wrong_party': 'Du kan berre ta stilling for ditt eige parti.',
  'errors.signoff.stale_hash':
    'Teksten du tok stilling til, er ikkje lenger den runden gjeld. Last sida på nytt og les han igjen.',
  'errors.signoff.round_not_open': 'Ingen runde er open på dette dokumentet.',
  'errors.signoff.note_required': 'Eit atterhald eller ei innvending må ha ei grunngjeving.',
  'errors.followup.invalid_assignee': 'Den ansvarlege personen må vere med i den ansvarlege parten.',
  'errors.followup.too_many': 'Vedtaket har så mange oppfølgingspunkt som det kan ha.',
  'errors.followup.too_many_notes': 'Oppfølgingspunktet har så mange notat som det kan ha.',
  'errors.participation.invalid_period': 'Perioden må slutte etter at han byrjar, og vere høgst eitt år.',
  'errors.document.final': 'Dokumentet er endeleg og kan ikkje endrast. Start ei endring av det i staden.',
  'errors.document.not_draft': 'Ein runde er alt i gang på dette dokumentet.',
  'errors.document.not_final':
    'Berre eit endeleg dokument kan endrast på denne måten. Rediger utkastet i staden.',
  'errors.comment.rate_limited': 'Du har skrive mange kommentarar på kort tid. Vent litt og prøv igjen.',
  'errors.comment.document_full':
    'Partiet ditt har skrive så mange kommentarar i dette dokumentet som det kan. Skriv kortare, eller hald fram i eit anna dokument.',
  'errors.comment.party_changed':
    'Kommentaren vart skriven for partsgruppa du var i før, og kan ikkje lenger endrast av deg.',
  'errors.server.internal': 'Det oppstod ein feil på tenaren. Prøv igjen om litt.',
  'errors.network': 'Fekk ikkje kontakt med tenaren. Sjekk nettsambandet og prøv igjen.',
  'errors.unknown': 'Noko gjekk gale. Last inn sida på nytt og prøv igjen.',
  'errors.http': 'Noko gjekk gale (feil {code}). Prøv igjen.',
  'errors.throttled_seconds.one': 'For mange mislukka forsøk. Prøv igjen om {count} sekund.',
  'errors.throttled_seconds.other': 'For mange mislukka forsøk. Prøv igjen om {count} sekund.',
  'errors.throttled_minutes.one': 'For mange mislukka forsøk. Prøv igjen om {count} minutt.',
  'errors.throttled_minutes.other': 'For mange mislukka forsøk. Prøv igjen om {count} minutt.',
  'errors.signup_not_signed_in':
    'Vi fekk ikkje logga deg inn. Har du alt ein konto med denne e-postadressa, logg inn med passordet til han, eller be ein administrator om ei lenke for nytt passord.',
}

const en: Messages = {
  'errors.auth.unauthenticated': 'You are not signed in, or your session has expired. Sign in again.',
  'errors.auth.invalid_credentials': 'Wrong email address or password.',
  'errors.auth.throttled': 'Too many failed attempts. Wait a little and try again.',
  'errors.auth.password_too_short': 'The password is too short. Choose a longer one.',
  'errors.auth.setup_token_required':
    'The first account on this server needs its set-up link. Whoever runs the server finds the code in the file setup-token in its data folder and opens /signup?setup=<code>.',
  'errors.auth.signup_requires_invitation':
    'You need an invitation link to create an account. Ask an administrator of the workspace for one.',
  'errors.auth.wrong_password': 'The current password is wrong.',
  'errors.auth.reset_invalid':
    'The link for a new password is invalid, already used or expired. Ask for a new one.',
  'errors.access.forbidden': 'Your role does not allow this.',
  'errors.request.cross_site': 'The request was refused because it did not come from Trepart.',
  'errors.not_found': 'What you were looking for was not found, or you do not have access to it.',
  'errors.request.invalid': 'Something in the form is not valid. Check the fields and try again.',
  'errors.request.too_large': 'What you sent is too large.',
  'errors.request.too_many_streams':
    'You have too many tabs open on Trepart. Close some and the lists will update again.',
  'errors.request.unsupported_media_type': 'The request had a format the server does not accept.',
  'errors.member.last_admin':
    'A workspace needs at least one administrator. Make someone else an administrator first.',
  'errors.workspace.creation_admins_only':
    'On this server only its administrators create workspaces. Ask one of them to create one and invite you.',
  'errors.invitation.expired': 'The invitation has expired. Ask for a new one.',
  'errors.invitation.used_up': 'The invitation has already been used. Ask for a new one.',
  'errors.invitation.revoked': 'The invitation has been withdrawn.',
  'errors.invitation.already_member': 'You are already a member of this workspace.',
  'errors.thread.too_many_in_document':
    'This document has as many comment threads as it can hold. Use an existing thread instead.',
  'errors.comment.too_many_in_thread':
    'This thread has as many comments as it can hold. Start a new thread to continue.',
  'errors.request.rate_limited':
    'You have done this many times in a short while. Wait a moment and try again.',
  'errors.request.write_timed_out':
    'Your change was not saved because the server is busy right now. Try again in a moment.',
  'errors.document.too_many_versions': 'This document holds as many versions as it can.',
  'errors.meeting.wrong_status':
    'The meeting is not at the stage this needs (for example, already opened or closed).',
  'errors.meeting.not_chair': 'Only the chair, the secretary or an admin runs the meeting.',
  'errors.meeting.invalid_person': 'The chair and the secretary must be editors or admins of the workspace.',
  'errors.meeting.too_many': 'This workspace holds as many meetings as it can.',
  'errors.agenda.too_many': 'This agenda holds as many items as it can.',
  'errors.agenda.document_archived': 'An archived document cannot be put on the agenda.',
  'errors.agenda.no_round':
    'An item can be recorded as decided only when it links a document with a sign-off round.',
  'errors.signoff.no_signatory':
    'Every party needs at least one signatory before a round can start. An administrator can make a member one under Members.',
  'errors.signoff.not_signatory': 'Only a signatory of your party can decide for it.',
  'errors.signoff.wrong_party': 'You can decide for your own party only.',
  'errors.signoff.stale_hash':
    'The text you decided on is no longer the one the round is about. Reload the page and read it again.',
  'errors.signoff.round_not_open': 'No round is open on this document.',
  'errors.signoff.note_required': 'A reservation or an objection needs a note saying why.',
  'errors.followup.invalid_assignee': 'The responsible person must be a member of the responsible party.',
  'errors.followup.too_many': 'The decision has as many follow-up items as it can have.',
  'errors.followup.too_many_notes': 'The follow-up item has as many notes as it can have.',
  'errors.participation.invalid_period': 'The period must end after it starts and be a year at most.',
  'errors.document.final': 'The document is final and cannot change. Start an amendment of it instead.',
  'errors.document.not_draft': 'A round is already under way on this document.',
  'errors.document.not_final': 'Only a final document can be amended this way. Edit the draft instead.',
  'errors.comment.rate_limited':
    'You have written many comments in a short time. Wait a moment and try again.',
  'errors.comment.document_full':
    'Your party has written as many comments on this document as it can. Write shorter, or continue in another document.',
  'errors.comment.party_changed':
    'This comment was written for the party you were in before, so you can no longer edit it.',
  'errors.server.internal': 'Something went wrong on the server. Try again in a little while.',
  'errors.network': 'Could not reach the server. Check your network connection and try again.',
  'errors.unknown': 'Something went wrong. Reload the page and try again.',
  'errors.http': 'Something went wrong (error {code}). Try again.',
  'errors.throttled_seconds.one': 'Too many failed attempts. Try again in {count} second.',
  'errors.throttled_seconds.other': 'Too many failed attempts. Try again in {count} seconds.',
  'errors.throttled_minutes.one': 'Too many failed attempts. Try again in {count} minute.',
  'errors.throttled_minutes.other': 'Too many failed attempts. Try again in {count} minutes.',
  'errors.signup_not_signed_in':
    'We could not sign you in. If you already have an account with this email address, sign in with its password, or ask an administrator for a link to set a new one.',
}

export const errorCatalog: Catalogs = { nb, nn, en }
registerMessages(errorCatalog)
