// Every WorkflowService method of the schema is either served or listed in README's table of RPCs this server does
// not serve, with why: a method that answers UNIMPLEMENTED without being listed fails the test, and so does a
// listed one that no longer answers UNIMPLEMENTED (the list would be stale).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { status } from '@grpc/grpc-js';
import { rawServiceClient, serviceMethods, ServiceName, type RawCall } from '@durable/proto';
import { DevServer } from '@durable/server';

const README = new URL('../../../README.md', import.meta.url);
const SECTION = '### WorkflowService RPCs this server does not serve';

/** The RPC names in the first column of the README section's table. */
function listedInReadme(): Map<string, string> {
  const text = readFileSync(README, 'utf8');
  const start = text.indexOf(SECTION);
  assert.ok(start >= 0, `README has no "${SECTION}" section`);
  const rest = text.slice(start + SECTION.length);
  const end = rest.search(/\n#{1,3} /);
  const listed = new Map<string, string>();
  for (const line of (end >= 0 ? rest.slice(0, end) : rest).split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 3) continue;
    for (const m of cells[1]!.matchAll(/`([A-Za-z]+)`/g)) listed.set(m[1]!, cells[2]!);
  }
  return listed;
}

let server: DevServer;
let call: RawCall;
let close: () => void;
before(async () => {
  server = await DevServer.start({ port: 0 });
  ({ call, close } = rawServiceClient(server.address));
});
after(async () => {
  close();
  await server.stop();
});

test("every WorkflowService RPC is served, or README's table says why not", async () => {
  const listed = listedInReadme();
  const methods = serviceMethods(ServiceName.workflow).map((m) => m.name);
  for (const name of listed.keys()) assert.ok(methods.includes(name), `README lists ${name}, which WorkflowService does not have`);
  const unimplemented: string[] = [];
  for (const name of methods) {
    // An empty request: a served RPC answers (or says what is missing) without waiting; what matters is the code.
    const code = await Promise.race([
      call(name, { namespace: 'default' }).then(
        () => status.OK,
        (e: { code: number }) => e.code,
      ),
      new Promise<number>((r) => setTimeout(() => r(status.OK), 5000)),
    ]);
    if (code === status.UNIMPLEMENTED) unimplemented.push(name);
  }
  const unexplained = unimplemented.filter((n) => !listed.has(n));
  assert.deepEqual(unexplained, [], `UNIMPLEMENTED and not in README: ${unexplained.join(', ')}`);
  for (const [name, why] of listed) assert.ok(why.length > 10, `README gives no reason for ${name}`);
  const stale = [...listed.keys()].filter((n) => !unimplemented.includes(n) && n !== 'PollNexusTaskQueue');
  assert.deepEqual(stale, [], `README lists these as not served, but they answer: ${stale.join(', ')}`);
  console.log(`# ${methods.length - listed.size} of ${methods.length} WorkflowService RPCs served`);
});
