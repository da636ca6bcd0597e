/**
 * A list of follow-up items as a page shows it (issue 16): fetched on demand, the latest fetch
 * winning, and reconciled by id, so a changed item stays the same object and its card (a form open
 * in it, and the focus) is kept when the list is fetched again after anyone's change.
 */
import { createSignal } from 'solid-js'
import { createStore, reconcile } from 'solid-js/store'
import type { FollowUp } from '../../lib/follow-up-api.js'
import { withFollowUp } from './follow-up-state.js'

export function createFollowUpList(fetchList: () => Promise<{ followUps: FollowUp[] }>) {
  const [store, setStore] = createStore<{ list: FollowUp[] | null }>({ list: null })
  const items = () => store.list
  const setItems = (list: FollowUp[]) => setStore('list', reconcile(list, { key: 'id' }))
  const [error, setError] = createSignal<unknown>(null)
  let generation = 0
  return {
    items,
    error,
    /** Fetches the list again; an answer to an older fetch is dropped. */
    load() {
      const mine = ++generation
      fetchList().then(
        ({ followUps }) => {
          if (mine !== generation) return
          setItems(followUps)
          setError(null)
        },
        (e) => mine === generation && setError(e),
      )
    },
    /** One item as the server answered a change of ours (its event brings the list again later). */
    put: (item: FollowUp) => setItems(withFollowUp(items() ?? [], item)),
  }
}
