/**
 * Who is signed in, as far as this tab knows, and how the interface language meets the account's.
 *
 * The language rule (also in the README):
 * 1. Signed out, the language is the one last used in this browser, else the browser's own.
 * 2. Switching language while signed in saves it to the account (`PATCH /api/me {locale}`).
 * 3. Switching while signed out is remembered as not yet saved; the next sign-in (or sign-up, or
 *    any page that loads `/api/me`) saves it to the account, because it is the newer choice.
 * 4. Otherwise a signed-in page adopts the account's saved language (`user.locale`), so the choice
 *    follows the person to another browser.
 * 5. Sign-up sends the language in use (the browser's, or the one picked on the page) with the new
 *    account: the server would otherwise start it at `nb`, which would override an English or
 *    Nynorsk browser at the sign-in that follows. (Sign-up answers the same for a taken email, so
 *    an existing account keeps its own language, adopted at that sign-in by rule 4.)
 */
import { createSignal } from 'solid-js'
import { api, type MyWorkspace, type User } from './api.js'
import { type Locale, locale, setLocale } from './i18n/i18n.js'

const UNSAVED_KEY = 'trepart.locale.unsaved'

const [user, setUser] = createSignal<User | null>(null)
/** The signed-in user once a page has asked the server, else null. */
export const currentUser = user

function unsavedChoice(): boolean {
  return typeof localStorage !== 'undefined' && localStorage.getItem(UNSAVED_KEY) === '1'
}

function markUnsaved(unsaved: boolean): void {
  if (typeof localStorage === 'undefined') return
  if (unsaved) localStorage.setItem(UNSAVED_KEY, '1')
  else localStorage.removeItem(UNSAVED_KEY)
}

/** Save the language in use to the account; failures only leave it marked unsaved for next time. */
async function saveLocale(next: Locale): Promise<void> {
  try {
    const { user: updated } = await api.updateMe({ locale: next })
    setUser(updated)
    if (locale() === next) markUnsaved(false)
  } catch {
    markUnsaved(true)
  }
}

/**
 * A user the server just named (sign-in, `/api/me`): adopt their saved language, or save ours if the
 * user chose one here while signed out.
 */
export function adoptUser(signedIn: User): void {
  setUser(signedIn)
  if (unsavedChoice()) {
    if (signedIn.locale !== locale()) void saveLocale(locale())
    else markUnsaved(false)
  } else if (signedIn.locale !== locale()) {
    setLocale(signedIn.locale)
  }
}

/** `GET /api/me`, adopting the user (and their language) on the way. */
export async function loadMe(): Promise<{ user: User; workspaces: MyWorkspace[] }> {
  const me = await api.me()
  adoptUser(me.user)
  return me
}

/** The language switcher: switch now, and save it to the account when signed in. */
export function chooseLocale(next: Locale, signedIn = user() !== null): void {
  setLocale(next)
  if (signedIn) void saveLocale(next)
  else markUnsaved(true)
}

/** After logout: forget the user (the language stays as it is in this browser). */
export function forgetUser(): void {
  setUser(null)
}

/** After a change of name on the account page. */
export function updateCurrentUser(updated: User): void {
  setUser(updated)
}
