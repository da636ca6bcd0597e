/** Names tests by purpose ('converge', 'late-joiner') while the server decides document ids. */
import type { World } from '@trepart/server/test-support'

export function documentsByName(world: World): (name: string) => Promise<string> {
  const ids = new Map<string, Promise<string>>()
  return (name) => {
    let id = ids.get(name)
    if (!id) {
      id = world.document(name)
      ids.set(name, id)
    }
    return id
  }
}
