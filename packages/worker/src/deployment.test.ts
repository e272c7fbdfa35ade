// workerDeploymentOptions -> what polls and workflow task completions carry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { temporal } from '@durable/proto';
import { compileDeployment } from './deployment.js';

const Mode = temporal.api.enums.v1.WorkerVersioningMode;
const Behavior = temporal.api.enums.v1.VersioningBehavior;
const version = { deploymentName: 'shop', buildId: 'b1' };

test('versioned: the version and mode in every request; the workflow’s declared behavior, else the default', () => {
  const d = compileDeployment({ version, useWorkerVersioning: true, defaultVersioningBehavior: 'PINNED' })!;
  assert.deepEqual(d.proto, { deploymentName: 'shop', buildId: 'b1', workerVersioningMode: Mode.WORKER_VERSIONING_MODE_VERSIONED });
  assert.equal(d.behavior(undefined), Behavior.VERSIONING_BEHAVIOR_PINNED);
  assert.equal(d.behavior('AUTO_UPGRADE'), Behavior.VERSIONING_BEHAVIOR_AUTO_UPGRADE);
});

test('unversioned: the version is reported, no behavior; no options, nothing sent; bad options refused', () => {
  const d = compileDeployment({ version, useWorkerVersioning: false })!;
  assert.equal(d.proto.workerVersioningMode, Mode.WORKER_VERSIONING_MODE_UNVERSIONED);
  assert.equal(d.behavior('PINNED'), undefined);
  assert.equal(compileDeployment(undefined), undefined);
  assert.throws(() => compileDeployment({ version: { deploymentName: 'shop', buildId: '' }, useWorkerVersioning: false }), /deploymentName and a buildId/);
  assert.throws(() => compileDeployment({ version, useWorkerVersioning: true } as never), /defaultVersioningBehavior is required/);
});
