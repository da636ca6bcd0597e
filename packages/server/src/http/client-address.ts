/**
 * The client's address for throttling: the socket peer, or the last X-Forwarded-For hop (the
 * trusted proxy's) when TRUST_PROXY is on. Keyed as a client controls it: an IPv6 client holds a
 * whole /64 and could rotate through it, so IPv6 is keyed by its /64; an IPv4-mapped IPv6 address
 * is its IPv4 address.
 */
import { isIPv6 } from 'node:net'
import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'

export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    // The proxy appends the address it saw; anything to the left of it came from the client and
    // could be forged to rotate the throttle key.
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim()
    if (forwarded) return throttleKeyOf(forwarded)
  }
  try {
    return throttleKeyOf(getConnInfo(c).remote.address ?? 'unknown')
  } catch {
    return 'unknown'
  }
}

/** `::ffff:10.0.0.1` → `10.0.0.1`; `2001:db8:1:2:aaaa::1` → `2001:db8:1:2::/64`; others as they are. */
export function throttleKeyOf(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address)
  if (mapped) return mapped[1]!
  if (!isIPv6(address)) return address
  const [head = '', tail = ''] = address.toLowerCase().split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const groups = address.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`
}
