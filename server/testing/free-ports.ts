/** Test helper: free ports on 127.0.0.1 for servers that must sit next to each other. */
import { createServer } from 'node:net';

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function anyFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A free port whose next port is free too: the app's port, as `npm start` puts its identity provider on PORT + 1. */
export async function freePortPair(): Promise<number> {
  for (;;) {
    const port = await anyFreePort();
    if (port < 65535 && (await isFree(port + 1))) return port;
  }
}
