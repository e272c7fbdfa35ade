// The compute config of a worker deployment version (serverless workers the server starts through a compute
// provider): the temporal CLI's --aws-lambda-* and --gcp-cloud-run-* flags, checked and encoded as it encodes them.
import { defaultPayloadConverter, type Payload } from '@durable/common';
import type { OptionSpec } from '../command.js';
import type { Flags } from '../flags.js';
import { UsageError } from '../usage-error.js';

export const COMPUTE_OPTIONS: OptionSpec[] = [
  { name: 'aws-lambda-function-arn', type: 'string', description: 'ARN of the AWS Lambda function that runs these workers.' },
  { name: 'aws-lambda-assume-role-arn', type: 'string', description: 'IAM role the server assumes to invoke the function.' },
  { name: 'aws-lambda-assume-role-external-id', type: 'string', description: 'External ID for assuming that role.' },
  { name: 'aws-lambda-skip-role-and-external-id', type: 'bool', description: 'Invoke the function without assuming a role.' },
  { name: 'gcp-cloud-run-project', type: 'string', description: 'GCP project of the Cloud Run worker pool.' },
  { name: 'gcp-cloud-run-region', type: 'string', description: 'GCP region of the Cloud Run worker pool.' },
  { name: 'gcp-cloud-run-worker-pool', type: 'string', description: 'Cloud Run worker pool that runs these workers.' },
  { name: 'gcp-cloud-run-service-account', type: 'string', description: 'Service account the server impersonates to scale the pool.' },
  { name: 'gcp-cloud-run-min-instances', type: 'int', description: 'Fewest instances (set with the other three scaling flags).' },
  { name: 'gcp-cloud-run-max-instances', type: 'int', description: 'Most instances (set with the other three scaling flags).' },
  { name: 'gcp-cloud-run-initial-instances', type: 'int', description: 'Instances at start (set with the other three scaling flags).' },
  { name: 'gcp-cloud-run-utilization-target', type: 'float', description: 'Utilization to scale toward, in (0, 1] (set with the other three scaling flags).' },
];

const SCALING = ['gcp-cloud-run-min-instances', 'gcp-cloud-run-max-instances', 'gcp-cloud-run-initial-instances', 'gcp-cloud-run-utilization-target'];
/** Each provider's scaling algorithm, as the auto-scaled-workers service pairs them. */
const SCALER_OF: Record<string, string> = { 'aws-lambda': 'no-sync', 'gcp-cloud-run': 'rate-based' };

const json = (v: unknown): Payload => defaultPayloadConverter.toPayload(v);

/** Any --aws-lambda-* / --gcp-cloud-run-* flag given. */
export function anyComputeFlag(flags: Flags): boolean {
  return COMPUTE_OPTIONS.some((o) => flags.has(o.name));
}

/** The provider the flags name, with its details; undefined when none is named. */
export function computeProvider(flags: Flags): { type: string; details: Payload } | undefined {
  const s = (n: string) => flags.string(n) ?? '';
  const aws = ['aws-lambda-function-arn', 'aws-lambda-assume-role-arn', 'aws-lambda-assume-role-external-id'].some((n) => s(n));
  const gcp = ['gcp-cloud-run-project', 'gcp-cloud-run-region', 'gcp-cloud-run-worker-pool', 'gcp-cloud-run-service-account'].some((n) => s(n));
  if (aws && gcp) throw new UsageError('cannot combine --aws-lambda-* and --gcp-cloud-run-* flags; a worker deployment version has a single compute provider');
  if (s('aws-lambda-function-arn')) {
    const details: Record<string, string> = { arn: s('aws-lambda-function-arn') };
    if (s('aws-lambda-assume-role-arn')) details.role = s('aws-lambda-assume-role-arn');
    if (s('aws-lambda-assume-role-external-id')) details.role_external_id = s('aws-lambda-assume-role-external-id');
    if (flags.bool('aws-lambda-skip-role-and-external-id')) {
      if (details.role || details.role_external_id) throw new UsageError('--aws-lambda-assume-role-arn and --aws-lambda-assume-role-external-id cannot be set with --aws-lambda-skip-role-and-external-id');
    } else if (!details.role || !details.role_external_id) {
      throw new UsageError('--aws-lambda-function-arn needs --aws-lambda-assume-role-arn and --aws-lambda-assume-role-external-id (or --aws-lambda-skip-role-and-external-id)');
    }
    return { type: 'aws-lambda', details: json(details) };
  }
  if (s('gcp-cloud-run-worker-pool')) {
    const details = { project: s('gcp-cloud-run-project'), region: s('gcp-cloud-run-region'), worker_pool: s('gcp-cloud-run-worker-pool'), service_account: s('gcp-cloud-run-service-account') };
    const missing = Object.entries(details).find(([, v]) => !v);
    if (missing) throw new UsageError(`--gcp-cloud-run-worker-pool needs --gcp-cloud-run-${missing[0].replace('_', '-')}`);
    return { type: 'gcp-cloud-run', details: json(details) };
  }
  if (aws || gcp) throw new UsageError(aws ? '--aws-lambda-* flags need --aws-lambda-function-arn' : '--gcp-cloud-run-* flags need --gcp-cloud-run-worker-pool');
  return undefined;
}

/** The scaler type of a provider. */
export const scalerType = (provider: string): string => SCALER_OF[provider];

/** The Cloud Run scaling settings (all four or none), checked as the temporal CLI checks them. */
export function scalerDetails(flags: Flags, provider: string): Payload | undefined {
  const given = SCALING.filter((n) => flags.has(n));
  if (!given.length) return undefined;
  if (provider !== 'gcp-cloud-run') throw new UsageError('the Cloud Run scaling flags are only valid with --gcp-cloud-run-worker-pool');
  if (given.length < SCALING.length) throw new UsageError(`${SCALING.map((n) => `--${n}`).join(', ')} must be set together`);
  const [min, max, initial, utilization] = SCALING.map((n) => flags.number(n)!);
  if (min < 0) throw new UsageError('--gcp-cloud-run-min-instances cannot be negative');
  if (max < 1) throw new UsageError('--gcp-cloud-run-max-instances must be at least 1');
  if (min > max) throw new UsageError('--gcp-cloud-run-min-instances cannot exceed --gcp-cloud-run-max-instances');
  if (initial < min || initial > max) throw new UsageError('--gcp-cloud-run-initial-instances must be between the min and max instances');
  if (utilization <= 0 || utilization > 1) throw new UsageError('--gcp-cloud-run-utilization-target must be greater than 0 and at most 1');
  return json({ min_count: min, max_count: max, initial_count: initial, utilization_target: utilization });
}
