// Where the worker and the client find the server. `npm run server` starts a local one on localhost:7233; point
// TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE elsewhere (a Temporal cluster, Temporal Cloud with TEMPORAL_API_KEY) to
// run the same code there.
export const TASK_QUEUE = 'greetings';

export const connectionOptions = {
  address: process.env.TEMPORAL_ADDRESS ?? 'localhost:7233',
  apiKey: process.env.TEMPORAL_API_KEY,
};

export const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
