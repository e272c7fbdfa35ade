import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExternalStorage, StorageDriverClaim, isReferencePayload, type StorageDriver } from './external-storage.js';
import { decodePayloads, encodePayloads } from './payload-codec.js';
import { loadDataConverter } from './data-converter.js';
import { defaultPayloadConverter, type Payload } from './payload-converter.js';
import { ValueError } from './errors.js';

function memoryDriver(): StorageDriver & { stored: Map<string, Payload> } {
  const stored = new Map<string, Payload>();
  return {
    name: 'memory',
    type: 'test',
    stored,
    async store(_ctx, payloads) {
      return payloads.map((p) => {
        const key = `k${stored.size}`;
        stored.set(key, p);
        return new StorageDriverClaim({ key });
      });
    },
    async retrieve(_ctx, claims) {
      return claims.map((c) => stored.get(c.claimData.key!)!);
    },
  };
}

test('payloads over the threshold travel as references and come back whole; small ones stay inline', async () => {
  const driver = memoryDriver();
  const { payloadCodecs } = loadDataConverter({ externalStorage: new ExternalStorage({ drivers: [driver], payloadSizeThreshold: 100 }) });
  const big = defaultPayloadConverter.toPayload('x'.repeat(500));
  const small = defaultPayloadConverter.toPayload('tiny');
  const encoded = await encodePayloads(payloadCodecs, [big, small]);
  assert.ok(isReferencePayload(encoded[0]!));
  assert.equal(encoded[1], small);
  assert.equal(driver.stored.size, 1);
  const decoded = await decodePayloads(payloadCodecs, encoded);
  assert.equal(defaultPayloadConverter.fromPayload(decoded[0]!), 'x'.repeat(500));
});

test('ExternalStorage refuses configurations it cannot use', () => {
  assert.throws(() => new ExternalStorage({ drivers: [] }), ValueError);
  assert.throws(() => new ExternalStorage({ drivers: [memoryDriver(), { ...memoryDriver(), name: 'other' }] }), /driverSelector is required/);
  assert.throws(() => new ExternalStorage({ drivers: [memoryDriver(), memoryDriver()], driverSelector: () => null }), /Duplicate storage driver name/);
});
