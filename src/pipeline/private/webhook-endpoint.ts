import type { Apigatewayv2Api } from '@cdktf/provider-aws/lib/apigatewayv2-api';
import { Construct } from 'constructs';
import { PipelineBase } from './pipeline-base';
import { HANDLER_ENV } from './runner-contract';
import { EncryptedLogGroup } from '../../shared/encrypted-log-group';
import { EncryptedQueue } from '../../shared/encrypted-queue';
import { aws } from '../../shared/private/aws';
import { tagsFor } from '../../shared/private/naming';
import { NodeFunction } from '../../shared/private/node-function';
import { OutOfBandSecret } from '../../shared/secret';

/** The webhook function's reserved concurrency when `reserveConcurrency` is on. */
export const WEBHOOK_RESERVED_CONCURRENCY = 20;

export interface WebhookEndpointProps {
  readonly base: PipelineBase;
  readonly queue: EncryptedQueue;
  readonly allowedRepositories: string[];
  readonly runnerLabels: string[];
  readonly rateLimit: number;
  readonly burstLimit: number;
  readonly secretRecoveryWindowDays: number;
  readonly maxJobAgeSeconds: number;
  readonly allowPublicRepositories: boolean;
  readonly runnerPrefix: string;
}

/**
 * GitHub → API Gateway (POST /webhook only, throttled, JSON access logs) → webhook function, which
 * verifies X-Hub-Signature-256 with the secret it alone may read and queues the jobs it accepts.
 */
export class WebhookEndpoint extends Construct {
  public readonly secret: OutOfBandSecret;
  public readonly api: Apigatewayv2Api;
  public readonly handler: NodeFunction;
  /** `POST` GitHub's webhook here. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: WebhookEndpointProps) {
    super(scope, id);
    const { base } = props;
    const names = HANDLER_ENV.webhook;
    this.secret = new OutOfBandSecret(this, 'Secret', {
      encryptionKey: base.key,
      secretName: `${base.name}/github-webhook-secret`,
      description: `GitHub webhook secret of runner pipeline ${base.name}; value set out of band (see README)`,
      recoveryWindowDays: props.secretRecoveryWindowDays,
      tags: base.tags,
    });

    this.handler = new NodeFunction(this, 'Handler', {
      handler: 'webhook',
      description: 'Verifies GitHub webhooks and queues workflow jobs for runners',
      vpc: base.vpc,
      encryptionKey: base.key,
      environment: {
        [names.secretArn]: this.secret.secretArn,
        [names.queueUrl]: props.queue.queueUrl,
        [names.allowedRepositories]: props.allowedRepositories.join(','),
        [names.runnerLabels]: props.runnerLabels.join(','),
        [names.maxBodyBytes]: String(1024 * 1024),
        [names.maxJobAgeSeconds]: String(props.maxJobAgeSeconds),
        [names.allowPublicRepositories]: String(props.allowPublicRepositories),
        [names.runnerPrefix]: props.runnerPrefix,
      },
      // Throttled by the API stage (webhookRateLimit/webhookBurstLimit) whether reserved or not.
      reservedConcurrency: base.reserveConcurrency ? WEBHOOK_RESERVED_CONCURRENCY : undefined,
      timeoutSeconds: 8, // GitHub waits 10 s
      logRetentionDays: base.logRetentionDays,
      codeSigningConfigArn: base.codeSigningConfigArn,
      internetEgress: true, // SQS and Secrets Manager have no endpoint in the default VPC: through NAT
      awsServices: ['secretsmanager', 'sqs'],
      tags: base.tags,
    });
    this.secret.grantRead(this.handler);
    props.queue.grantSendMessages(this.handler);

    this.api = new aws.Apigatewayv2Api(this, 'Api', {
      name: `${base.name}-webhook`,
      protocolType: 'HTTP',
      description: 'GitHub webhook receiver',
      tags: tagsFor(`${base.name}-webhook`, base.tags),
    });
    const accessLogs = new EncryptedLogGroup(this, 'AccessLogs', {
      encryptionKey: base.key,
      logGroupName: `/confluxdb/apigateway/${base.name}-webhook`,
      retentionDays: base.logRetentionDays,
      tags: base.tags,
    });
    const integration = new aws.Apigatewayv2Integration(this, 'Integration', {
      apiId: this.api.id,
      integrationType: 'AWS_PROXY',
      integrationUri: this.handler.function.invokeArn,
      payloadFormatVersion: '2.0',
      timeoutMilliseconds: 9000,
    });
    new aws.Apigatewayv2Route(this, 'Route', {
      apiId: this.api.id,
      routeKey: 'POST /webhook',
      target: `integrations/${integration.id}`,
      // GitHub cannot sign requests for IAM or JWT authorizers; the function verifies HMAC-SHA256.
      authorizationType: 'NONE',
    });
    new aws.Apigatewayv2Stage(this, 'Stage', {
      apiId: this.api.id,
      name: '$default',
      autoDeploy: true,
      defaultRouteSettings: { throttlingRateLimit: props.rateLimit, throttlingBurstLimit: props.burstLimit },
      accessLogSettings: {
        destinationArn: accessLogs.logGroupArn,
        format: JSON.stringify({
          requestId: '$context.requestId',
          ip: '$context.identity.sourceIp',
          requestTime: '$context.requestTime',
          routeKey: '$context.routeKey',
          status: '$context.status',
          responseLength: '$context.responseLength',
          integrationError: '$context.integrationErrorMessage',
          userAgent: '$context.identity.userAgent',
        }),
      },
      tags: tagsFor(`${base.name}-webhook`, base.tags),
    });
    new aws.LambdaPermission(this, 'ApiInvokesHandler', {
      action: 'lambda:InvokeFunction',
      functionName: this.handler.function.functionName,
      principal: 'apigateway.amazonaws.com',
      sourceArn: `${this.api.executionArn}/*/POST/webhook`,
    });
    this.url = `${this.api.apiEndpoint}/webhook`;
  }
}
