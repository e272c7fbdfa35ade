// The data converter: the payload converter, the failure converter and the payload codecs a client or worker
// uses, with external storage (when configured) as the last codec.
import { defaultFailureConverter, type FailureConverter } from './failure-converter.js';
import { defaultPayloadConverter, type PayloadConverter } from './payload-converter.js';
import type { PayloadCodec } from './payload-codec.js';
import { externalStorageCodec, type ExternalStorage } from './external-storage.js';

/** What users pass: any part left out gets the default. */
export interface DataConverter {
  payloadConverter?: PayloadConverter;
  failureConverter?: FailureConverter;
  /**
   * The official SDK's form: a module exporting `payloadConverter` (or `failureConverter`). The worker bundles it
   * into the workflow code; clients and activities load it with the worker.
   */
  payloadConverterPath?: string;
  failureConverterPath?: string;
  payloadCodecs?: PayloadCodec[];
  /** Large payloads kept outside history, by a storage driver. */
  externalStorage?: ExternalStorage;
}

export interface LoadedDataConverter {
  payloadConverter: PayloadConverter;
  failureConverter: FailureConverter;
  /** The user's codecs, then external storage (when configured) as the last one. */
  payloadCodecs: PayloadCodec[];
  externalStorage?: ExternalStorage;
}

/** Fills in defaults. Converters given by path must be loaded first (the worker and client do it). */
export function loadDataConverter(dc?: DataConverter): LoadedDataConverter {
  const codecs = dc?.payloadCodecs ?? [];
  return {
    payloadConverter: dc?.payloadConverter ?? defaultPayloadConverter,
    failureConverter: dc?.failureConverter ?? defaultFailureConverter,
    payloadCodecs: dc?.externalStorage ? [...codecs, externalStorageCodec(dc.externalStorage)] : codecs,
    externalStorage: dc?.externalStorage,
  };
}

export const defaultDataConverter: LoadedDataConverter = loadDataConverter();
