import * as decoding from 'lib0/decoding'
import { describe, expect, it } from 'vitest'
import { CloseCode, isPermanentClose } from './close-codes.js'
import { isDocumentId } from './document-id.js'
import {
  encodeCommentAnswer,
  encodeCommentRequest,
  encodeCommitted,
  encodeServerEvent,
  MessageType,
  readCommentAnswer,
  readCommentRequest,
  readSeq,
  readServerEvent,
} from './protocol.js'

describe('protocol', () => {
  it('round-trips Committed with its sequence number', () => {
    const decoder = decoding.createDecoder(encodeCommitted(300))
    expect(decoding.readVarUint(decoder)).toBe(MessageType.Committed)
    expect(readSeq(decoder)).toBe(300)
  })

  it('round-trips a server event as JSON', () => {
    const decoder = decoding.createDecoder(
      encodeServerEvent({ type: 'document.updated', documentId: 'a', title: 'Æ' }),
    )
    expect(decoding.readVarUint(decoder)).toBe(MessageType.ServerEvent)
    expect(readServerEvent(decoder)).toEqual({ type: 'document.updated', documentId: 'a', title: 'Æ' })
  })

  it('round-trips a comment request (its JSON left for the server to check) and its answer', () => {
    const request = { op: 'comment.add', threadId: 't1', body: 'Svar på «dette»\nmed æøå' } as const
    const sent = decoding.createDecoder(encodeCommentRequest(2 ** 40, request))
    expect(decoding.readVarUint(sent)).toBe(MessageType.CommentRequest)
    const { id, json } = readCommentRequest(sent)
    expect(id).toBe(2 ** 40)
    expect(JSON.parse(json)).toEqual(request)
    expect(decoding.hasContent(sent)).toBe(false)
    const answer = decoding.createDecoder(
      encodeCommentAnswer(7, 409, { error: { id: 'x', message: 'Full' } }),
    )
    expect(decoding.readVarUint(answer)).toBe(MessageType.CommentAnswer)
    expect(readCommentAnswer(answer)).toEqual({
      id: 7,
      status: 409,
      body: { error: { id: 'x', message: 'Full' } },
    })
  })

  it('keeps Trepart message types clear of the y-protocols types 0–3', () => {
    for (const type of [
      MessageType.Hello,
      MessageType.Flush,
      MessageType.Committed,
      MessageType.ServerEvent,
      MessageType.CommentRequest,
      MessageType.CommentAnswer,
    ]) {
      expect(type).toBeGreaterThan(3)
    }
  })
})

describe('close codes', () => {
  it('marks the do-not-reconnect codes the way the stock client reads them', () => {
    expect(isPermanentClose(CloseCode.ProtocolError)).toBe(true)
    expect(isPermanentClose(CloseCode.DocumentTooLarge)).toBe(true)
    expect(isPermanentClose(CloseCode.StorageUnavailable)).toBe(false)
    expect(isPermanentClose(CloseCode.LoadFailed)).toBe(false)
    expect(isPermanentClose(CloseCode.GoingAway)).toBe(false)
  })
})

describe('document ids', () => {
  it.each(['a', 'A-z_09', 'x'.repeat(64)])('accepts %s', (id) => expect(isDocumentId(id)).toBe(true))
  it.each(['', 'x'.repeat(65), 'a/b', '../etc', 'a b', 'æ', 'a.b'])('refuses %j', (id) =>
    expect(isDocumentId(id)).toBe(false),
  )
})
