/**
 * Starts moto's AWS emulator (`.venv/bin/moto_server`, installed by `bash scripts/venv.sh`) on a free
 * loopback port and hands out AWS SDK v3 client settings pointing at it.
 */
import { ChildProcess, spawn } from 'child_process';
import { existsSync } from 'fs';
import { createServer } from 'net';
import { join } from 'path';

export const MOTO_BIN = join(__dirname, '..', '..', '..', '.venv', 'bin', 'moto_server');

export interface MotoServer {
  readonly endpoint: string;
  /** Settings for any AWS SDK v3 client: endpoint, region, dummy credentials, no SDK retries. */
  readonly clientConfig: {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
    maxAttempts: number;
  };
  /** The last few KB moto wrote to stderr (tracebacks of emulator errors). */
  stderrTail(): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1000) });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`moto_server did not answer on ${endpoint} within ${timeoutMs} ms`);
}

export async function startMoto(timeoutMs = 20_000): Promise<MotoServer> {
  if (!existsSync(MOTO_BIN)) throw new Error(`${MOTO_BIN} is missing: run "bash scripts/venv.sh" first`);
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(MOTO_BIN, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
  try {
    await waitUntilUp(endpoint, child, timeoutMs);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}\n${stderr}`);
  }
  return {
    endpoint,
    clientConfig: {
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      maxAttempts: 1,
    },
    stderrTail: () => stderr,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    }),
  };
}

/**
 * One EC2 Query API call to moto (the EC2 SDK client is not a dependency of this project). moto
 * routes by the credential scope in the Authorization header and does not check signatures.
 */
export async function ec2Query(moto: MotoServer, action: string, params: Record<string, string> = {}): Promise<string> {
  const res = await fetch(`${moto.endpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      'authorization': 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: new URLSearchParams({ Action: action, Version: '2016-11-15', ...params }).toString(),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`EC2 ${action} answered ${res.status}: ${text.slice(0, 500)}`);
  return text;
}

/** A VPC with two private subnets and a security group in moto, for awsvpc RunTask calls. */
export async function createNetwork(moto: MotoServer): Promise<{ subnetIds: string[]; securityGroupId: string }> {
  const pick = (xml: string, tag: string) => {
    const m = new RegExp(`<${tag}>([^<]+)</${tag}>`).exec(xml);
    if (!m) throw new Error(`no ${tag} in ${xml.slice(0, 300)}`);
    return m[1];
  };
  const vpcId = pick(await ec2Query(moto, 'CreateVpc', { CidrBlock: '10.42.0.0/16' }), 'vpcId');
  // Private DNS like a real runner VPC needs for interface endpoints; moto's RunTask also needs it
  // (its ENI has no private DNS name otherwise and RunTask answers 500).
  await ec2Query(moto, 'ModifyVpcAttribute', { 'VpcId': vpcId, 'EnableDnsSupport.Value': 'true' });
  await ec2Query(moto, 'ModifyVpcAttribute', { 'VpcId': vpcId, 'EnableDnsHostnames.Value': 'true' });
  const subnetIds = [
    pick(await ec2Query(moto, 'CreateSubnet', { VpcId: vpcId, CidrBlock: '10.42.1.0/24', AvailabilityZone: 'us-east-1a' }), 'subnetId'),
    pick(await ec2Query(moto, 'CreateSubnet', { VpcId: vpcId, CidrBlock: '10.42.2.0/24', AvailabilityZone: 'us-east-1b' }), 'subnetId'),
  ];
  const securityGroupId = pick(await ec2Query(moto, 'CreateSecurityGroup', {
    VpcId: vpcId, GroupName: 'confluxdb-runner', GroupDescription: 'ephemeral runners',
  }), 'groupId');
  return { subnetIds, securityGroupId };
}

/**
 * DynamoDB applies every conditional write and every transaction atomically (a transaction is
 * serializable; a conflicting one is cancelled). moto_server handles requests on several threads
 * and checks conditions and writes without a lock, so two concurrent conditional writes can both
 * succeed there. To model DynamoDB as documented, the tests send DynamoDB requests one at a time.
 */
export function atomicDynamoDb<T extends { send: (...args: any[]) => Promise<any> }>(client: T): T {
  let tail: Promise<unknown> = Promise.resolve();
  const send = (...args: any[]) => {
    const result = tail.then(() => client.send(...args));
    tail = result.catch(() => undefined);
    return result;
  };
  return new Proxy(client, { get: (target, prop) => (prop === 'send' ? send : (target as any)[prop]) });
}
