import { DescribeTasksCommand, ListTasksCommand, StopTaskCommand } from '@aws-sdk/client-ecs';
import { createReaper, reaperConfigFromEnv } from '../../src/pipeline/lambda/reaper/handler';
import { Logger } from '../../src/pipeline/lambda/runtime/log';

const NOW = Date.parse('2026-11-28T12:00:00Z');
const minutesAgo = (m: number) => new Date(NOW - m * 60_000);

function fakeEcs(tasks: Array<{ arn: string; startedAt?: Date; createdAt?: Date; lastStatus?: string }>, pageSize = 2) {
  const sent: any[] = [];
  return {
    sent,
    send: async (command: any) => {
      sent.push(command);
      if (command instanceof ListTasksCommand) {
        const start = Number(command.input.nextToken ?? 0);
        const page = tasks.slice(start, start + pageSize).map(t => t.arn);
        return { taskArns: page, nextToken: start + pageSize < tasks.length ? String(start + pageSize) : undefined };
      }
      if (command instanceof DescribeTasksCommand) {
        return { tasks: tasks.filter(t => command.input.tasks!.includes(t.arn)).map(t => ({ taskArn: t.arn, startedAt: t.startedAt, createdAt: t.createdAt, lastStatus: t.lastStatus ?? 'RUNNING' })) };
      }
      if (command instanceof StopTaskCommand) return {};
      throw new Error('unexpected command');
    },
  };
}

test('stops exactly the runner tasks older than the lifetime, across pages', async () => {
  const ecs = fakeEcs([
    { arn: 'old-1', startedAt: minutesAgo(61) },
    { arn: 'young', startedAt: minutesAgo(59) },
    { arn: 'old-pending', createdAt: minutesAgo(120) },
    { arn: 'stopped', startedAt: minutesAgo(500), lastStatus: 'STOPPED' },
    { arn: 'old-2', startedAt: minutesAgo(600) },
  ]);
  const logs: any[] = [];
  const result = await createReaper(ecs as any, { clusterArn: 'c', startedBy: 'confluxdb-runner', maxLifetimeMinutes: 60 }, () => NOW, new Logger(line => logs.push(JSON.parse(line))))();
  expect(result.examined).toBe(5);
  expect(result.stopped.sort()).toEqual(['old-1', 'old-2', 'old-pending']);
  const lists = ecs.sent.filter(c => c instanceof ListTasksCommand);
  expect(lists).toHaveLength(3);
  expect(lists.every(c => c.input.startedBy === 'confluxdb-runner' && c.input.cluster === 'c')).toBe(true);
  expect(ecs.sent.filter(c => c instanceof StopTaskCommand).map(c => c.input.reason)[0]).toMatch(/maximum lifetime of 60 minutes/);
  expect(logs.at(-1)).toMatchObject({ examined: 5, stopped: 3 });
});

test('no runner tasks: nothing described or stopped', async () => {
  const ecs = fakeEcs([]);
  const result = await createReaper(ecs as any, { clusterArn: 'c', startedBy: 's', maxLifetimeMinutes: 10 }, () => NOW, new Logger(() => undefined))();
  expect(result).toEqual({ examined: 0, stopped: [] });
  expect(ecs.sent.filter(c => !(c instanceof ListTasksCommand))).toHaveLength(0);
});

test('configuration comes from the environment and is checked', () => {
  expect(reaperConfigFromEnv({ CLUSTER_ARN: 'c', MAX_RUNNER_LIFETIME_MINUTES: '90' })).toEqual({ clusterArn: 'c', startedBy: 'confluxdb-runner', maxLifetimeMinutes: 90 });
  expect(() => reaperConfigFromEnv({ MAX_RUNNER_LIFETIME_MINUTES: '90' })).toThrow(/CLUSTER_ARN/);
  expect(() => reaperConfigFromEnv({ CLUSTER_ARN: 'c', MAX_RUNNER_LIFETIME_MINUTES: 'x' })).toThrow(/MAX_RUNNER_LIFETIME_MINUTES/);
});
