// The official worker's connection class: here the gRPC connection the client uses, whose plugins rewrite its
// options with configureNativeConnection (a Connection applies configureConnection).
import { Connection, type ConnectionOptions } from '@durable/client';

export type NativeConnectionOptions = ConnectionOptions;

/** A plugin that rewrites a NativeConnection's options before it is made (see WorkerPlugin). */
export interface NativeConnectionPlugin {
  readonly name: string;
  /** Returns the connection options to use in place of `options`. */
  configureNativeConnection?(options: NativeConnectionOptions): NativeConnectionOptions;
}

export class NativeConnection extends Connection {
  static override async connect(options: NativeConnectionOptions = {}): Promise<NativeConnection> {
    return (await super.connect(options)) as NativeConnection;
  }

  static override lazy(options: NativeConnectionOptions = {}): NativeConnection {
    return super.lazy(options) as NativeConnection;
  }

  protected override configure(options: NativeConnectionOptions): NativeConnectionOptions {
    for (const plugin of (options.plugins ?? []) as NativeConnectionPlugin[]) {
      if (plugin.configureNativeConnection) options = plugin.configureNativeConnection(options);
    }
    return options;
  }
}
