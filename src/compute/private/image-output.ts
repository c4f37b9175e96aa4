import { Fn, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import type { BoundImage } from '../container-image';

/**
 * A Terraform output that says which image must exist before `what` can run, and for an ECR image
 * the commands that push it: the first apply creates repositories empty, and tasks that point at a
 * tag nobody pushed yet fail to pull (ECS retries) until it is there.
 */
export function imageOutput(scope: Construct, id: string, image: BoundImage, what: string): TerraformOutput {
  if (!image.repositoryArn) {
    return new TerraformOutput(scope, id, {
      description: `The image ${what} runs; it must be pullable before its tasks can start`,
      value: { image: image.imageUri, must_exist: `${image.imageUri} (pulled through NAT) before ${what} can start a task` },
    });
  }
  // <account>.dkr.ecr.<region>.amazonaws.com[.cn]/<name>:<tag> (or @sha256:<digest>)
  const registry = Fn.element(Fn.split('/', image.imageUri), 0);
  const region = Fn.element(Fn.split('.', registry), 3);
  return new TerraformOutput(scope, id, {
    description: `The image ${what} runs: push it before its tasks can start (the repository may have been created empty)`,
    value: {
      image: image.imageUri,
      must_exist: `${image.imageUri} in ECR before ${what} can start a task; until then ECS retries the pull (CannotPullContainerError)`,
      push_commands: [
        `aws ecr get-login-password --region ${region} | docker login --username AWS --password-stdin ${registry}`,
        `docker tag <local image> ${image.imageUri}`,
        `docker push ${image.imageUri}`,
      ],
    },
  });
}
