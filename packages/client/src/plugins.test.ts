import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, Connection, type ClientOptions, type ConnectionOptions, type WorkflowClientInterceptor } from './index.js';

test('a client applies its own plugins, then its connection’s, each to the options the previous one returned', async () => {
  const order: string[] = [];
  const interceptor: WorkflowClientInterceptor = {};
  const onConnection = {
    name: 'on-connection',
    configureConnection(options: ConnectionOptions): ConnectionOptions {
      order.push('configureConnection');
      return { ...options, metadata: { ...options.metadata, team: 'payments' } };
    },
    configureClient(options: ClientOptions): ClientOptions {
      order.push(`on-connection.configureClient namespace=${options.namespace}`);
      return { ...options, interceptors: { ...options.interceptors, workflow: [...(options.interceptors?.workflow ?? []), interceptor] } };
    },
  };
  const own = {
    name: 'own',
    configureClient(options: ClientOptions): ClientOptions {
      order.push('own.configureClient');
      return { ...options, namespace: 'orders' };
    },
  };
  const connection = Connection.lazy({ address: '127.0.0.1:1', plugins: [onConnection] });
  try {
    assert.deepEqual(connection.options.metadata, { team: 'payments' });
    const client = new Client({ connection, plugins: [own] });
    assert.deepEqual(order, ['configureConnection', 'own.configureClient', 'on-connection.configureClient namespace=orders']);
    assert.equal(client.options.namespace, 'orders');
    assert.deepEqual(client.options.interceptors.workflow, [interceptor]);
    assert.deepEqual(client.options.plugins.map((p) => p.name), ['own', 'on-connection']);
  } finally {
    await connection.close();
  }
});
