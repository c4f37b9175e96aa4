/**
 * The AWS provider classes that the constructs create, each loaded from its submodule when a
 * construct first creates one (`new aws.Vpc(this, 'Vpc', { ... })`), not when the library is imported.
 *
 * Why: evaluating a provider submodule costs 1-2 ms of CPU. Loading the 50 this library uses at
 * import made `require()` of the library cost 1.88x bare `cdktf` (297 ms vs 158 ms CPU,
 * `npm run bench`; the goal is <= 1.3x). Now an app pays only for the classes its constructs use.
 *
 * - One entry per class, the submodule written out twice as a literal: `require('...')` for the
 *   value, `typeof import('...')` for its type. Literal specifiers are what the CDK Terrain build
 *   rewrites (scripts/cdktn/flavour.ts); test/repo-rules.test.ts checks that the two agree.
 * - Elsewhere, name a provider class in type positions only, through
 *   `import type { Vpc } from '@cdktf/provider-aws/lib/vpc'`: a value import would load the
 *   submodule at import again, which test/repo-rules.test.ts catches.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import { lazily } from './lazy';

export const aws = lazily({
  Apigatewayv2Api: () => (require('@cdktf/provider-aws/lib/apigatewayv2-api') as typeof import('@cdktf/provider-aws/lib/apigatewayv2-api')).Apigatewayv2Api,
  Apigatewayv2Integration: () => (require('@cdktf/provider-aws/lib/apigatewayv2-integration') as typeof import('@cdktf/provider-aws/lib/apigatewayv2-integration')).Apigatewayv2Integration,
  Apigatewayv2Route: () => (require('@cdktf/provider-aws/lib/apigatewayv2-route') as typeof import('@cdktf/provider-aws/lib/apigatewayv2-route')).Apigatewayv2Route,
  Apigatewayv2Stage: () => (require('@cdktf/provider-aws/lib/apigatewayv2-stage') as typeof import('@cdktf/provider-aws/lib/apigatewayv2-stage')).Apigatewayv2Stage,
  AppautoscalingPolicy: () => (require('@cdktf/provider-aws/lib/appautoscaling-policy') as typeof import('@cdktf/provider-aws/lib/appautoscaling-policy')).AppautoscalingPolicy,
  AppautoscalingTarget: () => (require('@cdktf/provider-aws/lib/appautoscaling-target') as typeof import('@cdktf/provider-aws/lib/appautoscaling-target')).AppautoscalingTarget,
  CloudwatchDashboard: () => (require('@cdktf/provider-aws/lib/cloudwatch-dashboard') as typeof import('@cdktf/provider-aws/lib/cloudwatch-dashboard')).CloudwatchDashboard,
  CloudwatchEventRule: () => (require('@cdktf/provider-aws/lib/cloudwatch-event-rule') as typeof import('@cdktf/provider-aws/lib/cloudwatch-event-rule')).CloudwatchEventRule,
  CloudwatchEventTarget: () => (require('@cdktf/provider-aws/lib/cloudwatch-event-target') as typeof import('@cdktf/provider-aws/lib/cloudwatch-event-target')).CloudwatchEventTarget,
  CloudwatchLogGroup: () => (require('@cdktf/provider-aws/lib/cloudwatch-log-group') as typeof import('@cdktf/provider-aws/lib/cloudwatch-log-group')).CloudwatchLogGroup,
  CloudwatchLogResourcePolicy: () => (require('@cdktf/provider-aws/lib/cloudwatch-log-resource-policy') as typeof import('@cdktf/provider-aws/lib/cloudwatch-log-resource-policy')).CloudwatchLogResourcePolicy,
  CloudwatchMetricAlarm: () => (require('@cdktf/provider-aws/lib/cloudwatch-metric-alarm') as typeof import('@cdktf/provider-aws/lib/cloudwatch-metric-alarm')).CloudwatchMetricAlarm,
  DataAwsAvailabilityZones: () => (require('@cdktf/provider-aws/lib/data-aws-availability-zones') as typeof import('@cdktf/provider-aws/lib/data-aws-availability-zones')).DataAwsAvailabilityZones,
  DataAwsCallerIdentity: () => (require('@cdktf/provider-aws/lib/data-aws-caller-identity') as typeof import('@cdktf/provider-aws/lib/data-aws-caller-identity')).DataAwsCallerIdentity,
  DataAwsIamPolicyDocument: () => (require('@cdktf/provider-aws/lib/data-aws-iam-policy-document') as typeof import('@cdktf/provider-aws/lib/data-aws-iam-policy-document')).DataAwsIamPolicyDocument,
  DataAwsPartition: () => (require('@cdktf/provider-aws/lib/data-aws-partition') as typeof import('@cdktf/provider-aws/lib/data-aws-partition')).DataAwsPartition,
  DataAwsPrefixList: () => (require('@cdktf/provider-aws/lib/data-aws-prefix-list') as typeof import('@cdktf/provider-aws/lib/data-aws-prefix-list')).DataAwsPrefixList,
  DataAwsRegion: () => (require('@cdktf/provider-aws/lib/data-aws-region') as typeof import('@cdktf/provider-aws/lib/data-aws-region')).DataAwsRegion,
  DbInstance: () => (require('@cdktf/provider-aws/lib/db-instance') as typeof import('@cdktf/provider-aws/lib/db-instance')).DbInstance,
  DbParameterGroup: () => (require('@cdktf/provider-aws/lib/db-parameter-group') as typeof import('@cdktf/provider-aws/lib/db-parameter-group')).DbParameterGroup,
  DbSubnetGroup: () => (require('@cdktf/provider-aws/lib/db-subnet-group') as typeof import('@cdktf/provider-aws/lib/db-subnet-group')).DbSubnetGroup,
  DefaultSecurityGroup: () => (require('@cdktf/provider-aws/lib/default-security-group') as typeof import('@cdktf/provider-aws/lib/default-security-group')).DefaultSecurityGroup,
  DynamodbTable: () => (require('@cdktf/provider-aws/lib/dynamodb-table') as typeof import('@cdktf/provider-aws/lib/dynamodb-table')).DynamodbTable,
  EcsCluster: () => (require('@cdktf/provider-aws/lib/ecs-cluster') as typeof import('@cdktf/provider-aws/lib/ecs-cluster')).EcsCluster,
  EcsClusterCapacityProviders: () => (require('@cdktf/provider-aws/lib/ecs-cluster-capacity-providers') as typeof import('@cdktf/provider-aws/lib/ecs-cluster-capacity-providers')).EcsClusterCapacityProviders,
  EcsService: () => (require('@cdktf/provider-aws/lib/ecs-service') as typeof import('@cdktf/provider-aws/lib/ecs-service')).EcsService,
  EcsTaskDefinition: () => (require('@cdktf/provider-aws/lib/ecs-task-definition') as typeof import('@cdktf/provider-aws/lib/ecs-task-definition')).EcsTaskDefinition,
  Eip: () => (require('@cdktf/provider-aws/lib/eip') as typeof import('@cdktf/provider-aws/lib/eip')).Eip,
  FlowLog: () => (require('@cdktf/provider-aws/lib/flow-log') as typeof import('@cdktf/provider-aws/lib/flow-log')).FlowLog,
  IamOpenidConnectProvider: () => (require('@cdktf/provider-aws/lib/iam-openid-connect-provider') as typeof import('@cdktf/provider-aws/lib/iam-openid-connect-provider')).IamOpenidConnectProvider,
  IamRole: () => (require('@cdktf/provider-aws/lib/iam-role') as typeof import('@cdktf/provider-aws/lib/iam-role')).IamRole,
  IamRolePolicy: () => (require('@cdktf/provider-aws/lib/iam-role-policy') as typeof import('@cdktf/provider-aws/lib/iam-role-policy')).IamRolePolicy,
  IamRolePolicyAttachment: () => (require('@cdktf/provider-aws/lib/iam-role-policy-attachment') as typeof import('@cdktf/provider-aws/lib/iam-role-policy-attachment')).IamRolePolicyAttachment,
  InternetGateway: () => (require('@cdktf/provider-aws/lib/internet-gateway') as typeof import('@cdktf/provider-aws/lib/internet-gateway')).InternetGateway,
  KmsAlias: () => (require('@cdktf/provider-aws/lib/kms-alias') as typeof import('@cdktf/provider-aws/lib/kms-alias')).KmsAlias,
  KmsKey: () => (require('@cdktf/provider-aws/lib/kms-key') as typeof import('@cdktf/provider-aws/lib/kms-key')).KmsKey,
  LambdaEventSourceMapping: () => (require('@cdktf/provider-aws/lib/lambda-event-source-mapping') as typeof import('@cdktf/provider-aws/lib/lambda-event-source-mapping')).LambdaEventSourceMapping,
  LambdaFunction: () => (require('@cdktf/provider-aws/lib/lambda-function') as typeof import('@cdktf/provider-aws/lib/lambda-function')).LambdaFunction,
  LambdaPermission: () => (require('@cdktf/provider-aws/lib/lambda-permission') as typeof import('@cdktf/provider-aws/lib/lambda-permission')).LambdaPermission,
  NatGateway: () => (require('@cdktf/provider-aws/lib/nat-gateway') as typeof import('@cdktf/provider-aws/lib/nat-gateway')).NatGateway,
  Route: () => (require('@cdktf/provider-aws/lib/route') as typeof import('@cdktf/provider-aws/lib/route')).Route,
  Route53ResolverFirewallConfig: () => (require('@cdktf/provider-aws/lib/route53-resolver-firewall-config') as typeof import('@cdktf/provider-aws/lib/route53-resolver-firewall-config')).Route53ResolverFirewallConfig,
  Route53ResolverFirewallDomainList: () => (require('@cdktf/provider-aws/lib/route53-resolver-firewall-domain-list') as typeof import('@cdktf/provider-aws/lib/route53-resolver-firewall-domain-list')).Route53ResolverFirewallDomainList,
  Route53ResolverFirewallRule: () => (require('@cdktf/provider-aws/lib/route53-resolver-firewall-rule') as typeof import('@cdktf/provider-aws/lib/route53-resolver-firewall-rule')).Route53ResolverFirewallRule,
  Route53ResolverFirewallRuleGroup: () => (require('@cdktf/provider-aws/lib/route53-resolver-firewall-rule-group') as typeof import('@cdktf/provider-aws/lib/route53-resolver-firewall-rule-group')).Route53ResolverFirewallRuleGroup,
  Route53ResolverFirewallRuleGroupAssociation: () => (require('@cdktf/provider-aws/lib/route53-resolver-firewall-rule-group-association') as typeof import('@cdktf/provider-aws/lib/route53-resolver-firewall-rule-group-association')).Route53ResolverFirewallRuleGroupAssociation,
  Route53ResolverQueryLogConfig: () => (require('@cdktf/provider-aws/lib/route53-resolver-query-log-config') as typeof import('@cdktf/provider-aws/lib/route53-resolver-query-log-config')).Route53ResolverQueryLogConfig,
  Route53ResolverQueryLogConfigAssociation: () => (require('@cdktf/provider-aws/lib/route53-resolver-query-log-config-association') as typeof import('@cdktf/provider-aws/lib/route53-resolver-query-log-config-association')).Route53ResolverQueryLogConfigAssociation,
  RouteTable: () => (require('@cdktf/provider-aws/lib/route-table') as typeof import('@cdktf/provider-aws/lib/route-table')).RouteTable,
  RouteTableAssociation: () => (require('@cdktf/provider-aws/lib/route-table-association') as typeof import('@cdktf/provider-aws/lib/route-table-association')).RouteTableAssociation,
  SecretsmanagerSecret: () => (require('@cdktf/provider-aws/lib/secretsmanager-secret') as typeof import('@cdktf/provider-aws/lib/secretsmanager-secret')).SecretsmanagerSecret,
  SecurityGroup: () => (require('@cdktf/provider-aws/lib/security-group') as typeof import('@cdktf/provider-aws/lib/security-group')).SecurityGroup,
  SqsQueue: () => (require('@cdktf/provider-aws/lib/sqs-queue') as typeof import('@cdktf/provider-aws/lib/sqs-queue')).SqsQueue,
  SqsQueuePolicy: () => (require('@cdktf/provider-aws/lib/sqs-queue-policy') as typeof import('@cdktf/provider-aws/lib/sqs-queue-policy')).SqsQueuePolicy,
  SnsTopic: () => (require('@cdktf/provider-aws/lib/sns-topic') as typeof import('@cdktf/provider-aws/lib/sns-topic')).SnsTopic,
  SnsTopicPolicy: () => (require('@cdktf/provider-aws/lib/sns-topic-policy') as typeof import('@cdktf/provider-aws/lib/sns-topic-policy')).SnsTopicPolicy,
  Subnet: () => (require('@cdktf/provider-aws/lib/subnet') as typeof import('@cdktf/provider-aws/lib/subnet')).Subnet,
  Vpc: () => (require('@cdktf/provider-aws/lib/vpc') as typeof import('@cdktf/provider-aws/lib/vpc')).Vpc,
  VpcEndpoint: () => (require('@cdktf/provider-aws/lib/vpc-endpoint') as typeof import('@cdktf/provider-aws/lib/vpc-endpoint')).VpcEndpoint,
  VpcSecurityGroupEgressRule: () => (require('@cdktf/provider-aws/lib/vpc-security-group-egress-rule') as typeof import('@cdktf/provider-aws/lib/vpc-security-group-egress-rule')).VpcSecurityGroupEgressRule,
  VpcSecurityGroupIngressRule: () => (require('@cdktf/provider-aws/lib/vpc-security-group-ingress-rule') as typeof import('@cdktf/provider-aws/lib/vpc-security-group-ingress-rule')).VpcSecurityGroupIngressRule,
});
