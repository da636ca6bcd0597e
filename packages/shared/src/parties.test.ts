import { describe, expect, it } from 'vitest'
import { DOCUMENT_STATUSES, mayRevokeShareLink, mayShareDocument, ROLES } from './parties.js'

describe('who may share a document', () => {
  it('an admin always; an editor only once the document is final', () => {
    for (const status of DOCUMENT_STATUSES) {
      expect(mayShareDocument({ role: 'admin', signatory: false }, status)).toBe(true)
      expect(mayShareDocument({ role: 'editor', signatory: false }, status)).toBe(status === 'final')
      expect(mayShareDocument({ role: 'commenter', signatory: false }, status)).toBe(false)
      expect(mayShareDocument({ role: 'viewer', signatory: false }, status)).toBe(false)
    }
  })

  it('a signatory from commenter up, in every status; a signatory demoted to viewer never', () => {
    for (const status of DOCUMENT_STATUSES) {
      for (const role of ROLES)
        expect(mayShareDocument({ role, signatory: true }, status), `${role} ${status}`).toBe(
          role !== 'viewer',
        )
    }
  })
})

describe('who may revoke a share link', () => {
  const link = { createdById: 'maker' }
  it('its maker, whatever their role now, a signatory or an admin; nobody else', () => {
    expect(mayRevokeShareLink({ userId: 'maker', role: 'viewer', signatory: false }, link)).toBe(true)
    expect(mayRevokeShareLink({ userId: 'other', role: 'viewer', signatory: true }, link)).toBe(true)
    expect(mayRevokeShareLink({ userId: 'other', role: 'admin', signatory: false }, link)).toBe(true)
    expect(mayRevokeShareLink({ userId: 'other', role: 'editor', signatory: false }, link)).toBe(false)
  })
})
