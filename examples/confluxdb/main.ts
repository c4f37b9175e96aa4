/**
 * ConfluxDB reference app: the blueprint composed from this library's constructs.
 *
 * Two profiles with the same security and different cost: `dev` (two AZs, one NAT gateway,
 * smaller database) and `prod` (three AZs, a NAT gateway per AZ). Region and names come from the
 * environment, with defaults so that `npm run synth` needs nothing else.
 */
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { configureStateBackend } from './state';
import {
  ContainerImage, EncryptionKey, EphemeralRunnerPipeline, FargateCluster, GitHubOidcProvider, LeastPrivilegeFargateService,
  PrivateMultiAzDatabase, ZeroTrustGuard, ZeroTrustVpc,
} from '../../src';

export type Profile = 'dev' | 'prod';

export interface ConfluxDbStackProps {
  readonly profile: Profile;
  readonly region: string;
  /** GitHub App that registers the runners, and the repository they serve and deploy. */
  readonly githubAppId: string;
  readonly githubRepository: string;
  /** Pinned zones, so subnets never move when AWS adds a zone to the region. */
  readonly availabilityZones: string[];
  /**
   * This stack creates the account's GitHub OIDC provider (IAM holds one per URL per account);
   * otherwise it uses the one its account already has, so apply the creating stack first.
   */
  readonly createsGitHubOidcProvider: boolean;
}

export class ConfluxDbStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: ConfluxDbStackProps) {
    super(scope, id);
    const prod = props.profile === 'prod';
    new AwsProvider(this, 'aws', {
      region: props.region,
      defaultTags: [{ tags: { 'project': 'confluxdb', 'environment': props.profile, 'managed-by': 'cdktf' } }],
    });

    // One customer-managed key for the platform's logs and data keeps the bill at $1/month.
    const key = new EncryptionKey(this, 'PlatformKey', { description: `ConfluxDB ${props.profile} platform data and logs` });

    const network = new ZeroTrustVpc(this, 'Network', {
      cidrBlock: '10.40.0.0/16',
      availabilityZones: props.availabilityZones.slice(0, prod ? 3 : 2),
      natGateways: prod ? 3 : 1,
      encryptionKey: key,
    });

    const database = new PrivateMultiAzDatabase(this, 'Database', {
      vpc: network,
      instanceClass: prod ? 'db.m7g.large' : 'db.t4g.medium',
      allocatedStorageGiB: prod ? 100 : 20,
      maxAllocatedStorageGiB: prod ? 1000 : 100,
      backupRetentionDays: prod ? 30 : 7,
      // dev is a throwaway environment: `cdktf destroy` must be able to remove it, again and again.
      deletionProtection: prod,
      finalSnapshot: prod,
      retainAutomatedBackups: prod,
      databaseName: 'confluxdb',
      masterUsername: 'confluxdb_admin',
      encryptionKey: key,
    });

    // The data platform's image lives in this account's ECR: scanned on push, immutable tags, KMS.
    const repository = new EcrRepository(this, 'PlatformImages', {
      name: `confluxdb-${props.profile}/platform`,
      // dev: `cdktf destroy` deletes the repository with its images; prod refuses while images exist.
      forceDelete: !prod,
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: key.keyArn }],
    });

    const cluster = new FargateCluster(this, 'Cluster');
    const platform = new LeastPrivilegeFargateService(this, 'DataPlatform', {
      vpc: network,
      cluster,
      image: ContainerImage.fromEcrRepository(repository, process.env.CONFLUXDB_IMAGE_TAG ?? '1.0.0'),
      containerPort: 8080,
      cpu: prod ? 1024 : 256,
      memoryMiB: prod ? 2048 : 512,
      minCapacity: prod ? 3 : 1,
      desiredCount: prod ? 3 : 1,
      maxCapacity: prod ? 12 : 2,
      useFargateSpot: !prod,
      encryptionKey: key,
      environment: {
        CONFLUXDB_DB_HOST: database.endpointAddress,
        CONFLUXDB_DB_PORT: String(database.port),
        CONFLUXDB_DB_NAME: database.databaseName,
        CONFLUXDB_DB_USER: 'confluxdb_app',
        CONFLUXDB_PROFILE: props.profile,
      },
      // Injected by the ECS agent at start; the values never touch Terraform or the task definition.
      secrets: {
        CONFLUXDB_MIGRATION_USER: database.masterUserSecret('username'),
        CONFLUXDB_MIGRATION_PASSWORD: database.masterUserSecret('password'),
      },
      healthCheck: { command: ['CMD', '/app/healthcheck'], startPeriodSeconds: 30 },
    });
    // The seed's rule: DB SG admits 5432 FROM the platform's SG ID, plus IAM auth as confluxdb_app.
    database.grantConnect(platform, 'confluxdb_app');

    // CI/CD: webhook -> API Gateway -> SQS -> launcher -> single-use Fargate runner; AWS access
    // for jobs only through the OIDC deploy role of the repository's main branch.
    const runnerImages = new EcrRepository(this, 'RunnerImages', {
      name: `confluxdb-${props.profile}/github-runner`,
      forceDelete: !prod,
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: key.keyArn }],
    });
    const githubOidc = props.createsGitHubOidcProvider
      ? new GitHubOidcProvider(this, 'GitHubOidc')
      : GitHubOidcProvider.fromAccount(this, 'GitHubOidc');
    const pipeline = new EphemeralRunnerPipeline(this, 'Automation', {
      vpc: network,
      cluster,
      encryptionKey: key,
      githubAppId: props.githubAppId,
      runnerScope: props.githubRepository,
      runnerImage: ContainerImage.fromEcrRepository(runnerImages, process.env.CONFLUXDB_RUNNER_TAG ?? '2.338.0'),
      maxConcurrentRunners: prod ? 10 : 3,
      // The runner image lives in this account's ECR: pulled through the VPC endpoints, not NAT.
      pullRunnerImageThroughEndpoints: true,
      useFargateSpot: !prod,
      deletionProtection: prod,
      secretRecoveryWindowDays: prod ? 30 : 0,
      deployRole: {
        repository: props.githubRepository,
        branch: 'main',
        oidcProvider: githubOidc,
        statements: [
          { actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
          {
            actions: ['ecr:BatchCheckLayerAvailability', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage', 'ecr:BatchGetImage'],
            resources: [repository.arn],
          },
          { actions: ['ecs:UpdateService', 'ecs:DescribeServices'], resources: [platform.serviceArn] },
        ],
      },
    });

    new TerraformOutput(this, 'vpc_id', { value: network.vpcId });
    new TerraformOutput(this, 'github_webhook_url', { value: pipeline.webhookUrl });
    new TerraformOutput(this, 'github_webhook_secret_arn', { value: pipeline.webhookSecret.secretArn });
    new TerraformOutput(this, 'github_app_key_secret_arn', { value: pipeline.githubAppKeySecret.secretArn });
    new TerraformOutput(this, 'github_deploy_role_arn', { value: pipeline.deployRole!.roleArn });
    new TerraformOutput(this, 'platform_service', { value: platform.serviceName });
    new TerraformOutput(this, 'database_endpoint', { value: database.endpointAddress });
    new TerraformOutput(this, 'database_master_secret_arn', { value: database.masterUserSecretArn });
  }
}

const app = new App();
const region = process.env.CONFLUXDB_REGION ?? process.env.AWS_REGION ?? 'eu-west-1';
// Zone letters differ per region (ap-northeast-1 has no "b"); set CONFLUXDB_AZS where a, b, c do not exist.
const availabilityZones = (process.env.CONFLUXDB_AZS ?? ['a', 'b', 'c'].map(l => `${region}${l}`).join(',')).split(',');
const github = {
  githubAppId: process.env.CONFLUXDB_GITHUB_APP_ID ?? '123456',
  githubRepository: process.env.CONFLUXDB_GITHUB_REPOSITORY ?? 'confluxdb/confluxdb',
};
// One setting picks the profile(s): CONFLUXDB_PROFILE=dev, =prod, or both (the default).
const profiles = (process.env.CONFLUXDB_PROFILE ?? 'dev,prod').split(',');
// Profiles of one app share an account, which holds one GitHub OIDC provider: prod owns it (dev is
// destroyed often), a profile alone owns its own. Profiles in separate accounts: one app each.
// CONFLUXDB_GITHUB_OIDC_PROVIDER=existing: the account has one already, every stack uses it.
const existingOidcProvider = process.env.CONFLUXDB_GITHUB_OIDC_PROVIDER === 'existing';
const oidcOwner = existingOidcProvider ? undefined : profiles.includes('prod') ? 'prod' : profiles[0];
for (const profile of profiles) {
  if (profile !== 'dev' && profile !== 'prod') throw new Error(`CONFLUXDB_PROFILE: unknown profile "${profile}"; use dev, prod or dev,prod`);
  const stack = new ConfluxDbStack(app, `confluxdb-${profile}`, { profile, region, availabilityZones, createsGitHubOidcProvider: profile === oidcOwner, ...github });
  configureStateBackend(stack, region); // local state under cdktf.out/state, or S3: see ./state.ts
}
// Every stack is checked at synth; an unsuppressed error finding fails it. Reports land next to
// each cdk.tf.json: zero-trust-report.json and zero-trust.sarif (for GitHub code scanning).
ZeroTrustGuard.applyTo(app);
app.synth();
