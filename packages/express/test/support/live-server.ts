import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request listener listening on a real loopback socket, for tests that need real backpressure and aborts. */
export interface LiveServer {
  url: string;
  close(): Promise<void>;
}

/** Starts `listener` on an ephemeral loopback port. */
export async function listen(listener: http.RequestListener): Promise<LiveServer> {
  const server = http.createServer(listener);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** Sends a GET and resolves with the response once its headers have arrived (the body is not read yet). */
export async function get(url: string, headers: http.OutgoingHttpHeaders = {}): Promise<http.IncomingMessage> {
  const req = http.get(url, { headers, agent: false });
  const [res] = (await once(req, 'response')) as [http.IncomingMessage];
  return res;
}

/** How a response body ended: cleanly, or cut off (the server aborted it). */
export interface BodyOutcome {
  text: string;
  complete: boolean;
}

/** Reads a response body to its end, noting whether the server finished it cleanly or aborted it. */
export function readBody(res: http.IncomingMessage): Promise<BodyOutcome> {
  return new Promise((resolve) => {
    let text = '';
    let done = false;
    const finish = (complete: boolean) => {
      if (done) return;
      done = true;
      resolve({ text, complete });
    };
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      text += chunk;
    });
    res.on('end', () => finish(res.complete));
    res.on('error', () => finish(false));
    res.on('aborted', () => finish(false));
    res.on('close', () => finish(res.complete));
  });
}
