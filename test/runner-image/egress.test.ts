import { isIP } from 'net';
import { ContainerImage, EgressAllowList, EphemeralRunnerPipeline, ZeroTrustVpc } from '../../src';
import { FakeContainer, JIT_SERVER_URL } from './support/container';
import { RUNNER_IDLE_TIMEOUT_ENV } from '../../src/pipeline/private/runner-contract';
import { allowedBy, dnsFirewallMatches } from '../support/dns-firewall';
import { resourcesOf, synth, testStack } from '../util';

// The runner reaches only domains the pipeline's default allow-list lets through: the start
// script and its fakes record every URL they (or the real AWS CLI and GitHub runner in their
// place) connect to; each host must be allowed by the domain lists the pipeline synthesizes.
jest.setTimeout(30000);

/** The ALLOW lists of the pipeline's default allow-list, with the stack's region as eu-west-1. */
function pipelineAllowLists(): string[][] {
  const stack = testStack();
  const vpc = new ZeroTrustVpc(stack, 'Network', { natGateways: 1 });
  new EphemeralRunnerPipeline(stack, 'Pipeline', {
    vpc,
    githubAppId: '123456',
    runnerScope: 'confluxdb/platform',
    runnerImage: ContainerImage.fromEcrRepositoryArn('arn:aws:ecr:eu-west-1:111122223333:repository/github-runner', '2.329.0'),
  });
  const s = synth(stack);
  const lists = s.resource.aws_route53_resolver_firewall_domain_list;
  return resourcesOf(s, 'aws_route53_resolver_firewall_rule')
    .filter(r => r.action === 'ALLOW')
    .map(r => lists[/\.([^.]+)\.id\}$/.exec(r.firewall_domain_list_id)![1]].domains as string[])
    .map(domains => domains.map(d => d.replace(/\$\{data\.aws_region\.[A-Za-z0-9_]+\.region\}/, 'eu-west-1')));
}

describe('the runner reaches only listed domains', () => {
  let urls: string[];
  let lists: string[][];
  beforeAll(async () => {
    lists = pipelineAllowLists();
    const c = new FakeContainer({ runnerMode: 'job:1:0', env: { [RUNNER_IDLE_TIMEOUT_ENV]: '5' } });
    try {
      const result = await c.run();
      expect(result.code).toBe(0);
      urls = c.network();
    } finally {
      c.dispose();
    }
  });

  test('the fakes recorded the AWS CLI\'s and the runner\'s connections', () => {
    const hosts = urls.map(u => new URL(u).hostname);
    expect(hosts).toEqual(expect.arrayContaining(['ssm.eu-west-1.amazonaws.com', new URL(JIT_SERVER_URL).hostname, 'github.com', 'api.github.com']));
  });

  test('every host by name is allowed by the pipeline\'s default lists; the only literal IP is the task\'s credentials endpoint', () => {
    for (const url of urls) {
      const host = new URL(url).hostname;
      if (isIP(host)) {
        // 169.254.170.2 is the ECS agent's link-local credentials endpoint: no DNS, never leaves the host.
        expect(host).toBe('169.254.170.2');
        continue;
      }
      expect([host, allowedBy(lists, host)]).toEqual([host, true]);
    }
  });

  test('the same lists do not let other hosts through (the check can fail)', () => {
    for (const host of ['example.com', 'registry.npmjs.org', 'github.com.evil.example', 'ssm.us-east-1.amazonaws.com', 'actions.githubusercontent.com']) {
      expect([host, allowedBy(lists, host)]).toEqual([host, false]);
    }
  });
});

describe('DNS Firewall matching as the tests model it', () => {
  test.each([
    ['*.actions.githubusercontent.com', 'pipelines.actions.githubusercontent.com', true],
    ['*.actions.githubusercontent.com', 'a.b.actions.githubusercontent.com', true],
    ['*.actions.githubusercontent.com', 'actions.githubusercontent.com', false],
    ['github.com', 'GitHub.com.', true],
    ['github.com', 'api.github.com', false],
    ['*', 'anything.example', true],
  ])('%s matches %s: %s', (entry, name, expected) => {
    expect(dnsFirewallMatches(entry, name)).toBe(expected);
  });

  test('the shipped GitHub runner list alone covers the runner\'s GitHub hosts', () => {
    for (const host of ['github.com', 'api.github.com', 'codeload.github.com', 'results-receiver.actions.githubusercontent.com', new URL(JIT_SERVER_URL).hostname]) {
      expect([host, allowedBy([EgressAllowList.GITHUB_ACTIONS_RUNNER], host)]).toEqual([host, true]);
    }
  });
});
