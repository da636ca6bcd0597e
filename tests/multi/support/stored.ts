/** What PostgreSQL holds of a document, read directly (not through any instance). */
import pg from 'pg'
import * as Y from 'yjs'

export async function storedDoc(databaseUrl: string, documentId: string): Promise<Y.Doc> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    await client.query('begin isolation level repeatable read')
    const snapshot = await client.query<{ data: Buffer }>(
      'select data from document_snapshots where document_id = $1',
      [documentId],
    )
    const updates = await client.query<{ data: Buffer }>(
      'select data from document_updates where document_id = $1 order by seq',
      [documentId],
    )
    await client.query('commit')
    const doc = new Y.Doc()
    for (const row of [...snapshot.rows, ...updates.rows]) Y.applyUpdate(doc, row.data)
    return doc
  } finally {
    await client.end()
  }
}

/** The test clients' text ('t') as stored. */
export async function storedText(databaseUrl: string, documentId: string): Promise<string> {
  const doc = await storedDoc(databaseUrl, documentId)
  try {
    return doc.getText('t').toString()
  } finally {
    doc.destroy()
  }
}
