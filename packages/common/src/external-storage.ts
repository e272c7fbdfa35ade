// External payload storage: payloads at or above a size threshold are handed to a storage driver (S3, a database …)
// and replaced on the wire by a small reference; references are resolved on the way in. The reference is the
// official SDK's (json/protobuf temporal.api.sdk.v1.ExternalStorageReference), so both SDKs read each other's.
// It runs as the last payload codec (see loadDataConverter), outside the workflow sandbox.
import { ValueError } from './errors.js';
import { decodeUtf8, encodeUtf8, METADATA_ENCODING_KEY, METADATA_MESSAGE_TYPE_KEY, encodingTypes, type Payload } from './payload-converter.js';
import type { PayloadCodec } from './payload-codec.js';

/** What a driver needs to find a stored payload again (e.g. a bucket and key). */
export class StorageDriverClaim {
  constructor(readonly claimData: Record<string, string>) {}
}

export interface StorageDriverTargetInfo {
  readonly kind: 'workflow' | 'activity';
  readonly namespace: string;
  readonly id?: string;
  readonly runId?: string;
  readonly type?: string;
}
export interface StorageDriverStoreContext {
  abortSignal?: AbortSignal;
  target?: StorageDriverTargetInfo;
}
export type StorageDriverSelectContext = StorageDriverStoreContext;
export interface StorageDriverRetrieveContext {
  abortSignal?: AbortSignal;
}

export interface StorageDriver {
  /** Recorded in each reference: the driver that can retrieve it. */
  readonly name: string;
  readonly type: string;
  store(context: StorageDriverStoreContext, payloads: Payload[]): Promise<StorageDriverClaim[]>;
  retrieve(context: StorageDriverRetrieveContext, claims: StorageDriverClaim[]): Promise<Payload[]>;
}

/** Picks the driver for a payload, or null to keep it inline. */
export type StorageDriverSelector = (context: StorageDriverSelectContext, payload: Payload) => StorageDriver | null;

const DEFAULT_THRESHOLD = 256 * 1024;

export class ExternalStorage {
  readonly drivers: StorageDriver[];
  readonly driverSelector: StorageDriverSelector;
  /** Payloads of at least this many bytes (encoded) go to a driver. Default 256 KiB. */
  readonly payloadSizeThreshold: number;
  readonly #byName = new Map<string, StorageDriver>();

  constructor(options: { drivers: StorageDriver[]; driverSelector?: StorageDriverSelector; payloadSizeThreshold?: number }) {
    const { drivers, driverSelector, payloadSizeThreshold = DEFAULT_THRESHOLD } = options;
    if (!Array.isArray(drivers) || drivers.length === 0) throw new ValueError('ExternalStorage requires at least one driver');
    if (typeof payloadSizeThreshold !== 'number' || !Number.isFinite(payloadSizeThreshold) || payloadSizeThreshold < 0) {
      throw new ValueError(`ExternalStorage.payloadSizeThreshold must be a non-negative finite number, got ${String(payloadSizeThreshold)}`);
    }
    for (const driver of drivers) {
      if (typeof driver?.name !== 'string' || driver.name.length === 0) throw new ValueError("Storage driver 'name' must be a non-empty string");
      if (this.#byName.has(driver.name)) throw new ValueError(`Duplicate storage driver name: '${driver.name}'`);
      this.#byName.set(driver.name, driver);
    }
    if (driverSelector === undefined && drivers.length > 1) {
      throw new ValueError('ExternalStorage.driverSelector is required when more than one driver is registered');
    }
    this.drivers = [...drivers];
    this.driverSelector = driverSelector ?? (() => drivers[0]!);
    this.payloadSizeThreshold = payloadSizeThreshold;
  }

  getDriver(name: string): StorageDriver | null {
    return this.#byName.get(name) ?? null;
  }
}

const REFERENCE_TYPE = 'temporal.api.sdk.v1.ExternalStorageReference';

// protobufjs encodes a plain number into the int64 sizeBytes; its generated type only names Long.
type PayloadWithExternal = Omit<Payload, 'externalPayloads'> & { externalPayloads?: { sizeBytes?: number }[] };

export function isReferencePayload(payload: Payload): boolean {
  const md = payload.metadata;
  return (
    !!md &&
    decodeUtf8(md[METADATA_ENCODING_KEY]) === encodingTypes.METADATA_ENCODING_PROTOBUF_JSON &&
    decodeUtf8(md[METADATA_MESSAGE_TYPE_KEY]) === REFERENCE_TYPE
  );
}

function referencePayload(driverName: string, claim: StorageDriverClaim, sizeBytes: number): Payload {
  const payload: PayloadWithExternal = {
    metadata: { [METADATA_ENCODING_KEY]: encodeUtf8(encodingTypes.METADATA_ENCODING_PROTOBUF_JSON), [METADATA_MESSAGE_TYPE_KEY]: encodeUtf8(REFERENCE_TYPE) },
    data: encodeUtf8(JSON.stringify({ driverName, claimData: claim.claimData })),
    externalPayloads: [{ sizeBytes }],
  };
  return payload as Payload;
}

function readReference(payload: Payload): { driverName: string; claimData: Record<string, string> } {
  const ref = JSON.parse(decodeUtf8(payload.data)) as { driverName?: unknown; claimData?: Record<string, string> };
  if (typeof ref.driverName !== 'string' || !ref.driverName) throw new ValueError("Reference payload field 'driverName' must be a non-empty string");
  return { driverName: ref.driverName, claimData: { ...ref.claimData } };
}

const varintSize = (n: number): number => (n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5);
const fieldSize = (len: number): number => 1 + varintSize(len) + len;

/** The payload's protobuf-encoded size, computed from its parts (no encoder needed here). */
export function payloadSize(payload: Payload): number {
  let size = 0;
  for (const [key, value] of Object.entries(payload.metadata ?? {})) {
    const entry = fieldSize(encodeUtf8(key).length) + fieldSize(value?.length ?? 0);
    size += fieldSize(entry);
  }
  const data = payload.data?.length ?? 0;
  if (data) size += fieldSize(data);
  return size;
}

/** Groups the indexes of `payloads` by the driver each goes to, then runs `fn` per driver, all at once. */
async function perDriver<T>(items: { index: number; driver: StorageDriver; value: T }[], fn: (driver: StorageDriver, values: T[]) => Promise<Payload[]>, out: Payload[]): Promise<void> {
  const groups = new Map<StorageDriver, { index: number; value: T }[]>();
  for (const { index, driver, value } of items) {
    const g = groups.get(driver) ?? [];
    g.push({ index, value });
    groups.set(driver, g);
  }
  await Promise.all(
    [...groups].map(async ([driver, group]) => {
      const results = await fn(driver, group.map((g) => g.value));
      if (results.length !== group.length) throw new ValueError(`Driver '${driver.name}' returned ${results.length} results for ${group.length} payloads`);
      group.forEach((g, i) => (out[g.index] = results[i]!));
    }),
  );
}

/** External storage as a payload codec: the last on the way out, the first on the way in. */
export function externalStorageCodec(storage: ExternalStorage): PayloadCodec {
  return {
    async encode(payloads) {
      const items: { index: number; driver: StorageDriver; value: Payload & { size: number } }[] = [];
      payloads.forEach((payload, index) => {
        const size = payloadSize(payload);
        if (size < storage.payloadSizeThreshold) return;
        const driver = storage.driverSelector({}, payload);
        if (!driver) return;
        if (storage.getDriver(driver.name) !== driver) throw new ValueError(`Driver '${driver.name}' returned by driverSelector is not registered in ExternalStorage.drivers`);
        items.push({ index, driver, value: Object.assign({}, payload, { size }) });
      });
      if (!items.length) return payloads;
      const out = [...payloads];
      await perDriver(
        items,
        async (driver, values) => {
          const claims = await driver.store({}, values.map(({ size: _size, ...p }) => p));
          return claims.map((claim, i) => referencePayload(driver.name, claim, values[i]!.size));
        },
        out,
      );
      return out;
    },
    async decode(payloads) {
      const items: { index: number; driver: StorageDriver; value: StorageDriverClaim }[] = [];
      payloads.forEach((payload, index) => {
        if (!isReferencePayload(payload)) return;
        const ref = readReference(payload);
        const driver = storage.getDriver(ref.driverName);
        if (!driver) throw new ValueError(`No driver registered with name '${ref.driverName}'`);
        items.push({ index, driver, value: new StorageDriverClaim(ref.claimData) });
      });
      if (!items.length) return payloads;
      const out = [...payloads];
      await perDriver(items, (driver, claims) => driver.retrieve({}, claims), out);
      return out;
    },
  };
}
