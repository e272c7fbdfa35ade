import type { ContinueAsNew as ContinueAsNewCommand } from './protocol.js';
import { markErrorClass } from '@durable/common';

/** Thrown by continueAsNew(): ends this run and starts a new one with the command's arguments. */
export class ContinueAsNew extends Error {
  constructor(readonly command: ContinueAsNewCommand) {
    super('Workflow continued as new');
  }
}
markErrorClass(ContinueAsNew, 'ContinueAsNew');
