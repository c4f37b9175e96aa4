// ConfluxDB reference app in Go: the same infrastructure as examples/confluxdb/main.ts.
package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v21/ecrrepository"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v21/provider"
	"github.com/confluxdb/cdktf-blueprint-go/blueprint"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
)

func env(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

func pick[T any](prod bool, p, d T) T {
	if prod {
		return p
	}
	return d
}

type stackProps struct {
	profile, region, githubAppID, githubRepository string
	availabilityZones                              []string
	// IAM holds one GitHub OIDC provider per account: this stack creates it, or uses the account's.
	createsGitHubOidcProvider bool
}

func newConfluxDbStack(scope constructs.Construct, id string, props stackProps) cdktf.TerraformStack {
	stack := cdktf.NewTerraformStack(scope, jsii.String(id))
	prod := props.profile == "prod"
	provider.NewAwsProvider(stack, jsii.String("aws"), &provider.AwsProviderConfig{
		Region: jsii.String(props.region),
		DefaultTags: &[]*provider.AwsProviderDefaultTags{{
			Tags: &map[string]*string{"project": jsii.String("confluxdb"), "environment": jsii.String(props.profile), "managed-by": jsii.String("cdktf")},
		}},
	})

	key := blueprint.NewEncryptionKey(stack, jsii.String("PlatformKey"), &blueprint.EncryptionKeyProps{
		Description: jsii.String(fmt.Sprintf("ConfluxDB %s platform data and logs", props.profile)),
	})

	network := blueprint.NewZeroTrustVpc(stack, jsii.String("Network"), &blueprint.ZeroTrustVpcProps{
		CidrBlock:         jsii.String("10.40.0.0/16"),
		AvailabilityZones: jsii.Strings(props.availabilityZones[:pick(prod, 3, 2)]...),
		NatGateways:       jsii.Number(pick(prod, 3.0, 1.0)),
		EncryptionKey:     key,
	})

	database := blueprint.NewPrivateMultiAzDatabase(stack, jsii.String("Database"), &blueprint.PrivateMultiAzDatabaseProps{
		Vpc:                    network,
		InstanceClass:          jsii.String(pick(prod, "db.m7g.large", "db.t4g.medium")),
		AllocatedStorageGiB:    jsii.Number(pick(prod, 100.0, 20.0)),
		MaxAllocatedStorageGiB: jsii.Number(pick(prod, 1000.0, 100.0)),
		BackupRetentionDays:    jsii.Number(pick(prod, 30.0, 7.0)),
		// dev is a throwaway environment: `cdktf destroy` must be able to remove it.
		DeletionProtection:     jsii.Bool(prod),
		FinalSnapshot:          jsii.Bool(prod),
		RetainAutomatedBackups: jsii.Bool(prod),
		DatabaseName:           jsii.String("confluxdb"),
		MasterUsername:         jsii.String("confluxdb_admin"),
		EncryptionKey:          key,
	})

	images := func(id, name string) ecrrepository.EcrRepository {
		return ecrrepository.NewEcrRepository(stack, jsii.String(id), &ecrrepository.EcrRepositoryConfig{
			Name: jsii.String(fmt.Sprintf("confluxdb-%s/%s", props.profile, name)),
			// dev: `cdktf destroy` deletes the repository with its images; prod refuses while images exist.
			ForceDelete:                jsii.Bool(!prod),
			ImageTagMutability:         jsii.String("IMMUTABLE"),
			ImageScanningConfiguration: &ecrrepository.EcrRepositoryImageScanningConfiguration{ScanOnPush: jsii.Bool(true)},
			EncryptionConfiguration: &[]*ecrrepository.EcrRepositoryEncryptionConfiguration{{
				EncryptionType: jsii.String("KMS"), KmsKey: key.KeyArn(),
			}},
		})
	}

	repository := images("PlatformImages", "platform")
	cluster := blueprint.NewFargateCluster(stack, jsii.String("Cluster"), nil)
	platform := blueprint.NewLeastPrivilegeFargateService(stack, jsii.String("DataPlatform"), &blueprint.LeastPrivilegeFargateServiceProps{
		Vpc:            network,
		Cluster:        cluster,
		Image:          blueprint.ContainerImage_FromEcrRepository(repository, jsii.String(env("CONFLUXDB_IMAGE_TAG", "1.0.0"))),
		ContainerPort:  jsii.Number(8080),
		Cpu:            jsii.Number(pick(prod, 1024.0, 256.0)),
		MemoryMiB:      jsii.Number(pick(prod, 2048.0, 512.0)),
		MinCapacity:    jsii.Number(pick(prod, 3.0, 1.0)),
		DesiredCount:   jsii.Number(pick(prod, 3.0, 1.0)),
		MaxCapacity:    jsii.Number(pick(prod, 12.0, 2.0)),
		UseFargateSpot: jsii.Bool(!prod),
		EncryptionKey:  key,
		Environment: &map[string]*string{
			"CONFLUXDB_DB_HOST": database.EndpointAddress(),
			"CONFLUXDB_DB_PORT": jsii.String(fmt.Sprintf("%d", int(*database.Port()))),
			"CONFLUXDB_DB_NAME": database.DatabaseName(),
			"CONFLUXDB_DB_USER": jsii.String("confluxdb_app"),
			"CONFLUXDB_PROFILE": jsii.String(props.profile),
		},
		Secrets: &map[string]blueprint.ServiceSecret{
			"CONFLUXDB_MIGRATION_USER":     database.MasterUserSecret(jsii.String("username")),
			"CONFLUXDB_MIGRATION_PASSWORD": database.MasterUserSecret(jsii.String("password")),
		},
		HealthCheck: &blueprint.ContainerHealthCheck{Command: jsii.Strings("CMD", "/app/healthcheck"), StartPeriodSeconds: jsii.Number(30)},
	})
	database.GrantConnect(platform, jsii.String("confluxdb_app"))

	runnerImages := images("RunnerImages", "github-runner")
	var githubOidc blueprint.IGitHubOidcProvider
	if props.createsGitHubOidcProvider {
		githubOidc = blueprint.NewGitHubOidcProvider(stack, jsii.String("GitHubOidc"), &blueprint.GitHubOidcProviderProps{})
	} else {
		githubOidc = blueprint.GitHubOidcProvider_FromAccount(stack, jsii.String("GitHubOidc"))
	}
	pipeline := blueprint.NewEphemeralRunnerPipeline(stack, jsii.String("Automation"), &blueprint.EphemeralRunnerPipelineProps{
		Vpc:                             network,
		Cluster:                         cluster,
		EncryptionKey:                   key,
		GithubAppId:                     jsii.String(props.githubAppID),
		RunnerScope:                     jsii.String(props.githubRepository),
		RunnerImage:                     blueprint.ContainerImage_FromEcrRepository(runnerImages, jsii.String(env("CONFLUXDB_RUNNER_TAG", "2.338.0"))),
		MaxConcurrentRunners:            jsii.Number(pick(prod, 10.0, 3.0)),
		PullRunnerImageThroughEndpoints: jsii.Bool(true),
		UseFargateSpot:                  jsii.Bool(!prod),
		DeletionProtection:              jsii.Bool(prod),
		SecretRecoveryWindowDays:        jsii.Number(pick(prod, 30.0, 0.0)),
		DeployRole: &blueprint.DeployRoleOptions{
			Repository:   jsii.String(props.githubRepository),
			Branch:       jsii.String("main"),
			OidcProvider: githubOidc,
			Statements: &[]*blueprint.PolicyStatementProps{
				{Actions: jsii.Strings("ecr:GetAuthorizationToken"), Resources: jsii.Strings("*")},
				{
					Actions:   jsii.Strings("ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage", "ecr:BatchGetImage"),
					Resources: &[]*string{repository.Arn()},
				},
				{Actions: jsii.Strings("ecs:UpdateService", "ecs:DescribeServices"), Resources: &[]*string{platform.ServiceArn()}},
			},
		},
	})

	output := func(id string, value *string) {
		cdktf.NewTerraformOutput(stack, jsii.String(id), &cdktf.TerraformOutputConfig{Value: value})
	}
	output("vpc_id", network.VpcId())
	output("github_webhook_url", pipeline.WebhookUrl())
	output("github_webhook_secret_arn", pipeline.WebhookSecret().SecretArn())
	output("github_app_key_secret_arn", pipeline.GithubAppKeySecret().SecretArn())
	output("github_deploy_role_arn", pipeline.DeployRole().RoleArn())
	output("platform_service", platform.ServiceName())
	output("database_endpoint", database.EndpointAddress())
	output("database_master_secret_arn", database.MasterUserSecretArn())
	return stack
}

// configureStateBackend keeps state out of the repository: local under cdktf.out/state, or S3 with
// native locking when CONFLUXDB_STATE_BUCKET is set (as examples/confluxdb/state.ts).
func configureStateBackend(stack cdktf.TerraformStack, region string) {
	id := *stack.Node().Id()
	bucket := strings.TrimSpace(os.Getenv("CONFLUXDB_STATE_BUCKET"))
	if bucket == "" {
		cdktf.NewLocalBackend(stack, &cdktf.LocalBackendConfig{
			Path:         jsii.String("../../state/" + id + ".tfstate"),
			WorkspaceDir: jsii.String("../../state/" + id + ".tfstate.d"),
		})
		return
	}
	prefix, ok := os.LookupEnv("CONFLUXDB_STATE_KEY_PREFIX")
	if !ok {
		prefix = "confluxdb/"
	}
	backend := cdktf.NewS3Backend(stack, &cdktf.S3BackendConfig{
		Bucket:  jsii.String(bucket),
		Key:     jsii.String(prefix + id + ".tfstate"),
		Region:  jsii.String(env("CONFLUXDB_STATE_REGION", region)),
		Encrypt: jsii.Bool(true),
	})
	backend.AddOverride(jsii.String("use_lockfile"), true)
}

func main() {
	app := cdktf.NewApp(nil)
	region := env("CONFLUXDB_REGION", env("AWS_REGION", "eu-west-1"))
	azs := strings.Split(env("CONFLUXDB_AZS", region+"a,"+region+"b,"+region+"c"), ",")
	// One setting picks the profile(s): CONFLUXDB_PROFILE=dev, =prod, or both (the default).
	profiles := strings.Split(env("CONFLUXDB_PROFILE", "dev,prod"), ",")
	// Profiles of one app share an account, which holds one GitHub OIDC provider: prod owns it (dev is
	// destroyed often), a profile alone owns its own. Profiles in separate accounts: one app each.
	// CONFLUXDB_GITHUB_OIDC_PROVIDER=existing: the account has one already, every stack uses it.
	oidcOwner := profiles[0]
	for _, profile := range profiles {
		if profile == "prod" {
			oidcOwner = "prod"
		}
	}
	if os.Getenv("CONFLUXDB_GITHUB_OIDC_PROVIDER") == "existing" {
		oidcOwner = ""
	}
	for _, profile := range profiles {
		if profile != "dev" && profile != "prod" {
			fmt.Fprintf(os.Stderr, "CONFLUXDB_PROFILE: unknown profile %q; use dev, prod or dev,prod\n", profile)
			os.Exit(2)
		}
		props := stackProps{
			profile: profile, region: region, availabilityZones: azs, createsGitHubOidcProvider: profile == oidcOwner,
			githubAppID:      env("CONFLUXDB_GITHUB_APP_ID", "123456"),
			githubRepository: env("CONFLUXDB_GITHUB_REPOSITORY", "confluxdb/confluxdb"),
		}
		stack := newConfluxDbStack(app, "confluxdb-"+profile, props)
		configureStateBackend(stack, region)
	}
	// Every stack is checked at synth; an unsuppressed error finding fails it. Reports land next to
	// each cdk.tf.json: zero-trust-report.json and zero-trust.sarif (for GitHub code scanning).
	blueprint.ZeroTrustGuard_ApplyTo(app, nil)
	app.Synth()
}
