/**
 * The yardstick for a cached final page: a minimal static file server, as `serve-static`/`send`
 * serve a file, in its own process like the server it is compared with. Each request stats the
 * file, answers Content-Type, Content-Length, Last-Modified and a weak ETag of size and mtime (a
 * matching If-None-Match gets a 304), and streams the bytes from disk with `fs.createReadStream`.
 * `node dist/public/static-server.js <file> <content-type>`; prints the address it listens on.
 */
import fs from 'node:fs'
import http from 'node:http'

const [file, contentType] = process.argv.slice(2)
if (!file || !contentType) {
  console.error('usage: static-server.js <file> <content-type>')
  process.exit(2)
}

const STATIC_PATH = '/page.html'

const server = http.createServer((req, res) => {
  if (req.method !== 'GET' || req.url !== STATIC_PATH) {
    res.writeHead(404).end()
    return
  }
  fs.stat(file, (error, stat) => {
    if (error) {
      res.writeHead(500).end()
      return
    }
    const etag = `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end()
      return
    }
    res.writeHead(200, {
      'content-type': contentType,
      'content-length': stat.size,
      'last-modified': stat.mtime.toUTCString(),
      etag,
    })
    fs.createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res)
  })
})

server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('no address')
  console.log(`static server at http://127.0.0.1:${address.port}${STATIC_PATH}`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
