// A payload codec (AES-GCM) shared by our client and the official worker: the server only ever holds ciphertext.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { temporal } from '@durable/proto';
import { Client, Connection, WorkflowFailedError, type Payload, type PayloadCodec } from '@durable/client';
import { decodeUtf8, encodeUtf8 } from '@durable/common';
import { startEnv, uniqueId, type Env } from './harness.js';

const ENCODING = 'binary/encrypted';

/** Encrypts each whole payload (metadata included) with AES-256-GCM; the key id travels in clear. */
class AesGcmCodec implements PayloadCodec {
  constructor(
    private readonly key: Buffer,
    private readonly keyId: string,
  ) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', this.key, iv);
      const plain = temporal.api.common.v1.Payload.encode(p).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { encoding: encodeUtf8(ENCODING), 'encryption-key-id': encodeUtf8(this.keyId) }, data };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => {
      if (decodeUtf8(p.metadata?.encoding) !== ENCODING) return p;
      const keyId = decodeUtf8(p.metadata?.['encryption-key-id']);
      if (keyId !== this.keyId) throw new Error(`Payload was encrypted with key ${keyId}, this codec has ${this.keyId}`);
      const data = Buffer.from(p.data ?? new Uint8Array());
      const decipher = createDecipheriv('aes-256-gcm', this.key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(data.length - 16));
      const plain = Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}

describe('payload codec (AES-GCM) between @durable/client and the official worker', () => {
  const codec = new AesGcmCodec(randomBytes(32), 'test-key-1');
  let env: Env;
  let connection: Connection;
  before(async () => {
    env = await startEnv({}, 'codec', { dataConverter: { payloadCodecs: [codec] } });
    connection = await Connection.connect({ address: env.server.address });
  });
  after(async () => {
    await connection?.close();
    await env?.stop();
  });

  test('arguments, memo and results are ciphertext on the server and plain text to the client', async () => {
    const client = new Client({ connection, dataConverter: { payloadCodecs: [codec] } });
    const secret = 'Ada Lovelace';
    const h = await client.workflow.start('threeActivities', {
      taskQueue: 'codec',
      workflowId: uniqueId('codec'),
      args: [secret],
      memo: { card: '4111-1111' },
    });
    assert.equal(await h.result(), 'HELLO ADA LOVELACE!');
    assert.deepEqual((await h.describe()).memo, { card: '4111-1111' });

    // What the server stores, read without the codec.
    const plainClient = new Client({ connection });
    const history = await plainClient.workflow.getHandle(h.workflowId).fetchHistory();
    const stored = Buffer.from(temporal.api.history.v1.History.encode(history).finish());
    for (const text of [secret, secret.toUpperCase(), '4111-1111']) {
      assert.equal(stored.includes(Buffer.from(text)), false, `${text} must not be stored in clear`);
    }
    const input = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    assert.equal(decodeUtf8(input?.metadata?.encoding), ENCODING);
    // The codec-less client sees the encrypted bytes as an undecodable payload, not as the value.
    await assert.rejects(plainClient.workflow.getHandle(h.workflowId).result(), /No payload converter for encoding binary\/encrypted/);
  });

  test('a workflow failure from the codec worker decodes on the client', async () => {
    const client = new Client({ connection, dataConverter: { payloadCodecs: [codec] } });
    const err = await client.workflow
      .execute('failing', { taskQueue: 'codec', workflowId: uniqueId('codec-fail'), args: ['declined'] })
      .then(() => assert.fail('expected failure'), (e: unknown) => e);
    assert.ok(err instanceof WorkflowFailedError);
    assert.equal(err.cause?.message, 'declined');
  });
});
