/**
 * Logging out: the server ends the session, then this browser forgets the user and wipes what it
 * kept (unsent edits, cached documents), so nothing outlives the session on a shared computer, and
 * goes to the sign-in page. A 401 means the session had already ended, which is what was wanted;
 * any other failure is thrown for the caller to show, with nothing wiped.
 */
import { wipeLocalData } from '../offline/local-data.js'
import { navigate } from '../router.js'
import { api, isStatus } from './api.js'
import { forgetUser } from './session.js'

export async function logOut(): Promise<void> {
  try {
    await api.logout()
  } catch (error) {
    if (!isStatus(error, 401)) throw error
  }
  forgetUser()
  await wipeLocalData()
  navigate('/login')
}
