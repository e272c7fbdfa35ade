// Connection against a bare gRPC server we control: TLS, mTLS, API key, metadata, retries, deadlines.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, ServerCredentials, status, type Metadata, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import { ServiceName, grpcServiceDefinition } from '@durable/proto';
import { Client, Connection, ServiceError, isGrpcServiceError } from './index.js';

interface Pki {
  ca: Buffer;
  serverKey: Buffer;
  serverCrt: Buffer;
  clientKey: Buffer;
  clientCrt: Buffer;
}

// A throwaway CA that signs a server certificate (valid only for the name durable.test) and a client certificate.
function makePki(): Pki {
  const dir = mkdtempSync(join(tmpdir(), 'durable-pki-'));
  const ossl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  try {
    ossl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=durable-test-ca');
    writeFileSync(join(dir, 'server.ext'), 'subjectAltName=DNS:durable.test\n');
    for (const who of ['server', 'client']) {
      ossl('req', ...ec, '-keyout', `${who}.key`, '-out', `${who}.csr`, '-subj', `/CN=${who === 'server' ? 'durable.test' : 'durable-client'}`);
      ossl('x509', '-req', '-in', `${who}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${who}.crt`, '-days', '1',
        ...(who === 'server' ? ['-extfile', 'server.ext'] : []));
    }
    const read = (f: string) => readFileSync(join(dir, f));
    return { ca: read('ca.crt'), serverKey: read('server.key'), serverCrt: read('server.crt'), clientKey: read('client.key'), clientCrt: read('client.crt') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Unary = (call: ServerUnaryCall<object, object>, cb: sendUnaryData<object>) => void;

/** A WorkflowService that records the metadata of each call and can fail the first N calls. */
class FakeService {
  readonly calls: { method: string; metadata: Metadata; peerCert: boolean }[] = [];
  failFirst = 0;
  server = new Server();
  address = '';

  handlers(): Record<string, Unary> {
    const record = (method: string, reply: object): Unary => (call, cb) => {
      this.calls.push({ method, metadata: call.metadata, peerCert: Boolean(call.getAuthContext?.()?.sslPeerCertificate) });
      if (this.failFirst > 0) {
        this.failFirst--;
        cb({ code: status.UNAVAILABLE, details: 'warming up' });
        return;
      }
      cb(null, reply);
    };
    return {
      GetSystemInfo: record('GetSystemInfo', { serverVersion: 'fake' }),
      CountWorkflowExecutions: record('CountWorkflowExecutions', { count: 7 }),
    };
  }

  async start(creds: ServerCredentials): Promise<void> {
    this.server.addService(grpcServiceDefinition(ServiceName.workflow), this.handlers());
    const port = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync('127.0.0.1:0', creds, (err, p) => (err ? reject(err) : resolve(p))),
    );
    this.address = `127.0.0.1:${port}`;
  }

  stop(): void {
    this.server.forceShutdown();
  }
}

describe('Connection', () => {
  let pki: Pki;
  before(() => {
    pki = makePki();
  });

  test('TLS with a private CA and serverNameOverride; the API key arrives as a bearer token', async () => {
    const svc = new FakeService();
    await svc.start(ServerCredentials.createSsl(null, [{ private_key: pki.serverKey, cert_chain: pki.serverCrt }], false));
    try {
      const conn = await Connection.connect({
        address: svc.address,
        tls: { serverRootCACertificate: pki.ca, serverNameOverride: 'durable.test' },
        apiKey: 'k-123',
        metadata: { 'x-team': 'payments' },
      });
      const client = new Client({ connection: conn, namespace: 'ns1' });
      assert.equal((await client.workflow.count()).count, 7);
      const last = svc.calls.at(-1)!;
      assert.equal(last.method, 'CountWorkflowExecutions');
      assert.deepEqual(last.metadata.get('authorization'), ['Bearer k-123']);
      assert.deepEqual(last.metadata.get('x-team'), ['payments']);
      conn.setApiKey(() => 'k-rotated');
      await client.workflow.count();
      assert.deepEqual(svc.calls.at(-1)!.metadata.get('authorization'), ['Bearer k-rotated']);
      await conn.close();
    } finally {
      svc.stop();
    }
  });

  test('TLS refuses a server whose certificate the CA did not sign for that name', async () => {
    const svc = new FakeService();
    await svc.start(ServerCredentials.createSsl(null, [{ private_key: pki.serverKey, cert_chain: pki.serverCrt }], false));
    try {
      // No serverNameOverride: the certificate names durable.test, not 127.0.0.1.
      await assert.rejects(
        Connection.connect({ address: svc.address, tls: { serverRootCACertificate: pki.ca }, connectTimeout: '2s', retry: { maxAttempts: 1 } }),
        (e: unknown) => e instanceof ServiceError && /Cannot reach a Temporal server at 127\.0\.0\.1/.test(e.message),
      );
    } finally {
      svc.stop();
    }
  });

  test('mTLS: the server requires a client certificate and gets ours', async () => {
    const svc = new FakeService();
    await svc.start(ServerCredentials.createSsl(pki.ca, [{ private_key: pki.serverKey, cert_chain: pki.serverCrt }], true));
    try {
      const tls = { serverRootCACertificate: pki.ca, serverNameOverride: 'durable.test' };
      await assert.rejects(Connection.connect({ address: svc.address, tls, connectTimeout: '2s', retry: { maxAttempts: 1 } }), ServiceError);
      const conn = await Connection.connect({ address: svc.address, tls: { ...tls, clientCertPair: { crt: pki.clientCrt, key: pki.clientKey } } });
      await conn.workflowService.getSystemInfo({});
      assert.equal(svc.calls.at(-1)!.peerCert, true);
      await conn.close();
    } finally {
      svc.stop();
    }
  });

  test('UNAVAILABLE is retried with backoff; per-call metadata and deadlines apply', async () => {
    const svc = new FakeService();
    await svc.start(ServerCredentials.createInsecure());
    try {
      const conn = await Connection.connect({ address: svc.address, retry: { initialIntervalMs: 10 } });
      svc.failFirst = 2;
      const before = svc.calls.length;
      const res = await conn.withMetadata({ 'x-request': 'r1' }, () => conn.workflowService.countWorkflowExecutions({ namespace: 'default' }));
      assert.equal(Number(res.count), 7);
      assert.equal(svc.calls.length - before, 3);
      assert.deepEqual(svc.calls.at(-1)!.metadata.get('x-request'), ['r1']);

      svc.failFirst = 1000;
      const err = await conn
        .withDeadline(Date.now() + 300, () => conn.workflowService.countWorkflowExecutions({ namespace: 'default' }))
        .then(() => undefined, (e: unknown) => e);
      assert.ok(isGrpcServiceError(err), 'a gRPC error once the deadline is spent');
      svc.failFirst = 0;

      const ac = new AbortController();
      ac.abort();
      await assert.rejects(conn.withAbortSignal(ac.signal, () => conn.workflowService.getSystemInfo({})), /aborted before it was sent/);
      await conn.close();
      await assert.rejects(conn.workflowService.getSystemInfo({}), /is closed/);
    } finally {
      svc.stop();
    }
  });

  test('an address that is not host:port is refused at once; nothing listening is a clear error', async () => {
    assert.throws(() => Connection.lazy({ address: 'localhost' }), /host:port/);
    await assert.rejects(
      Connection.connect({ address: '127.0.0.1:1', connectTimeout: '1s', retry: { maxAttempts: 2, initialIntervalMs: 10 } }),
      /Cannot reach a Temporal server at 127\.0\.0\.1:1/,
    );
  });

});
