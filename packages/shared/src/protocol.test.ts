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
  readSafeVarUint,
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
    expect(JSON.parse(json ?? '')).toEqual(request)
    expect(decoding.hasContent(sent)).toBe(false)
    // Over the limit: skipped, not decoded; the id is still there to answer.
    const long = decoding.createDecoder(encodeCommentRequest(3, request))
    decoding.readVarUint(long)
    expect(readCommentRequest(long, 10)).toEqual({ id: 3, json: null })
    expect(decoding.hasContent(long)).toBe(false)
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

  it('refuses a varUint that lib0 reads as Infinity or NaN, which could never be written back', () => {
    const endless = (tail: number[]) =>
      decoding.createDecoder(new Uint8Array([...Array(147).fill(0x80), ...tail]))
    expect(decoding.readVarUint(endless([0x01]))).toBe(Number.POSITIVE_INFINITY)
    expect(() => readSafeVarUint(endless([0x01]))).toThrow(RangeError)
    expect(() => readSeq(endless([0x01]))).toThrow(RangeError)
    expect(readSafeVarUint(decoding.createDecoder(new Uint8Array([0xff, 0xff, 0x03])))).toBe(65535)
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
