/** New document ids: 16 random characters from [A-Za-z0-9_-] (96 bits), matching the server's pattern. */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

export function newDocumentId(length = 16): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length))
  // 64 symbols divide 256 evenly, so `& 63` keeps every character equally likely.
  let id = ''
  for (const byte of bytes) id += ALPHABET[byte & 63]
  return id
}
