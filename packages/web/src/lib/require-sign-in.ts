/** Loading a signed-in page: a 401 sends the user to the sign-in page, which brings them back here. */
import { loginPath, navigate } from '../router.js'
import { isStatus } from './api.js'

/** Runs `load`; on 401 goes to `/login?next=<this page>` and resolves to undefined. */
export async function orSignIn<T>(load: () => Promise<T>): Promise<T | undefined> {
  try {
    return await load()
  } catch (error) {
    if (!isStatus(error, 401)) throw error
    navigate(loginPath(), { replace: true })
    return undefined
  }
}
