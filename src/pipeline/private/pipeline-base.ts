import type { IFargateCluster } from '../../compute/fargate-cluster';
import type { IZeroTrustVpc } from '../../network/zero-trust-vpc';
import type { EncryptedQueue } from '../../shared/encrypted-queue';
import type { EncryptedTable } from '../../shared/encrypted-table';
import type { IEncryptionKey } from '../../shared/encryption-key';
import type { ISecret } from '../../shared/secret';

/** What every part of a runner pipeline shares. */
export interface PipelineBase {
  /** Physical name prefix of the pipeline's resources (unique per stack and pipeline). */
  readonly name: string;
  readonly vpc: IZeroTrustVpc;
  readonly key: IEncryptionKey;
  readonly logRetentionDays: number;
  readonly codeSigningConfigArn?: string;
  /** Reserve each function's concurrency (`EphemeralRunnerPipelineProps.reserveConcurrency`). */
  readonly reserveConcurrency: boolean;
  readonly tags?: { [key: string]: string };
}

/** What the handlers share: identity of the pipeline, GitHub, the queue, the table, the cluster. */
export interface PipelineRuntime {
  /** Name prefix of this pipeline's runners. */
  readonly runnerPrefix: string;
  /** `startedBy` of this pipeline's runner tasks. */
  readonly startedBy: string;
  /** `owner/repo` or `org`. */
  readonly runnerScope: string;
  readonly githubAppId: string;
  readonly appKey: ISecret;
  readonly jobs: EncryptedTable;
  readonly queue: EncryptedQueue;
  readonly deadLetterQueue: EncryptedQueue;
  readonly cluster: IFargateCluster;
  readonly maxJobAgeSeconds: number;
  readonly claimTtlSeconds: number;
}
