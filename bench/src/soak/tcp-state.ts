/**
 * Which of this machine's loopback connections to `serverPort` the server has closed: a socket
 * in CLOSE_WAIT got the server's FIN. A paused reader cannot see that FIN (it sits behind the
 * unread data), so the slow readers ask the kernel instead of reading.
 */
import fs from 'node:fs'

const CLOSE_WAIT = '08'

/** Local ports of connections to `serverPort` that are in CLOSE_WAIT. */
export function closeWaitPorts(serverPort: number): Set<number> {
  const ports = new Set<number>()
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string
    try {
      text = fs.readFileSync(file, 'utf8')
    } catch {
      continue
    }
    for (const line of text.split('\n').slice(1)) {
      const [, local, remote, state] = line.trim().split(/\s+/)
      if (state !== CLOSE_WAIT || !local || !remote) continue
      if (Number.parseInt(remote.slice(remote.lastIndexOf(':') + 1), 16) !== serverPort) continue
      ports.add(Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16))
    }
  }
  return ports
}
