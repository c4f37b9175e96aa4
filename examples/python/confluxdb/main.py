#!/usr/bin/env python3
"""ConfluxDB reference app in Python: the same infrastructure as examples/confluxdb/main.ts.

Install (see the README): pip install confluxdb-cdktf-blueprint cdktf==0.21.0 cdktf-cdktf-provider-aws==21.22.1
"""
import gc
import os

# Importing the AWS provider's Python package imports its ~2,200 submodules and creates ~1.8 million
# objects; Python's cyclic garbage collector walks all of them in every full collection it starts
# meanwhile (11 on Python 3.11): about 40% of the import's Python time (`npm run bench` measures it).
# Nothing here is garbage yet, so the collector stays off until the imports are done.
gc.disable()

from cdktf import App, LocalBackend, S3Backend, TerraformOutput, TerraformStack  # noqa: E402
from cdktf_cdktf_provider_aws.ecr_repository import (  # noqa: E402
    EcrRepository,
    EcrRepositoryEncryptionConfiguration,
    EcrRepositoryImageScanningConfiguration,
)
from cdktf_cdktf_provider_aws.provider import AwsProvider, AwsProviderDefaultTags  # noqa: E402
from confluxdb_cdktf_blueprint import (  # noqa: E402
    ContainerHealthCheck,
    ContainerImage,
    DeployRoleOptions,
    EncryptionKey,
    EphemeralRunnerPipeline,
    FargateCluster,
    GitHubOidcProvider,
    LeastPrivilegeFargateService,
    PolicyStatementProps,
    PrivateMultiAzDatabase,
    ZeroTrustGuard,
    ZeroTrustVpc,
)
from constructs import Construct  # noqa: E402

gc.enable()


class ConfluxDbStack(TerraformStack):
    def __init__(self, scope: Construct, id: str, *, profile: str, region: str, availability_zones: list,
                 github_app_id: str, github_repository: str, creates_github_oidc_provider: bool) -> None:
        super().__init__(scope, id)
        prod = profile == "prod"
        AwsProvider(self, "aws", region=region, default_tags=[
            AwsProviderDefaultTags(tags={"project": "confluxdb", "environment": profile, "managed-by": "cdktf"}),
        ])

        key = EncryptionKey(self, "PlatformKey", description=f"ConfluxDB {profile} platform data and logs")

        network = ZeroTrustVpc(self, "Network",
                               cidr_block="10.40.0.0/16",
                               availability_zones=availability_zones[: 3 if prod else 2],
                               nat_gateways=3 if prod else 1,
                               encryption_key=key)

        database = PrivateMultiAzDatabase(self, "Database",
                                          vpc=network,
                                          instance_class="db.m7g.large" if prod else "db.t4g.medium",
                                          allocated_storage_gib=100 if prod else 20,
                                          max_allocated_storage_gib=1000 if prod else 100,
                                          backup_retention_days=30 if prod else 7,
                                          # dev is a throwaway environment: `cdktf destroy` must be able to remove it.
                                          deletion_protection=prod,
                                          final_snapshot=prod,
                                          retain_automated_backups=prod,
                                          database_name="confluxdb",
                                          master_username="confluxdb_admin",
                                          encryption_key=key)

        def images(construct_id: str, name: str) -> EcrRepository:
            return EcrRepository(self, construct_id,
                                 name=f"confluxdb-{profile}/{name}",
                                 # dev: `cdktf destroy` deletes the repository with its images; prod refuses while images exist.
                                 force_delete=not prod,
                                 image_tag_mutability="IMMUTABLE",
                                 image_scanning_configuration=EcrRepositoryImageScanningConfiguration(scan_on_push=True),
                                 encryption_configuration=[EcrRepositoryEncryptionConfiguration(encryption_type="KMS", kms_key=key.key_arn)])

        repository = images("PlatformImages", "platform")
        cluster = FargateCluster(self, "Cluster")
        platform = LeastPrivilegeFargateService(self, "DataPlatform",
                                                vpc=network,
                                                cluster=cluster,
                                                image=ContainerImage.from_ecr_repository(repository, os.environ.get("CONFLUXDB_IMAGE_TAG", "1.0.0")),
                                                container_port=8080,
                                                cpu=1024 if prod else 256,
                                                memory_mib=2048 if prod else 512,
                                                min_capacity=3 if prod else 1,
                                                desired_count=3 if prod else 1,
                                                max_capacity=12 if prod else 2,
                                                use_fargate_spot=not prod,
                                                encryption_key=key,
                                                environment={
                                                    "CONFLUXDB_DB_HOST": database.endpoint_address,
                                                    "CONFLUXDB_DB_PORT": str(int(database.port)),
                                                    "CONFLUXDB_DB_NAME": database.database_name,
                                                    "CONFLUXDB_DB_USER": "confluxdb_app",
                                                    "CONFLUXDB_PROFILE": profile,
                                                },
                                                secrets={
                                                    "CONFLUXDB_MIGRATION_USER": database.master_user_secret("username"),
                                                    "CONFLUXDB_MIGRATION_PASSWORD": database.master_user_secret("password"),
                                                },
                                                health_check=ContainerHealthCheck(command=["CMD", "/app/healthcheck"], start_period_seconds=30))
        database.grant_connect(platform, "confluxdb_app")

        runner_images = images("RunnerImages", "github-runner")
        # IAM holds one GitHub OIDC provider per account: create it here, or use the account's (apply its creator first).
        github_oidc = (GitHubOidcProvider(self, "GitHubOidc") if creates_github_oidc_provider
                       else GitHubOidcProvider.from_account(self, "GitHubOidc"))
        pipeline = EphemeralRunnerPipeline(self, "Automation",
                                           vpc=network,
                                           cluster=cluster,
                                           encryption_key=key,
                                           github_app_id=github_app_id,
                                           runner_scope=github_repository,
                                           runner_image=ContainerImage.from_ecr_repository(runner_images, os.environ.get("CONFLUXDB_RUNNER_TAG", "2.338.0")),
                                           max_concurrent_runners=10 if prod else 3,
                                           pull_runner_image_through_endpoints=True,
                                           deletion_protection=prod,
                                           secret_recovery_window_days=30 if prod else 0,
                                           use_fargate_spot=not prod,
                                           deploy_role=DeployRoleOptions(
                                               repository=github_repository,
                                               branch="main",
                                               oidc_provider=github_oidc,
                                               statements=[
                                                   PolicyStatementProps(actions=["ecr:GetAuthorizationToken"], resources=["*"]),
                                                   PolicyStatementProps(actions=["ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart",
                                                                                 "ecr:CompleteLayerUpload", "ecr:PutImage", "ecr:BatchGetImage"],
                                                                        resources=[repository.arn]),
                                                   PolicyStatementProps(actions=["ecs:UpdateService", "ecs:DescribeServices"], resources=[platform.service_arn]),
                                               ]))

        TerraformOutput(self, "vpc_id", value=network.vpc_id)
        TerraformOutput(self, "github_webhook_url", value=pipeline.webhook_url)
        TerraformOutput(self, "github_webhook_secret_arn", value=pipeline.webhook_secret.secret_arn)
        TerraformOutput(self, "github_app_key_secret_arn", value=pipeline.github_app_key_secret.secret_arn)
        TerraformOutput(self, "github_deploy_role_arn", value=pipeline.deploy_role.role_arn)
        TerraformOutput(self, "platform_service", value=platform.service_name)
        TerraformOutput(self, "database_endpoint", value=database.endpoint_address)
        TerraformOutput(self, "database_master_secret_arn", value=database.master_user_secret_arn)


def configure_state_backend(stack: TerraformStack, region: str) -> None:
    """Local state under cdktf.out/state, or S3 with native locking: as examples/confluxdb/state.ts."""
    stack_id = stack.node.id
    bucket = (os.environ.get("CONFLUXDB_STATE_BUCKET") or "").strip()
    if not bucket:
        LocalBackend(stack, path=f"../../state/{stack_id}.tfstate", workspace_dir=f"../../state/{stack_id}.tfstate.d")
        return
    backend = S3Backend(stack, bucket=bucket,
                        key=f"{os.environ.get('CONFLUXDB_STATE_KEY_PREFIX', 'confluxdb/')}{stack_id}.tfstate",
                        region=os.environ.get("CONFLUXDB_STATE_REGION") or region, encrypt=True)
    backend.add_override("use_lockfile", True)


app = App()
region = os.environ.get("CONFLUXDB_REGION") or os.environ.get("AWS_REGION") or "eu-west-1"
azs = (os.environ.get("CONFLUXDB_AZS") or ",".join(f"{region}{letter}" for letter in "abc")).split(",")
github = {
    "github_app_id": os.environ.get("CONFLUXDB_GITHUB_APP_ID", "123456"),
    "github_repository": os.environ.get("CONFLUXDB_GITHUB_REPOSITORY", "confluxdb/confluxdb"),
}
# One setting picks the profile(s): CONFLUXDB_PROFILE=dev, =prod, or both (the default).
profiles = os.environ.get("CONFLUXDB_PROFILE", "dev,prod").split(",")
# Profiles of one app share an account, which holds one GitHub OIDC provider: prod owns it (dev is
# destroyed often), a profile alone owns its own. Profiles in separate accounts: one app each.
# CONFLUXDB_GITHUB_OIDC_PROVIDER=existing: the account has one already, every stack uses it.
existing_oidc_provider = os.environ.get("CONFLUXDB_GITHUB_OIDC_PROVIDER") == "existing"
oidc_owner = None if existing_oidc_provider else "prod" if "prod" in profiles else profiles[0]
for profile in profiles:
    if profile not in ("dev", "prod"):
        raise SystemExit(f'CONFLUXDB_PROFILE: unknown profile "{profile}"; use dev, prod or dev,prod')
    stack = ConfluxDbStack(app, f"confluxdb-{profile}", profile=profile, region=region, availability_zones=azs,
                           creates_github_oidc_provider=profile == oidc_owner, **github)
    configure_state_backend(stack, region)
# Every stack is checked at synth; an unsuppressed error finding fails it. Reports land next to
# each cdk.tf.json: zero-trust-report.json and zero-trust.sarif (for GitHub code scanning).
ZeroTrustGuard.apply_to(app)
app.synth()
