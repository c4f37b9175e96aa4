import type { IZeroTrustVpc } from '../../network/zero-trust-vpc';
import type { IEncryptionKey } from '../../shared/encryption-key';

/** What every part of a runner pipeline shares. */
export interface PipelineBase {
  /** Physical name prefix of the pipeline's resources (unique per stack and pipeline). */
  readonly name: string;
  readonly vpc: IZeroTrustVpc;
  readonly key: IEncryptionKey;
  readonly logRetentionDays: number;
  readonly codeSigningConfigArn?: string;
  readonly tags?: { [key: string]: string };
}
