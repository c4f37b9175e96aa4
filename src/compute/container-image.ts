import type { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { Fn, Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { ARNS, invalidProp } from '../shared/private/validation';

/** Where a container image comes from. Build one with the static factories. */
export abstract class ContainerImage {
  /**
   * An image in an ECR repository managed in this stack. `tagOrDigest` is an immutable tag such
   * as `1.4.2` (letters, digits, ".", "_", "-", at most 128) or a digest `sha256:<64 hex>`;
   * `latest` is refused because it is mutable.
   */
  public static fromEcrRepository(repository: EcrRepository, tagOrDigest: string): ContainerImage {
    return new EcrImage(repository?.arn, repository?.repositoryUrl, tagOrDigest);
  }

  /**
   * An image in an existing ECR repository, by ARN
   * (`arn:aws:ecr:<region>:<account>:repository/<name>`), with an immutable tag or a digest.
   */
  public static fromEcrRepositoryArn(repositoryArn: string, tagOrDigest: string): ContainerImage {
    const m = typeof repositoryArn === 'string' ? /^arn:([a-z-]+):ecr:([a-z0-9-]+):(\d{12}):repository\/(.+)$/.exec(repositoryArn) : null;
    const suffix = m?.[1] === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
    const url = m ? `${m[3]}.dkr.ecr.${m[2]}.${suffix}/${m[4]}` : Token.isUnresolved(repositoryArn) ? ecrUrlAtApply(repositoryArn) : '';
    return new EcrImage(repositoryArn, url, tagOrDigest, m ? m[2] : undefined);
  }

  /**
   * An image outside ECR, e.g. `public.ecr.aws/docker/library/nginx:1.27` or
   * `ghcr.io/org/app@sha256:<64 hex>`. A tag or digest is required and `latest` is refused: both
   * would let what runs change without a deployment. The execution role gets no image-pull
   * permissions for it, and the task needs a route to the registry (internet egress through NAT).
   */
  public static fromRegistry(imageReference: string): ContainerImage {
    return new RegistryImage(imageReference);
  }

  /** @internal */
  public abstract _bind(scope: IConstruct, prop?: string): BoundImage;
}

/** @internal */
export interface BoundImage {
  readonly imageUri: string;
  /** ARN of the ECR repository to pull from, if any. */
  readonly repositoryArn?: string;
  /** Region of the ECR repository, when known at synth. */
  readonly repositoryRegion?: string;
}

const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const IMMUTABLE = 'an immutable tag such as "1.4.2" or a digest "sha256:<64 hex>"; "latest" is mutable, so what runs could change without a deployment';

function requireTagOrDigest(scope: IConstruct, prop: string, ref: string): void {
  if (Token.isUnresolved(ref)) return;
  if (typeof ref !== 'string' || ref === '' || ref.toLowerCase() === 'latest') throw invalidProp(scope, prop, ref, IMMUTABLE);
  if (!DIGEST.test(ref) && !TAG.test(ref)) {
    throw invalidProp(scope, prop, ref, 'a tag of letters, digits, ".", "_", "-" (at most 128, not starting with "." or "-") or a digest "sha256:<64 hex>"');
  }
}

/**
 * The repository URL of an ECR ARN known only at apply time (another resource's attribute, a
 * variable): the same mapping as above, in Terraform's regex `replace` (China partition first).
 */
function ecrUrlAtApply(arn: string): string {
  const china = Fn.replace(arn, '/^arn:aws-cn:ecr:([^:]+):([0-9]{12}):repository/(.+)$/', '$2.dkr.ecr.$1.amazonaws.com.cn/$3');
  return Fn.replace(china, '/^arn:[^:]+:ecr:([^:]+):([0-9]{12}):repository/(.+)$/', '$2.dkr.ecr.$1.amazonaws.com/$3');
}

class EcrImage extends ContainerImage {
  constructor(
    private readonly arn: string,
    private readonly url: string,
    private readonly tagOrDigest: string,
    private readonly region?: string,
  ) { super(); }

  public _bind(scope: IConstruct, prop = 'image'): BoundImage {
    if (this.arn === undefined || this.url === undefined) throw invalidProp(scope, prop, undefined, 'an ECR repository (required)');
    if (!Token.isUnresolved(this.arn) && !ARNS.ecrRepository.pattern.test(this.arn)) {
      throw invalidProp(scope, prop, this.arn, `${ARNS.ecrRepository.what} such as "${ARNS.ecrRepository.example}" (no wildcards)`);
    }
    requireTagOrDigest(scope, prop, this.tagOrDigest);
    const sep = this.tagOrDigest.startsWith('sha256:') ? '@' : ':';
    return { imageUri: `${this.url}${sep}${this.tagOrDigest}`, repositoryArn: this.arn, repositoryRegion: this.region };
  }
}

// distribution/reference: [domain[:port]/]path[:tag][@digest], path components lower-case.
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::[0-9]+)?';
const REFERENCE = new RegExp(`^(?:(${DOMAIN})/)?(${COMPONENT}(?:/${COMPONENT})*)(?::([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@(sha256:[0-9a-f]{64}))?$`);

class RegistryImage extends ContainerImage {
  constructor(private readonly ref: string) { super(); }

  public _bind(scope: IConstruct, prop = 'image'): BoundImage {
    if (Token.isUnresolved(this.ref)) return { imageUri: this.ref };
    const m = typeof this.ref === 'string' ? REFERENCE.exec(this.ref) : null;
    if (!m || this.ref.length > 255) {
      throw invalidProp(scope, prop, this.ref, 'an image reference "[registry/]name:tag" or "[registry/]name@sha256:<64 hex>", e.g. "public.ecr.aws/docker/library/nginx:1.27"');
    }
    const [, , , tag, digest] = m;
    if (!digest && (!tag || tag.toLowerCase() === 'latest')) {
      throw invalidProp(scope, prop, this.ref, `a reference with ${IMMUTABLE} (without a tag the registry serves "latest")`);
    }
    return { imageUri: this.ref };
  }
}
