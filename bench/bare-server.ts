// A bare node:http server answering every request with the same bytes: the ceiling the hot list is
// measured against. Its own process, like the server under test, so neither shares an event loop.
import fs from 'node:fs';
import http from 'node:http';

const body = fs.readFileSync(process.argv[2]!);
const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as { port: number }).port}\n`));
