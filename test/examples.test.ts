/**
 * The reference app: the dev profile must come down with `cdktf destroy` (nothing deletion-protected,
 * no final snapshot whose name would block the next destroy, secrets deletable at once), prod keeps
 * every protection.
 */
import { planChanges } from './support/ecs-container-definitions';
import { synthReferenceApp } from './util';

const stacks = synthReferenceApp();
const only = (stack: any, type: string) => Object.values(stack.resource[type])[0] as any;

test('the app synthesizes the dev and prod profiles', () => {
  expect(Object.keys(stacks).sort()).toEqual(['confluxdb-dev', 'confluxdb-prod']);
});

test('dev can be destroyed: no deletion protection, no final snapshot, secrets deleted at once', () => {
  const dev = stacks['confluxdb-dev'];
  expect(only(dev, 'aws_db_instance')).toMatchObject({ deletion_protection: false, skip_final_snapshot: true });
  // After real use: repositories with pushed images go, automated backups are not kept (billed),
  // functions leave their security groups at once (Lambda's Hyperplane ENIs take 20-40 minutes).
  for (const repo of Object.values(dev.resource.aws_ecr_repository) as any[]) expect(repo.force_delete).toBe(true);
  expect(only(dev, 'aws_db_instance').delete_automated_backups).toBe(true);
  for (const fn of Object.values(dev.resource.aws_lambda_function) as any[]) expect(fn.replace_security_groups_on_destroy).toBe(true);
  // Runner tasks are not Terraform's: an output says how to stop them (and delete unread configs) first.
  const before = Object.entries(dev.output).find(([k]) => k.includes('BeforeDestroy'))![1] as any;
  expect(before.value[0]).toMatch(/^aws ecs list-tasks --cluster \$\{aws_ecs_cluster\..*\.name\} --started-by confluxdb-dev-.*-runner .*aws ecs stop-task/);
  expect(only(dev, 'aws_dynamodb_table').deletion_protection_enabled).toBe(false);
  for (const secret of Object.values(dev.resource.aws_secretsmanager_secret) as any[]) expect(secret.recovery_window_in_days).toBe(0);
});

test('prod keeps every protection', () => {
  const prod = stacks['confluxdb-prod'];
  expect(only(prod, 'aws_db_instance')).toMatchObject({ deletion_protection: true, skip_final_snapshot: false, delete_automated_backups: false });
  for (const repo of Object.values(prod.resource.aws_ecr_repository) as any[]) expect(repo.force_delete).toBe(false);
  expect(only(prod, 'aws_dynamodb_table').deletion_protection_enabled).toBe(true);
  for (const secret of Object.values(prod.resource.aws_secretsmanager_secret) as any[]) expect(secret.recovery_window_in_days).toBe(30);
});

test('task definitions are in the form ECS returns them: the plan after the first apply replaces none', () => {
  for (const stack of Object.values(stacks)) {
    const defs = Object.values(stack.resource.aws_ecs_task_definition) as any[];
    expect(defs).toHaveLength(2); // the platform service's and the runner's
    for (const td of defs) expect(planChanges(td.container_definitions, td.network_mode === 'awsvpc')).toBeUndefined();
  }
});

test('services wait for their cluster\'s capacity providers', () => {
  for (const stack of Object.values(stacks)) {
    const association = Object.keys(stack.resource.aws_ecs_cluster_capacity_providers)[0];
    expect(only(stack, 'aws_ecs_service').depends_on).toContain(`aws_ecs_cluster_capacity_providers.${association}`);
  }
});

test('one GitHub OIDC provider across the app: prod creates it, dev trusts its account\'s', () => {
  expect(Object.keys(stacks['confluxdb-prod'].resource.aws_iam_openid_connect_provider)).toHaveLength(1);
  expect(stacks['confluxdb-dev'].resource.aws_iam_openid_connect_provider).toBeUndefined();
  const devTrust = Object.values(stacks['confluxdb-dev'].data.aws_iam_policy_document as Record<string, any>)
    .flatMap(d => d.statement ?? []).flatMap((st: any) => st.principals ?? []).filter((p: any) => p.type === 'Federated');
  expect(devTrust).toEqual([{ type: 'Federated', identifiers: [expect.stringMatching(/:iam::\$\{data\.aws_caller_identity\..*\.account_id\}:oidc-provider\/token\.actions\.githubusercontent\.com$/)] }]);
});

test('CONFLUXDB_GITHUB_OIDC_PROVIDER=existing: no stack creates the provider, both use their account\'s', () => {
  process.env.CONFLUXDB_GITHUB_OIDC_PROVIDER = 'existing';
  let existing: Record<string, any>;
  try {
    existing = synthReferenceApp();
  } finally {
    delete process.env.CONFLUXDB_GITHUB_OIDC_PROVIDER;
  }
  for (const stack of Object.values(existing)) expect(stack.resource.aws_iam_openid_connect_provider).toBeUndefined();
});
