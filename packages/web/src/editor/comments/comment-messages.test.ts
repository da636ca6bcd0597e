import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { missingTranslations } from '../../lib/i18n/i18n.js'
import { commentMessages } from './comment-messages.js'

const here = path.dirname(fileURLToPath(import.meta.url))

describe('the comments’ messages', () => {
  it('are all there in Bokmål, Nynorsk and English, none empty', () => {
    expect(missingTranslations(commentMessages)).toEqual([])
    for (const catalog of Object.values(commentMessages)) {
      for (const [key, text] of Object.entries(catalog)) expect(text.trim(), key).not.toBe('')
    }
  })

  it('use the same {placeholders} in every language', () => {
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
    for (const key of Object.keys(commentMessages.nb)) {
      expect(names(commentMessages.nn[key]!), `nn:${key}`).toEqual(names(commentMessages.nb[key]!))
      expect(names(commentMessages.en[key]!), `en:${key}`).toEqual(names(commentMessages.nb[key]!))
    }
  })

  it('have every key the comments code asks for', () => {
    const asked = new Set<string>()
    for (const file of fs.readdirSync(here).filter((f) => /\.tsx?$/.test(f) && !f.includes('.test.'))) {
      const text = fs.readFileSync(path.join(here, file), 'utf8')
      for (const match of text.matchAll(/\bt\(\s*'(comments\.[a-zA-Z_.]+)'/g)) asked.add(match[1]!)
      for (const match of text.matchAll(/\btCount\(\s*'(comments\.[a-zA-Z_.]+)'/g)) {
        asked.add(`${match[1]}.one`).add(`${match[1]}.other`)
      }
      for (const match of text.matchAll(/'(comments\.[a-zA-Z_.]+)'\s*[:,)]/g)) asked.add(match[1]!)
    }
    asked.delete('comments.participation.threads')
    asked.delete('comments.participation.replies')
    expect([...asked].filter((key) => !(key in commentMessages.nb))).toEqual([])
  })
})
