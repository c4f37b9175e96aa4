/**
 * How Terraform's AWS provider decides whether a task definition's `container_definitions` changed,
 * and what ECS stores for what we register — so a test can tell, without AWS, whether the plan after
 * the first apply would replace the task definition (`container_definitions` is ForceNew).
 *
 * `reduce` is ported from hashicorp/terraform-provider-aws, internal/service/ecs/
 * container_definitions.go: `containerDefinitionsAreEquivalent` decodes both sides into
 * `[]awstypes.ContainerDefinition`, calls `containerDefinitions.reduce(isAWSVPC)` and compares the
 * `encoding/json` bytes of the SDK structs. The port keeps what that encoding distinguishes: a nil
 * slice encodes as `null` and an empty one as `[]`, so outside the fields `reduce` empties, a
 * missing list and `[]` differ; nil pointers equal missing fields; the SDK's non-pointer fields
 * (`cpu`, enum strings such as `protocol`) equal missing when zero.
 *
 * `ecsStoredForm` applies what RegisterTaskDefinition fills in and DescribeTaskDefinition returns
 * (the form the provider reads back into state), each fill with its source.
 */

type Json = any;

/** Top-level list fields `reduce` sets to nil when empty ("Set all empty slices to nil"). */
const EMPTIED_LISTS = [
  'command', 'credentialSpecs', 'dependsOn', 'dnsSearchDomains', 'dnsServers', 'dockerSecurityOptions', 'entryPoint',
  'environment', 'environmentFiles', 'extraHosts', 'links', 'mountPoints', 'portMappings', 'resourceRequirements',
  'secrets', 'systemControls', 'ulimits', 'volumesFrom',
];

/** Object lists `compactArrays` filters zero-valued elements out of. */
const COMPACTED_LISTS = [
  'dependsOn', 'environment', 'environmentFiles', 'extraHosts', 'mountPoints', 'portMappings', 'resourceRequirements',
  'secrets', 'systemControls', 'ulimits', 'volumesFrom',
];

const byName = (a: Json, b: Json) => (String(a?.name ?? '') < String(b?.name ?? '') ? -1 : String(a?.name ?? '') > String(b?.name ?? '') ? 1 : 0);

/** `inttypes.IsZero`: every field nil or zero. */
function isZero(v: Json): boolean {
  if (v === null || v === undefined || v === 0 || v === '' || v === false) return true;
  if (Array.isArray(v)) return false; // a non-nil slice is not zero
  if (typeof v === 'object') return Object.values(v).every(isZero);
  return false;
}

/**
 * What the Go encoder writes for a decoded SDK struct: nil pointers (`null`, missing) are dropped,
 * so are the non-pointer zero values of `ContainerDefinition.Cpu` and of enum strings.
 */
function encode(v: Json, path: string[] = []): Json {
  if (Array.isArray(v)) return v.map(e => encode(e, path));
  if (v === null || typeof v !== 'object') return v;
  const out: Json = {};
  for (const k of Object.keys(v).sort()) {
    const value = v[k];
    if (value === null || value === undefined) continue;
    if (path.length === 0 && k === 'cpu' && value === 0) continue; // Cpu int32
    if (['protocol', 'appProtocol', 'versionConsistency', 'condition', 'type', 'logDriver'].includes(k) && value === '') continue; // enums
    out[k] = path.length === 0 && k === 'dockerLabels' ? value : encode(value, [...path, k]);
  }
  return out;
}

/** `containerDefinitions.reduce(isAWSVPC)`, then the encoding the provider compares. */
export function reduce(definitions: Json[], isAwsVpc: boolean): Json[] {
  const cd: Json[] = JSON.parse(JSON.stringify(definitions));
  // orderContainers, orderEnvironmentVariables, orderSecrets
  cd.sort(byName);
  for (const def of cd) {
    if (Array.isArray(def.environment)) def.environment.sort(byName);
    if (Array.isArray(def.secrets)) def.secrets.sort(byName);
  }
  // compactArrays
  for (const def of cd) {
    for (const f of COMPACTED_LISTS) if (Array.isArray(def[f])) def[f] = def[f].filter((e: Json) => !isZero(e));
  }
  for (const def of cd) {
    if (def.essential === undefined || def.essential === null) def.essential = true;
    const hc = def.healthCheck;
    if (hc) {
      hc.interval ??= 30;
      hc.retries ??= 3;
      hc.timeout ??= 5;
    }
    for (const pm of def.portMappings ?? []) {
      if (pm.protocol === 'tcp') delete pm.protocol;
      if (!pm.hostPort) delete pm.hostPort;
      if (isAwsVpc && pm.hostPort === undefined) pm.hostPort = pm.containerPort;
    }
    for (const f of EMPTIED_LISTS) if (Array.isArray(def[f]) && def[f].length === 0) delete def[f];
  }
  return encode(cd);
}

/**
 * The container definitions as DescribeTaskDefinition returns them after RegisterTaskDefinition.
 * Only fills with a source are modelled:
 * - `cpu: 0`, `environment`, `mountPoints`, `volumesFrom` and `portMappings` as `[]`, `essential`
 *   true, `protocol: "tcp"`: the API representation in the provider's own tests
 *   (container_definitions_test.go, TestContainerDefinitionsAreEquivalent_basic/_portMappings)
 *   and the ECS developer guide's defaults (essential defaults to true, protocol to tcp).
 * - `hostPort` = `containerPort` with the awsvpc network mode (ECS developer guide, portMappings).
 * - healthCheck `interval` 30, `retries` 3, `timeout` 5 (ECS API reference, HealthCheck;
 *   provider issue #22060 shows ECS returning them).
 * - `linuxParameters.capabilities`: the list not given comes back as `[]` (ECS stores
 *   `add: []` next to `drop`, issue #18 of this project).
 */
export function ecsStoredForm(definitions: Json[], isAwsVpc: boolean): Json[] {
  const cd: Json[] = JSON.parse(JSON.stringify(definitions));
  for (const def of cd) {
    def.cpu ??= 0;
    def.essential ??= true;
    for (const f of ['environment', 'mountPoints', 'volumesFrom', 'portMappings']) def[f] ??= [];
    for (const pm of def.portMappings) {
      pm.protocol ??= 'tcp';
      if (isAwsVpc) pm.hostPort ??= pm.containerPort;
    }
    if (def.healthCheck) {
      def.healthCheck.interval ??= 30;
      def.healthCheck.retries ??= 3;
      def.healthCheck.timeout ??= 5;
    }
    const caps = def.linuxParameters?.capabilities;
    if (caps) {
      caps.add ??= [];
      caps.drop ??= [];
    }
  }
  return cd;
}

/** Whether the provider would see a change between what we register and what ECS returns. */
export function planChanges(containerDefinitionsJson: string, isAwsVpc: boolean): { config: Json[]; stored: Json[] } | undefined {
  const defs = JSON.parse(containerDefinitionsJson);
  const config = reduce(defs, isAwsVpc);
  const stored = reduce(ecsStoredForm(defs, isAwsVpc), isAwsVpc);
  return JSON.stringify(config) === JSON.stringify(stored) ? undefined : { config, stored };
}
