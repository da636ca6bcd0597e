import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ErrorId } from '@trepart/shared'
import { DOCUMENT_KINDS, DOCUMENT_STATUSES, ROLES } from '@trepart/shared/parties'
import { describe, expect, it } from 'vitest'
import { shareExportMessages } from '../../routes/document/share-export/share-export-messages.js'
import { signOffMessages } from '../../routes/document/sign-off/sign-off-messages.js'
import { type Catalogs, missingTranslations } from '../i18n/i18n.js'
import { authMessages } from './auth.js'
import { commonMessages } from './common.js'
import { errorCatalog } from './errors.js'
import { followUpMessages } from './follow-ups.js'
import { followingMessages } from './following.js'
import { meetingsMessages } from './meetings.js'
import { participationMessages } from './participation.js'
import { workspaceMessages } from './workspace.js'

const catalogs: Record<string, Catalogs> = {
  common: commonMessages,
  auth: authMessages,
  errors: errorCatalog,
  workspace: workspaceMessages,
  signoff: signOffMessages,
  share: shareExportMessages,
  followups: followUpMessages,
  following: followingMessages,
  participation: participationMessages,
  meetings: meetingsMessages,
}

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'editor' ? [] : sourceFiles(full)
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [full] : []
  })
}

describe('message catalogs', () => {
  it.each(Object.keys(catalogs))('%s has every key in Bokmål, Nynorsk and English', (name) => {
    expect(missingTranslations(catalogs[name]!)).toEqual([])
  })

  it('has no empty texts and keeps each area to its own key prefix', () => {
    for (const [name, catalog] of Object.entries(catalogs)) {
      for (const messages of Object.values(catalog)) {
        for (const [key, text] of Object.entries(messages)) {
          expect(text.trim(), key).not.toBe('')
          const area = key.split('.')[0]!
          expect(
            name === 'auth' ? ['auth', 'account'] : name === 'workspace' ? ['home', 'workspace'] : [name],
          ).toContain(area)
        }
      }
    }
  })

  it('uses the same {placeholders} in every language', () => {
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
    for (const catalog of Object.values(catalogs)) {
      for (const key of Object.keys(catalog.nb)) {
        expect(names(catalog.nn[key]!), `nn:${key}`).toEqual(names(catalog.nb[key]!))
        expect(names(catalog.en[key]!), `en:${key}`).toEqual(names(catalog.nb[key]!))
      }
    }
  })

  it('has a text for every key the app asks for by name, and for every role, kind, status and error', () => {
    const known = new Set(Object.values(catalogs).flatMap((c) => Object.keys(c.nb)))
    const asked = new Set<string>()
    for (const file of sourceFiles(src)) {
      const text = fs.readFileSync(file, 'utf8')
      for (const match of text.matchAll(/\bt(?:Count)?\(\s*'([a-z_.]+)'/g)) asked.add(match[1]!)
      for (const match of text.matchAll(/\btCount\(\s*'([a-z_.]+)'/g)) {
        asked.delete(match[1]!)
        asked.add(`${match[1]}.one`).add(`${match[1]}.other`)
      }
    }
    for (const role of ROLES) asked.add(`common.role.${role}`).add(`common.role_hint.${role}`)
    for (const kind of DOCUMENT_KINDS) asked.add(`common.kind.${kind}`)
    for (const status of DOCUMENT_STATUSES) asked.add(`common.status.${status}`)
    for (const id of Object.values(ErrorId)) asked.add(`errors.${id}`)
    expect([...asked].filter((key) => !key.startsWith('editor.') && !known.has(key))).toEqual([])
  })
})
