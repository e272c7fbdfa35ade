// Where the worker and the client find the server: Temporal's environment configuration, so the same code runs on
// the local dev server (`npm run server`, localhost:7233 by default), a Temporal cluster or Temporal Cloud. Set
// TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, or a profile in temporal.toml (TEMPORAL_PROFILE picks one);
// `npx durable config set --prop address --value host:port` writes one.
import { loadClientConnectConfig } from '@durable/envconfig';

export const TASK_QUEUE = 'greetings';

const config = loadClientConnectConfig();
export const connectionOptions = config.connectionOptions;
export const namespace = config.namespace ?? 'default';
