import type { Server } from 'node:http';

/** Listens on ip:port; an error (the port taken, the address missing) rejects instead of crashing the process. */
export function listen(server: Server, ip: string, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, ip, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
