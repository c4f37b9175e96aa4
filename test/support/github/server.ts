/**
 * The fake's REST API on 127.0.0.1 (node:http), for the endpoints the runner pipeline uses, with
 * the status codes, bodies, pagination and authentication GitHub documents (REST API version
 * 2022-11-28, OpenAPI description in @octokit/openapi; "Troubleshooting the REST API"):
 * - 401 "Requires authentication" without credentials, "Bad credentials" for an unknown or expired
 *   installation token; JWT problems answer 401 with GitHub's claim messages.
 * - JWT-only endpoints (/app/...) refuse installation tokens; installation endpoints refuse a JWT
 *   with 403 "Resource not accessible by integration".
 * - "Resource not accessible by integration" (403) when the token lacks the permission the endpoint
 *   needs (with the X-Accepted-GitHub-Permissions header). A repository outside the token's
 *   repositories answers 404 when private ("GitHub uses a 404 Not Found response instead of a 403
 *   Forbidden response to avoid confirming the existence of private repositories") and 403 when public.
 * - 400 "Problems parsing JSON", 400 "Body should be a JSON object", 422 "Invalid request" for
 *   missing or mistyped parameters, 400 for an unsupported X-GitHub-Api-Version, 403 without a
 *   User-Agent, 404 for anything else (including a trailing slash).
 * - Pagination: `per_page` (default 30, max 100) and `page` with a `link` header (prev, next, last,
 *   first; "the link header will be omitted" when everything fits), or `cursor` for deliveries.
 * Permissions (the endpoints' "Fine-grained access tokens" sections): repository runners need
 * `administration` (read to list, write to create or delete), organization runners and runner
 * groups `organization_self_hosted_runners`, a workflow job `actions: read`.
 */
import { randomBytes } from 'crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { jwtProblem, looksLikeJwt, newInstallationToken } from './auth';
import {
  Account, DeliveryRecord, Installation, isoSeconds, LEVELS, lower, PermissionLevel, Permissions, Repository, RequestInfo, RequestRecord,
  Runner, RunnerGroup, RunnerScope, TokenRecord,
} from './model';
import { workflowJobJson } from './webhooks';
import { World } from './world';

const DOCS = 'https://docs.github.com/rest';
const SUPPORTED_API_VERSIONS = ['2022-11-28', '2026-03-10'];
const TOKEN_LIFETIME_MS = 3600_000;

interface Answer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

type Auth =
  | { readonly kind: 'jwt' }
  | { readonly kind: 'installation'; readonly token: TokenRecord; readonly installation: Installation };

interface Ctx {
  readonly world: World;
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly params: Record<string, string>;
  readonly body: any;
  readonly auth: Auth;
}

interface Route {
  readonly method: string;
  /** The OpenAPI path template. */
  readonly template: string;
  readonly auth: 'jwt' | 'installation';
  /** The permission an installation token needs. */
  readonly permission?: { readonly name: string; readonly level: PermissionLevel };
  /** The endpoint takes a JSON object body. */
  readonly jsonBody?: boolean;
  readonly handle: (ctx: Ctx) => Answer;
  readonly re?: RegExp;
  readonly keys?: string[];
}

const error = (status: number, message: string, extra: Record<string, unknown> = {}, headers?: Record<string, string>): Answer => ({
  status, body: { message, documentation_url: DOCS, status: String(status), ...extra }, headers,
});
const notFound = (): Answer => error(404, 'Not Found');
const notAccessible = (permission?: Route['permission']): Answer =>
  error(403, 'Resource not accessible by integration', {}, permission ? { 'x-accepted-github-permissions': `${permission.name}=${permission.level}` } : undefined);
const invalid = (detail: string): Answer => error(422, `Invalid request.\n\n${detail}`);

function hasPermission(granted: Permissions, name: string, level: PermissionLevel): boolean {
  const have = granted[name];
  return have !== undefined && LEVELS[have] >= LEVELS[level];
}

// ---------------------------------------------------------------------------------------------
// JSON representations

function ownerJson(world: World, account: Account): Record<string, unknown> {
  return {
    login: account.login,
    id: account.id,
    node_id: Buffer.from(`04:${account.type}${account.id}`).toString('base64'),
    url: `${world.url}/users/${account.login}`,
    html_url: `${world.webUrl}/${account.login}`,
    type: account.type,
    site_admin: false,
  };
}

function minimalRepositoryJson(world: World, repo: Repository): Record<string, unknown> {
  return {
    id: repo.id,
    node_id: repo.nodeId,
    name: repo.name,
    full_name: repo.fullName,
    owner: ownerJson(world, world.accounts.get(lower(repo.owner))!),
    private: repo.private,
    html_url: `${world.webUrl}/${repo.fullName}`,
    description: null,
    fork: false,
    url: `${world.url}/repos/${repo.fullName}`,
    visibility: repo.visibility,
  };
}

function runnerJson(world: World, r: Runner): Record<string, unknown> {
  return {
    id: r.id,
    runner_group_id: r.scope.kind === 'repository' ? 1 : r.runnerGroupId,
    name: r.name,
    os: r.os,
    status: r.status,
    busy: r.busy,
    ephemeral: true,
    version: r.version,
    labels: r.labels.map((name) => ({ id: world.labelId(name), name, type: world.labelType(name) })),
  };
}

function runnerGroupJson(world: World, org: Account, g: RunnerGroup): Record<string, unknown> {
  const base = `${world.url}/orgs/${org.login}/actions/runner-groups/${g.id}`;
  return {
    id: g.id,
    name: g.name,
    visibility: g.visibility,
    default: g.isDefault,
    ...(g.visibility === 'selected' ? { selected_repositories_url: `${base}/repositories` } : {}),
    runners_url: `${base}/runners`,
    hosted_runners_url: `${base}/hosted-runners`,
    inherited: false,
    allows_public_repositories: g.allowsPublicRepositories,
    restricted_to_workflows: false,
    selected_workflows: [],
    workflow_restrictions_read_only: false,
  };
}

function deliveryItemJson(d: DeliveryRecord): Record<string, unknown> {
  const { request: _request, response: _response, ...item } = d;
  return item;
}

// ---------------------------------------------------------------------------------------------
// Pagination

function pageParams(query: URLSearchParams): { perPage: number; page: number } {
  const perPage = Math.min(100, Math.max(1, Number.parseInt(query.get('per_page') ?? '', 10) || 30));
  const page = Math.max(1, Number.parseInt(query.get('page') ?? '', 10) || 1);
  return { perPage, page };
}

/** One page of `items` and the `link` header GitHub would send with it. */
function paginate<T>(ctx: Ctx, items: T[]): { items: T[]; headers: Record<string, string> } {
  const { perPage, page } = pageParams(ctx.query);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const url = (p: number) => {
    const q = new URLSearchParams(ctx.query);
    q.set('page', String(p));
    return `<${ctx.world.url}${ctx.path}?${q.toString()}>`;
  };
  const links: string[] = [];
  if (page > 1) links.push(`${url(Math.min(page - 1, last))}; rel="prev"`);
  if (page < last) links.push(`${url(page + 1)}; rel="next"`, `${url(last)}; rel="last"`);
  if (page > 1) links.push(`${url(1)}; rel="first"`);
  return { items: items.slice((page - 1) * perPage, page * perPage), headers: links.length ? { link: links.join(', ') } : {} };
}

// ---------------------------------------------------------------------------------------------
// Access checks

function repositoryAccess(ctx: Ctx, permission: Route['permission']): Repository | Answer {
  const repo = ctx.world.repository(`${ctx.params.owner}/${ctx.params.repo}`);
  if (!repo || ctx.auth.kind !== 'installation') return notFound();
  const { token, installation } = ctx.auth;
  const covered = ctx.world.installationFor(repo)?.id === installation.id
    && (token.repositories === 'all' || token.repositories.some((r) => lower(r) === lower(repo.fullName)));
  if (!covered) return repo.private ? notFound() : notAccessible();
  if (permission && !hasPermission(token.permissions, permission.name, permission.level)) return notAccessible(permission);
  return repo;
}

function organizationAccess(ctx: Ctx, permission: Route['permission']): Account | Answer {
  const org = ctx.world.organizationAccount(ctx.params.org);
  if (!org || ctx.auth.kind !== 'installation' || lower(ctx.auth.installation.account) !== lower(org.login)) return notFound();
  if (permission && !hasPermission(ctx.auth.token.permissions, permission.name, permission.level)) return notAccessible(permission);
  return org;
}

/** Repository and Account have no `status`; an Answer has. */
const isAnswer = (v: Repository | Account | Answer): v is Answer => 'status' in v;

// ---------------------------------------------------------------------------------------------
// Handlers

function createToken(ctx: Ctx): Answer {
  const world = ctx.world;
  const installation = world.installations.get(Number(ctx.params.installation_id));
  if (!installation) return notFound();
  const body = ctx.body ?? {};
  const accessible = world.installationRepositories(installation);
  const notInstalled = () => error(422, 'There is at least one repository that does not exist or is not accessible to the parent installation.');
  const chosen = new Map<number, Repository>();
  if (body.repositories !== undefined) {
    if (!Array.isArray(body.repositories) || body.repositories.some((n: unknown) => typeof n !== 'string')) return invalid('"repositories" must be an array of repository names.');
    for (const name of body.repositories as string[]) {
      // Names, not full names: `owner/name` matches nothing.
      const repo = accessible.find((r) => lower(r.name) === lower(name));
      if (!repo) return notInstalled();
      chosen.set(repo.id, repo);
    }
  }
  if (body.repository_ids !== undefined) {
    if (!Array.isArray(body.repository_ids) || body.repository_ids.some((n: unknown) => !Number.isInteger(n))) return invalid('"repository_ids" must be an array of integers.');
    for (const id of body.repository_ids as number[]) {
      const repo = accessible.find((r) => r.id === id);
      if (!repo) return notInstalled();
      chosen.set(repo.id, repo);
    }
  }
  if (chosen.size > 500) return error(422, 'Validation Failed', { errors: [{ resource: 'InstallationToken', field: 'repositories', code: 'too_many' }] });
  let permissions: Permissions = { ...installation.permissions };
  if (body.permissions !== undefined) {
    if (typeof body.permissions !== 'object' || body.permissions === null || Array.isArray(body.permissions)) return invalid('"permissions" must be an object.');
    const asked = body.permissions as Record<string, unknown>;
    for (const [name, level] of Object.entries(asked)) {
      if (typeof level !== 'string' || !(level in LEVELS) || !hasPermission(installation.permissions, name, level as PermissionLevel)) {
        return error(422, 'The permissions requested are not granted to this installation.');
      }
    }
    permissions = asked as Permissions;
  }
  const narrowed = chosen.size > 0;
  const record: TokenRecord = {
    token: newInstallationToken(),
    installationId: installation.id,
    repositories: narrowed ? [...chosen.values()].map((r) => r.fullName) : 'all',
    permissions,
    expiresAt: new Date(world.now() + TOKEN_LIFETIME_MS),
  };
  world.tokens.push(record);
  const selection = narrowed ? 'selected' : installation.repositorySelection;
  return {
    status: 201,
    body: {
      token: record.token,
      expires_at: isoSeconds(record.expiresAt.getTime()),
      permissions,
      repository_selection: selection,
      ...(selection === 'selected' ? { repositories: (narrowed ? [...chosen.values()] : accessible).map((r) => minimalRepositoryJson(world, r)) } : {}),
    },
  };
}

function generateJitConfig(ctx: Ctx, scope: RunnerScope, org?: Account): Answer {
  const body = ctx.body ?? {};
  for (const key of ['name', 'runner_group_id', 'labels']) {
    if (body[key] === undefined) return invalid(`"${key}" wasn't supplied.`);
  }
  if (typeof body.name !== 'string' || body.name === '') return invalid('"name" must be a non-empty string.');
  if (!Number.isInteger(body.runner_group_id)) return invalid('"runner_group_id" is not an integer.');
  if (!Array.isArray(body.labels) || body.labels.some((l: unknown) => typeof l !== 'string' || l === '')) return invalid('"labels" must be an array of strings.');
  if (body.labels.length < 1) return invalid('"labels" has fewer items than the minimum of 1.');
  if (body.labels.length > 100) return invalid('"labels" has more items than the maximum of 100.');
  if (body.work_folder !== undefined && typeof body.work_folder !== 'string') return invalid('"work_folder" is not a string.');
  let runnerGroupId = 1;
  if (org) {
    if (!org.runnerGroups.has(body.runner_group_id)) return error(404, 'Not Found');
    runnerGroupId = body.runner_group_id;
  }
  if (ctx.world.runnersIn(scope).some((r) => r.name === body.name)) {
    return error(409, `Already exists - A runner with the name ${body.name} already exists.`);
  }
  const runner = ctx.world.registerJitRunner(scope, { name: body.name, runnerGroupId, labels: body.labels, workFolder: body.work_folder ?? '_work' });
  return { status: 201, body: { runner: runnerJson(ctx.world, runner), encoded_jit_config: runner.encodedJitConfig } };
}

function listRunners(ctx: Ctx, scope: RunnerScope): Answer {
  const name = ctx.query.get('name');
  const all = ctx.world.runnersIn(scope).filter((r) => name === null || r.name === name);
  const page = paginate(ctx, all);
  return { status: 200, body: { total_count: all.length, runners: page.items.map((r) => runnerJson(ctx.world, r)) }, headers: page.headers };
}

function scopedRunner(ctx: Ctx, scope: RunnerScope): Runner | undefined {
  return ctx.world.runnersIn(scope).find((r) => r.id === Number(ctx.params.runner_id));
}

function deleteRunner(ctx: Ctx, scope: RunnerScope): Answer {
  const runner = scopedRunner(ctx, scope);
  if (!runner) return notFound();
  if (runner.busy) return error(422, `Bad request - Runner "${runner.name}" is still running a job"`);
  ctx.world.removeRunner(runner);
  return { status: 204 };
}

function withRepository(permission: Route['permission'], f: (ctx: Ctx, repo: Repository) => Answer): Pick<Route, 'permission' | 'handle'> {
  return {
    permission,
    handle: (ctx) => {
      const repo = repositoryAccess(ctx, permission);
      return isAnswer(repo) ? repo : f(ctx, repo);
    },
  };
}

function withOrganization(permission: Route['permission'], f: (ctx: Ctx, org: Account) => Answer): Pick<Route, 'permission' | 'handle'> {
  return {
    permission,
    handle: (ctx) => {
      const org = organizationAccess(ctx, permission);
      return isAnswer(org) ? org : f(ctx, org);
    },
  };
}

const ADMIN_READ = { name: 'administration', level: 'read' } as const;
const ADMIN_WRITE = { name: 'administration', level: 'write' } as const;
const ORG_RUNNERS_READ = { name: 'organization_self_hosted_runners', level: 'read' } as const;
const ORG_RUNNERS_WRITE = { name: 'organization_self_hosted_runners', level: 'write' } as const;
const repoScope = (repo: Repository): RunnerScope => ({ kind: 'repository', repository: repo.fullName });
const orgScope = (org: Account): RunnerScope => ({ kind: 'organization', org: org.login });

function listDeliveries(ctx: Ctx): Answer {
  const world = ctx.world;
  const { perPage } = pageParams(ctx.query);
  const cursor = ctx.query.get('cursor');
  if (cursor !== null && !/^v1_\d+$/.test(cursor)) return error(400, 'Bad Request');
  const status = ctx.query.get('status');
  if (status !== null && status !== 'success' && status !== 'failure') return invalid('"status" must be one of success, failure.');
  const before = cursor === null ? Infinity : Number(cursor.slice(3));
  const all = world.retainedDeliveries()
    .filter((d) => status === null || (status === 'success' ? d.status_code >= 200 && d.status_code <= 399 : d.status_code >= 400 && d.status_code <= 599))
    .sort((a, b) => b.id - a.id)
    .filter((d) => d.id < before);
  const items = all.slice(0, perPage);
  const headers: Record<string, string> = {};
  if (all.length > perPage) {
    const q = new URLSearchParams(ctx.query);
    q.set('per_page', String(perPage));
    q.set('cursor', `v1_${items[items.length - 1].id}`);
    headers.link = `<${world.url}${ctx.path}?${q.toString()}>; rel="next"`;
  }
  return { status: 200, body: items.map(deliveryItemJson), headers };
}

function retainedDelivery(ctx: Ctx): DeliveryRecord | undefined {
  return ctx.world.retainedDeliveries().find((d) => d.id === Number(ctx.params.delivery_id));
}

type ScopedHandler = (ctx: Ctx, scope: RunnerScope, org?: Account) => Answer;
type ScopedAccess = (permission: Route['permission'], f: ScopedHandler) => Pick<Route, 'permission' | 'handle'>;
const repositoryScoped: ScopedAccess = (permission, f) => withRepository(permission, (ctx, repo) => f(ctx, repoScope(repo)));
const organizationScoped: ScopedAccess = (permission, f) => withOrganization(permission, (ctx, org) => f(ctx, orgScope(org), org));

/** The self-hosted runner endpoints, the same under /repos/{owner}/{repo} and /orgs/{org}. */
function runnerRoutes(prefix: string, read: Route['permission'], write: Route['permission'], access: ScopedAccess): Route[] {
  const getRunner: ScopedHandler = (ctx, scope) => {
    const r = scopedRunner(ctx, scope);
    return r ? { status: 200, body: runnerJson(ctx.world, r) } : notFound();
  };
  return [
    { method: 'POST', template: `${prefix}/actions/runners/generate-jitconfig`, auth: 'installation', jsonBody: true, ...access(write, generateJitConfig) },
    { method: 'GET', template: `${prefix}/actions/runners`, auth: 'installation', ...access(read, listRunners) },
    { method: 'GET', template: `${prefix}/actions/runners/{runner_id}`, auth: 'installation', ...access(read, getRunner) },
    { method: 'DELETE', template: `${prefix}/actions/runners/{runner_id}`, auth: 'installation', ...access(write, deleteRunner) },
  ];
}

function runnerGroupRoutes(): Route[] {
  const group = (ctx: Ctx, org: Account) => org.runnerGroups.get(Number(ctx.params.runner_group_id));
  const listGroups = (ctx: Ctx, org: Account): Answer => {
    const visibleTo = ctx.query.get('visible_to_repository');
    const repo = visibleTo === null ? undefined : ctx.world.repository(`${org.login}/${visibleTo}`);
    const groups = [...org.runnerGroups.values()].sort((a, b) => a.id - b.id)
      .filter((g) => visibleTo === null || (repo !== undefined && ctx.world.admits(g, repo)));
    const page = paginate(ctx, groups);
    const runnerGroups = page.items.map((g) => runnerGroupJson(ctx.world, org, g));
    return { status: 200, body: { total_count: groups.length, runner_groups: runnerGroups }, headers: page.headers };
  };
  const getGroup = (ctx: Ctx, org: Account): Answer => {
    const g = group(ctx, org);
    return g ? { status: 200, body: runnerGroupJson(ctx.world, org, g) } : notFound();
  };
  const groupRepositories = (ctx: Ctx, org: Account): Answer => {
    const g = group(ctx, org);
    if (!g) return notFound();
    const repos = g.visibility === 'selected' ? [...g.selected].map((n) => ctx.world.repository(n)!).sort((a, b) => a.id - b.id) : [];
    const page = paginate(ctx, repos);
    const repositories = page.items.map((r) => minimalRepositoryJson(ctx.world, r));
    return { status: 200, body: { total_count: repos.length, repositories }, headers: page.headers };
  };
  const base = '/orgs/{org}/actions/runner-groups';
  return [
    { method: 'GET', template: base, auth: 'installation', ...withOrganization(ORG_RUNNERS_READ, listGroups) },
    { method: 'GET', template: `${base}/{runner_group_id}`, auth: 'installation', ...withOrganization(ORG_RUNNERS_READ, getGroup) },
    { method: 'GET', template: `${base}/{runner_group_id}/repositories`, auth: 'installation', ...withOrganization(ORG_RUNNERS_READ, groupRepositories) },
  ];
}

function getJob(ctx: Ctx, repo: Repository): Answer {
  const job = ctx.world.jobsById.get(Number(ctx.params.job_id));
  if (!job || lower(job.repository) !== lower(repo.fullName)) return notFound();
  return { status: 200, body: workflowJobJson(job, ctx.world.url, ctx.world.webUrl) };
}

function getDelivery(ctx: Ctx): Answer {
  const d = retainedDelivery(ctx);
  return d ? { status: 200, body: { ...d, url: ctx.world.webhookUrl } } : notFound();
}

function redeliver(ctx: Ctx): Answer {
  const d = retainedDelivery(ctx);
  if (!d) return notFound();
  ctx.world.webhooks.redeliver(d);
  return { status: 202, body: {} };
}

const ROUTE_DEFINITIONS: Route[] = [
  { method: 'POST', template: '/app/installations/{installation_id}/access_tokens', auth: 'jwt', jsonBody: true, handle: createToken },
  { method: 'GET', template: '/app/hook/deliveries', auth: 'jwt', handle: listDeliveries },
  { method: 'GET', template: '/app/hook/deliveries/{delivery_id}', auth: 'jwt', handle: getDelivery },
  { method: 'POST', template: '/app/hook/deliveries/{delivery_id}/attempts', auth: 'jwt', handle: redeliver },
  ...runnerRoutes('/repos/{owner}/{repo}', ADMIN_READ, ADMIN_WRITE, repositoryScoped),
  ...runnerRoutes('/orgs/{org}', ORG_RUNNERS_READ, ORG_RUNNERS_WRITE, organizationScoped),
  ...runnerGroupRoutes(),
  { method: 'GET', template: '/repos/{owner}/{repo}/actions/jobs/{job_id}', auth: 'installation', ...withRepository({ name: 'actions', level: 'read' }, getJob) },
];

const ROUTES: Route[] = ROUTE_DEFINITIONS.map((r) => {
  const keys: string[] = [];
  const source = r.template.replace(/\{(\w+)\}/g, (_m, key: string) => {
    keys.push(key);
    return key.endsWith('_id') ? '(\\d+)' : '([^/]+)';
  });
  return { ...r, keys, re: new RegExp(`^${source}$`) };
});

function match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
  for (const route of ROUTES) {
    const m = route.re!.exec(path);
    if (m && route.method === method) {
      return { route, params: Object.fromEntries(route.keys!.map((k, i) => [k, decodeURIComponent(m[i + 1])])) };
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// HTTP

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString()));
    req.on('error', reject);
  });
}

type Credential = { kind: 'none' } | { kind: 'jwt'; problem?: string } | { kind: 'installation'; token: TokenRecord; installation: Installation } | { kind: 'invalid' };

function authenticate(world: World, header: string | undefined, route: Route | undefined): Credential {
  const m = /^(bearer|token)\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m) return { kind: 'none' };
  const [, scheme, credential] = m;
  if (looksLikeJwt(credential)) {
    world.jwts.push(credential);
    if (lower(scheme) !== 'bearer') return { kind: 'invalid' };
    return { kind: 'jwt', problem: jwtProblem(credential, { appId: world.appId, clientId: world.clientId, publicKey: world.publicKey, now: world.now() }) };
  }
  const token = world.tokens.find((t) => t.token === credential);
  const installation = token && world.installations.get(token.installationId);
  if (!token || !installation || token.expiresAt.getTime() <= world.now()) return { kind: 'invalid' };
  if (route?.auth === 'jwt') return { kind: 'invalid' };
  return { kind: 'installation', token, installation };
}

export async function startServer(world: World): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    void handle(world, req, res).catch((err) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

async function handle(world: World, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = await readBody(req);
  const method = req.method ?? 'GET';
  const parsedUrl = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = parsedUrl.pathname;
  const query = parsedUrl.searchParams;
  world.sweep();

  const send = (answer: Answer, headers: Record<string, string>, record?: RequestRecord) => {
    if (record) record.status = answer.status;
    const all: Record<string, string> = {
      'x-github-request-id': randomBytes(8).toString('hex').toUpperCase(),
      'x-github-media-type': 'github.v3; format=json',
      ...headers,
      ...answer.headers,
    };
    if (answer.status === 204 || answer.body === undefined) {
      res.writeHead(answer.status, all);
      res.end();
    } else {
      res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', ...all });
      res.end(JSON.stringify(answer.body));
    }
  };

  if (!req.headers['user-agent']) {
    send(error(403, 'Request forbidden by administrative rules. Please make sure your request has a User-Agent header (https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required). Check https://developer.github.com for other possible causes.'), {});
    return;
  }

  const found = match(method, path);
  const credential = authenticate(world, req.headers.authorization, found?.route);
  const installationId = credential.kind === 'installation' ? credential.installation.id : undefined;
  const record: RequestRecord = {
    method,
    path,
    route: found ? `${method} ${found.route.template}` : undefined,
    status: 0,
    auth: credential.kind === 'jwt' ? (credential.problem ? 'invalid' : 'jwt') : credential.kind,
    installationId,
    tokenRepositories: credential.kind === 'installation' ? credential.token.repositories : undefined,
    at: new Date(world.now()),
  };
  world.requests.push(record);

  const authenticated = (credential.kind === 'jwt' && !credential.problem) || credential.kind === 'installation';
  const bucket = !authenticated ? 'anonymous' : credential.kind === 'installation' ? credential.installation.id : 'app';
  const who = !authenticated ? (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '')
    : credential.kind === 'installation' ? `installation ID ${credential.installation.id}` : `app ID ${world.appId}`;
  let body: any;
  try {
    body = raw.trim() === '' ? undefined : JSON.parse(raw);
  } catch {
    body = Symbol.for('unparseable');
  }
  const info: RequestInfo | undefined = authenticated
    ? { method, path, query, route: record.route, auth: credential.kind as 'jwt' | 'installation', installationId, body: typeof body === 'symbol' ? raw : body }
    : undefined;
  const admission = world.limiter.admit(bucket, who, info);
  res.on('close', admission.done);
  const version = req.headers['x-github-api-version'];
  const headers = { ...admission.headers, 'x-github-api-version-selected': typeof version === 'string' && SUPPORTED_API_VERSIONS.includes(version) ? version : '2022-11-28' };
  if (admission.refusal) {
    const r = admission.refusal;
    send({ status: r.status, body: { message: r.message, documentation_url: r.documentationUrl }, headers: r.headers }, headers, record);
    return;
  }
  if (typeof version === 'string' && !SUPPORTED_API_VERSIONS.includes(version)) {
    send(error(400, `API version '${version}' is not supported.`), headers, record);
    return;
  }

  // Authentication.
  if (credential.kind === 'none') {
    send(found ? error(401, 'Requires authentication') : notFound(), headers, record);
    return;
  }
  if (credential.kind === 'jwt' && credential.problem) {
    send(error(401, credential.problem), headers, record);
    return;
  }
  if (credential.kind === 'invalid') {
    send(found?.route.auth === 'jwt' ? error(401, 'A JSON web token could not be decoded') : error(401, 'Bad credentials'), headers, record);
    return;
  }
  if (!found) {
    send(notFound(), headers, record);
    return;
  }
  const { route, params } = found;
  if (route.auth === 'installation' && credential.kind === 'jwt') {
    send(notAccessible(), headers, record);
    return;
  }
  if (typeof body === 'symbol') {
    send(error(400, 'Problems parsing JSON'), headers, record);
    return;
  }
  if (route.jsonBody && body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) {
    send(error(400, 'Body should be a JSON object'), headers, record);
    return;
  }

  const ctx: Ctx = {
    world,
    method,
    path,
    query,
    params,
    body,
    auth: credential.kind === 'installation' ? { kind: 'installation', token: credential.token, installation: credential.installation } : { kind: 'jwt' },
  };
  const fault = info ? world.fault?.(info) : undefined;
  if (fault === 'hang' || fault === 'hang-after-apply') {
    if (fault === 'hang-after-apply') route.handle(ctx);
    record.status = 'hang';
    return; // never answered; the socket closes when the client gives up or on close()
  }
  if (fault && !fault.applied) {
    send({ status: fault.status, body: { message: fault.message ?? `injected ${fault.status}`, documentation_url: DOCS }, headers: fault.headers }, headers, record);
    return;
  }
  const answer = route.handle(ctx);
  if (fault) {
    send({ status: fault.status, body: { message: fault.message ?? `injected ${fault.status}`, documentation_url: DOCS }, headers: fault.headers }, headers, record);
    return;
  }
  const permission = route.permission;
  send(answer, permission ? { ...headers, 'x-accepted-github-permissions': `${permission.name}=${permission.level}` } : headers, record);
}
