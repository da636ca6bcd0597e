/**
 * Consensus sign-off: an editor starts a round on a draft (every party needs a signatory); the
 * server locks the content, waits for the room's pending writes, freezes the committed content as
 * a version and hashes it. Each party's signatories then decide on that hash: approve, approve
 * with a reservation, or object (which ends the round and unlocks the draft); the starter or any
 * signatory may withdraw it. When every party has approved, the document is final and never takes
 * a write again; an editor may start an amendment, a new draft whose content the server copies
 * from the final version. Who decides and for which party comes from the membership, read inside
 * the decision's transaction (store/sign-off.ts).
 */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import {
  createAmendmentBody,
  decideBody,
  documentSchema,
  ErrorId,
  roundsResponseSchema,
  roundWithDecisionsSchema,
  startRoundBody,
  TEXT_LIMITS,
} from '@trepart/shared'
import type { Context } from 'hono'
import * as Y from 'yjs'
import { z } from 'zod'
import { newId } from '../../auth/tokens.js'
import { canonicalJson, contentHash, contentJsonOf } from '../../content/content-json.js'
import { SerialLoops } from '../../serial-loops.js'
import type { Services } from '../../services.js'
import { readCommitted } from '../../store/committed-content.js'
import type { SignOffRefusal } from '../../store/sign-off.js'
import { cutText } from '../../text-cut.js'
import type { AppEnv } from '../context.js'
import { ApiError, errors } from '../errors.js'
import { requireDocumentRole } from '../middleware/membership.js'
import { presentDecision, presentDocument, presentRound } from '../presenters.js'
import { conflictResponse, errorResponses, json, jsonBody } from './define.js'
import { tooManyVersions } from './versions.js'

const id = z.object({ id: z.string().max(64) })
const documentResponse = z.object({ document: documentSchema })

const conflict = (id: string, message: string) => new ApiError(409, id, message)

/** A refused sign-off step as its error. */
function refusal(why: SignOffRefusal): ApiError {
  switch (why) {
    case 'gone':
      return errors.notFound()
    case 'forbidden':
      return errors.forbidden()
    case 'final':
      return conflict(
        ErrorId.DocumentFinal,
        'The document is final: it never changes again (start an amendment)',
      )
    case 'not_draft':
      return conflict(ErrorId.NotDraft, 'A round is open on this document already')
    case 'round_not_open':
      return conflict(ErrorId.RoundNotOpen, 'No round is open on this document')
    case 'not_signatory':
      return new ApiError(403, ErrorId.NotSignatory, 'Only a signatory decides for their party')
    case 'wrong_party':
      return new ApiError(403, ErrorId.WrongParty, 'A signatory decides for their own party only')
    case 'stale_hash':
      return conflict(ErrorId.StaleHash, 'The decision names another text than the round’s')
  }
}

export function signOffRoutes(services: Services) {
  const app = new OpenAPIHono<AppEnv>()
  const { signOff, rooms, content, pubsub, documents } = services
  const rounds = new SerialLoops(services.log)

  /**
   * Tells the rooms and the lists that the document's status changed (they read it from the
   * database). The step is stored by now: a sync that fails leaves the rooms as they were (locked
   * stays locked) and is tried again in the background rather than failing the answer.
   */
  async function statusChanged(documentId: string) {
    await rooms.syncStatus(documentId).catch((err: unknown) => {
      services.log.warn({ err, documentId }, 'status not synced to the rooms; trying again')
      setTimeout(() => void rooms.syncStatus(documentId).catch(() => {}), 1000).unref()
    })
    const row = await documents.byId(documentId)
    if (row) {
      const document = presentDocument(row)
      pubsub.documents.publish({
        type: 'document.changed',
        workspaceId: row.workspace_id,
        document,
        change: 'metadata',
      })
    }
    announceRound(documentId)
  }

  /** The round with its decisions, as the routes answer it. */
  async function roundsWithDecisions(documentId: string) {
    const [rounds, decisions] = await Promise.all([
      signOff.roundsOf(documentId),
      signOff.decisionsOf(documentId),
    ])
    return rounds.map((r) => ({
      round: presentRound(r),
      decisions: (decisions.get(r.id) ?? []).map(presentDecision),
    }))
  }

  const actor = (c: Context<AppEnv>) => c.var.auth!.user.id

  /**
   * After every sign-off step: which parties the open round still awaits (the workspace lists show
   * "awaiting your party's decision", and the document's sign-off panels fetch the round again).
   * Read afresh, one announcement at a time per document, so racing decisions never leave the
   * lists with an older answer than the last.
   */
  function announceRound(documentId: string) {
    rounds.run(documentId, async () => {
      const row = await documents.byId(documentId)
      if (!row) return
      const awaiting = await signOff.awaitingParties(row.workspace_id, documentId)
      pubsub.documents.publish({
        type: 'signoff.changed',
        workspaceId: row.workspace_id,
        documentId,
        awaitingParties: awaiting.get(documentId) ?? [],
      })
    })
  }

  // Chained, so the app type carries every route (the web app's `hc` client is typed from it).
  return app
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/documents/{id}/rounds',
        summary:
          'Start a sign-off round (editors): locks the content, freezes it as a version and asks every party to decide on its hash',
        middleware: [services.documentActions.middleware(), requireDocumentRole(services, 'editor')] as const,
        request: { params: id, ...jsonBody(startRoundBody) },
        responses: { 201: json(roundWithDecisionsSchema, 'Started'), ...conflictResponse, ...errorResponses },
      }),
      async (c) => {
        const body = c.req.valid('json')
        const document = c.var.document
        if (body.dueAt && Date.parse(body.dueAt) <= Date.now())
          throw errors.invalid('dueAt: must be in the future')
        const max = services.config.limits.maxVersionsPerDocument
        if ((await signOff.versionCount(document.id)) >= max) throw tooManyVersions(max)
        const begun = await signOff.beginReview(document.id)
        if (typeof begun === 'string') throw refusal(begun)
        if (begun) {
          throw new ApiError(
            409,
            ErrorId.NoSignatory,
            `Every party needs a signatory before a round: none in ${begun.missing.join(', ')}`,
          )
        }
        const now = Date.now()
        try {
          // Locked first, then the writes the room took before the lock committed: what is read
          // next is every write that was taken, and no other will be.
          await rooms.syncStatus(document.id, { thenIdle: true })
          const frozen = await readCommitted(content, document.id, (doc) => ({
            json: contentJsonOf(doc),
            state: Y.encodeStateAsUpdate(doc),
          }))
          const hash = contentHash(frozen.json)
          const version = {
            id: newId(),
            document_id: document.id,
            name: null,
            reason: 'round',
            content_json: canonicalJson(frozen.json),
            content_hash: hash,
            yjs_state: frozen.state,
            created_by: actor(c),
            created_at: now,
          }
          const round = {
            id: newId(),
            document_id: document.id,
            version_id: version.id,
            content_hash: hash,
            started_by: actor(c),
            started_at: now,
            due_at: body.dueAt ? Date.parse(body.dueAt) : null,
            message: body.message ?? null,
            outcome: null,
            ended_by: null,
            ended_at: null,
          }
          await signOff.openRound(document.workspace_id, version, round)
        } catch (error) {
          // Nothing recorded: the draft is a draft again, and writable.
          await signOff.abortReview(document.id)
          await rooms.syncStatus(document.id)
          throw error
        }
        await statusChanged(document.id)
        const current = (await roundsWithDecisions(document.id)).at(-1)!
        return c.json(current, 201)
      },
    )

    .openapi(
      createRoute({
        method: 'get',
        path: '/api/documents/{id}/rounds/current',
        summary: 'The open round and each party’s decision so far (404 when none is open)',
        middleware: [requireDocumentRole(services, 'viewer')] as const,
        request: { params: id },
        responses: { 200: json(roundWithDecisionsSchema, 'The open round'), ...errorResponses },
      }),
      async (c) => {
        const current = (await roundsWithDecisions(c.var.document.id)).find((r) => r.round.outcome === null)
        if (!current) throw errors.notFound()
        return c.json(current, 200)
      },
    )

    .openapi(
      createRoute({
        method: 'post',
        path: '/api/documents/{id}/rounds/current/decisions',
        summary:
          'Decide for one’s party (signatories): approve, approve with a reservation, or object, on the round’s content hash',
        middleware: [services.documentActions.middleware(), requireDocumentRole(services, 'viewer')] as const,
        request: { params: id, ...jsonBody(decideBody) },
        responses: { 200: json(roundWithDecisionsSchema, 'Decided'), ...conflictResponse, ...errorResponses },
      }),
      async (c) => {
        const body = c.req.valid('json')
        const note = body.note?.trim() ? body.note : null
        if (body.decision !== 'approve' && note === null)
          throw new ApiError(400, ErrorId.NoteRequired, 'A reservation or an objection needs a note')
        const documentId = c.var.document.id
        const decided = await signOff.decide({
          documentId,
          userId: actor(c),
          decision: body.decision,
          note,
          contentHash: body.contentHash,
          party: body.party,
          at: Date.now(),
        })
        if (typeof decided === 'string') throw refusal(decided)
        if (decided.status !== 'in_review') await statusChanged(documentId)
        else announceRound(documentId)
        const all = await roundsWithDecisions(documentId)
        return c.json(all.at(-1)!, 200)
      },
    )

    .openapi(
      createRoute({
        method: 'post',
        path: '/api/documents/{id}/rounds/current/withdraw',
        summary: 'End the open round without a decision (its starter or any signatory): back to draft',
        middleware: [services.documentActions.middleware(), requireDocumentRole(services, 'viewer')] as const,
        request: { params: id },
        responses: {
          200: json(roundWithDecisionsSchema, 'Withdrawn'),
          ...conflictResponse,
          ...errorResponses,
        },
      }),
      async (c) => {
        const documentId = c.var.document.id
        const ended = await signOff.withdraw(documentId, actor(c), Date.now())
        if (typeof ended === 'string') throw refusal(ended)
        await statusChanged(documentId)
        const all = await roundsWithDecisions(documentId)
        return c.json(all.at(-1)!, 200)
      },
    )

    .openapi(
      createRoute({
        method: 'get',
        path: '/api/documents/{id}/rounds',
        summary: 'Every round of the document with its decisions and outcome, oldest first',
        middleware: [requireDocumentRole(services, 'viewer')] as const,
        request: { params: id },
        responses: { 200: json(roundsResponseSchema, 'Rounds'), ...errorResponses },
      }),
      async (c) => c.json({ rounds: await roundsWithDecisions(c.var.document.id) }, 200),
    )

    .openapi(
      createRoute({
        method: 'post',
        path: '/api/documents/{id}/amendments',
        summary:
          'Start an amendment of a final document (editors): a new draft whose content is copied by the server from the final version',
        middleware: [services.documentActions.middleware(), requireDocumentRole(services, 'editor')] as const,
        request: { params: id, ...jsonBody(createAmendmentBody) },
        responses: { 201: json(documentResponse, 'Started'), ...conflictResponse, ...errorResponses },
      }),
      async (c) => {
        const body = c.req.valid('json')
        const source = c.var.document
        if (source.status !== 'final')
          throw conflict(ErrorId.NotFinal, 'Only a final document can be amended; edit the draft instead')
        const version = await signOff.finalVersion(source.id)
        if (!version) throw errors.notFound()
        const now = Date.now()
        const suffix = ' (endring)'
        const row = {
          id: newId(),
          workspace_id: source.workspace_id,
          title:
            body.title?.trim() ?? `${cutText(source.title, TEXT_LIMITS.titleMax - suffix.length)}${suffix}`,
          kind: source.kind,
          status: 'draft',
          initiating_party: c.var.member.party,
          created_by: actor(c),
          created_at: now,
          updated_at: now,
          archived: 0,
          amends_id: source.id,
        }
        // The content first (no document names it yet, so nobody can open it), then the
        // document with its record: an amendment never exists without its copied content.
        await rooms.seed(row.id, version.yjs_state)
        await signOff.createAmendment(row, {
          workspaceId: source.workspace_id,
          actorId: actor(c),
          kind: 'amendment.started',
          documentId: row.id,
          contentHash: version.content_hash,
          payload: { amends: source.id, fromVersion: version.id },
          at: now,
        })
        await services.searchIndexer.indexTitle(row.id)
        services.searchIndexer.markDirty(row.id)
        const document = presentDocument({ ...row, creator_name: c.var.auth!.user.name })
        pubsub.documents.publish({
          type: 'document.changed',
          workspaceId: row.workspace_id,
          document,
          change: 'metadata',
        })
        return c.json({ document }, 201)
      },
    )
}
