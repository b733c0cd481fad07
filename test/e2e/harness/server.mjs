// A static HTTP server on 127.0.0.1 (an ephemeral port) for the test pages: `files` maps a
// URL path to { type, body } (a string or a Buffer). Pages on http://127.0.0.1 are a secure
// context, so getUserMedia works.
import http from "node:http";

export async function serve(files) {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const file = files[path];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": file.type, "cache-control": "no-store" });
    res.end(file.body);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
