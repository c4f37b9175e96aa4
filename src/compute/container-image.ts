import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { invalidProp } from '../shared/validation';

/** Where a container image comes from. Build one with the static factories. */
export abstract class ContainerImage {
  /**
   * An image in an ECR repository managed in this stack. `tagOrDigest` is an immutable tag such
   * as `1.4.2` or a digest `sha256:...`; `latest` is refused because it is mutable.
   */
  public static fromEcrRepository(repository: EcrRepository, tagOrDigest: string): ContainerImage {
    return new EcrImage(repository.arn, repository.repositoryUrl, tagOrDigest);
  }

  /**
   * An image in an existing ECR repository, by ARN
   * (`arn:aws:ecr:<region>:<account>:repository/<name>`).
   */
  public static fromEcrRepositoryArn(repositoryArn: string, tagOrDigest: string): ContainerImage {
    const m = /^arn:[a-z-]+:ecr:([a-z0-9-]+):(\d{12}):repository\/(.+)$/.exec(repositoryArn);
    const url = m ? `${m[2]}.dkr.ecr.${m[1]}.amazonaws.com/${m[3]}` : '';
    return new EcrImage(repositoryArn, url, tagOrDigest, !m && !Token.isUnresolved(repositoryArn));
  }

  /**
   * An image outside ECR, e.g. `public.ecr.aws/docker/library/nginx:1.27`. The execution role
   * gets no image-pull permissions for it; the task needs a route to the registry.
   */
  public static fromRegistry(imageReference: string): ContainerImage {
    return new RegistryImage(imageReference);
  }

  /** @internal */
  public abstract _bind(scope: IConstruct): BoundImage;
}

/** @internal */
export interface BoundImage {
  readonly imageUri: string;
  /** ARN of the ECR repository to pull from, if any. */
  readonly repositoryArn?: string;
}

class EcrImage extends ContainerImage {
  constructor(
    private readonly arn: string,
    private readonly url: string,
    private readonly tagOrDigest: string,
    private readonly malformedArn = false,
  ) { super(); }

  public _bind(scope: IConstruct): BoundImage {
    if (this.malformedArn) {
      throw invalidProp(scope, 'image', this.arn, 'an ECR repository ARN such as "arn:aws:ecr:eu-west-1:111122223333:repository/app"');
    }
    const ref = this.tagOrDigest;
    if (!Token.isUnresolved(ref)) {
      if (ref.toLowerCase() === 'latest' || ref === '') {
        throw invalidProp(scope, 'image', ref, 'an immutable tag such as "1.4.2" or a digest "sha256:<64 hex>"; "latest" is mutable, so what runs could change without a deployment');
      }
      if (!/^sha256:[0-9a-f]{64}$/.test(ref) && !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(ref)) {
        throw invalidProp(scope, 'image', ref, 'a tag of letters, digits, ".", "_", "-" (at most 128) or a digest "sha256:<64 hex>"');
      }
    }
    const sep = ref.startsWith('sha256:') ? '@' : ':';
    return { imageUri: `${this.url}${sep}${ref}`, repositoryArn: this.arn };
  }
}

class RegistryImage extends ContainerImage {
  constructor(private readonly ref: string) { super(); }

  public _bind(scope: IConstruct): BoundImage {
    if (!Token.isUnresolved(this.ref) && !/^[a-z0-9][a-z0-9.\-/:_@]*$/i.test(this.ref)) {
      throw invalidProp(scope, 'image', this.ref, 'an image reference such as "public.ecr.aws/docker/library/nginx:1.27"');
    }
    return { imageUri: this.ref };
  }
}
