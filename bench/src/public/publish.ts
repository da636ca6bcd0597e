/**
 * Publishing a document on a bench Trepart through its real API, as people do it: share links
 * made by the workspace's admin, and sign-off by one signatory of each party (politicians,
 * administration, employees), each an account of its own that joined by invitation.
 */
import { account, request, type TrepartPeer } from '../peers/trepart.js'

/** The three parties (`PartyKey` of @trepart/shared, which the bench does not depend on). */
const PARTIES = ['politicians', 'administration', 'employees'] as const
type PartyKey = (typeof PARTIES)[number]

/** A share link of document `id`, made by the admin: its address, with the token. */
export async function shareLink(peer: TrepartPeer, id: string): Promise<string> {
  const { json } = await request(peer.httpBase, 'POST', `/api/documents/${id}/share-links`, {}, peer.cookie)
  const url = (json.link as { url?: unknown } | undefined)?.url
  if (typeof url !== 'string') throw new Error(`no link.url in ${JSON.stringify(json)}`)
  // The server names itself `localhost`; the bench speaks to 127.0.0.1, as to everything else.
  return `${peer.httpBase}${new URL(url).pathname}`
}

/** A signatory editor in every party, each signed up through an invitation of the admin's. */
export async function signatories(peer: TrepartPeer): Promise<Record<PartyKey, string>> {
  const out = {} as Record<PartyKey, string>
  for (const party of PARTIES) {
    const { json } = await request(
      peer.httpBase,
      'POST',
      `/api/workspaces/${peer.workspaceId}/invitations`,
      { party, role: 'editor', signatory: true },
      peer.cookie,
    )
    if (typeof json.token !== 'string') throw new Error(`no invitation token in ${JSON.stringify(json)}`)
    const cookie = await account(peer.httpBase, `signatory-${party}`, `Signatory ${party}`)
    await request(peer.httpBase, 'POST', `/api/invitations/${json.token}/accept`, {}, cookie)
    out[party] = cookie
  }
  return out
}

/**
 * Makes document `id` final: the administration's signatory starts a round on its committed
 * content, and every party approves that content's hash. Answers the hash.
 */
export async function makeFinal(
  peer: TrepartPeer,
  id: string,
  signers: Record<PartyKey, string>,
): Promise<string> {
  const started = await request(
    peer.httpBase,
    'POST',
    `/api/documents/${id}/rounds`,
    {},
    signers.administration,
  )
  const hash = (started.json.round as { contentHash?: unknown } | undefined)?.contentHash
  if (typeof hash !== 'string') throw new Error(`no round.contentHash in ${JSON.stringify(started.json)}`)
  for (const party of PARTIES) {
    await request(
      peer.httpBase,
      'POST',
      `/api/documents/${id}/rounds/current/decisions`,
      { decision: 'approve', contentHash: hash },
      signers[party],
    )
  }
  const { json } = await request(peer.httpBase, 'GET', `/api/documents/${id}`, undefined, peer.cookie)
  const status = (json.document as { status?: unknown } | undefined)?.status
  if (status !== 'final') throw new Error(`document ${id} is ${String(status)} after every party approved`)
  return hash
}
