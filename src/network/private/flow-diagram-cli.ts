#!/usr/bin/env node
/**
 * `confluxdb-flows`: the security-group flow diagram (./flow-diagram.ts) of your own synthesized
 * stacks, published as the package's `bin` (not jsii API). It reads only the Terraform JSON and
 * loads neither cdktf nor the AWS provider, so it runs in a second from any language's app:
 *
 *   npx confluxdb-flows cdktf.out/stacks/<stack>/cdk.tf.json > flows.mmd   # one stack, to stdout
 *   npx confluxdb-flows cdktf.out                                        # flows.mmd next to every stack
 *
 * Python and Go apps: `npx --yes --legacy-peer-deps --package @confluxdb/cdktf-blueprint confluxdb-flows ...`
 * (the command needs none of the package's peer dependencies).
 */
import * as fs from 'fs';
import * as path from 'path';
import { flowGraph, renderMermaid } from './flow-diagram';

export const USAGE = `usage: confluxdb-flows [--ungrouped] [-o <file>] <cdk.tf.json | stack folder>
       confluxdb-flows [--ungrouped] [<cdktf.out>]

Draws who may talk to whom in a synthesized CDK for Terraform stack: a Mermaid flowchart of its
security-group rules (paste it into a Markdown \`\`\`mermaid block or https://mermaid.live).

  <cdk.tf.json | stack folder>  one stack: the diagram goes to stdout, or to <file> with -o
  <cdktf.out>                   a cdktf output folder (the default): writes flows.mmd next to
                                every stacks/<stack>/cdk.tf.json and prints the files written
  --ungrouped                   one node per security group, even when several have the same flows
`;

/** The diagram of one stack file, titled with the stack's name (cdktf's metadata, else its folder's). */
export function diagramOf(stackFile: string, options: { ungrouped?: boolean } = {}): string {
  const json = JSON.parse(fs.readFileSync(stackFile, 'utf8'));
  if (typeof json !== 'object' || json === null || !('resource' in json || 'terraform' in json)) {
    throw new Error(`${stackFile} is not a synthesized Terraform stack (no "resource" or "terraform" block)`);
  }
  const stackName: unknown = json['//']?.metadata?.stackName;
  const stack = typeof stackName === 'string' && stackName ? stackName : path.basename(path.dirname(path.resolve(stackFile)));
  return renderMermaid(flowGraph(json, { groupRepeated: !options.ungrouped }), `${stack}: security-group flows`);
}

/** Writes flows.mmd next to every cdk.tf.json under `<outdir>/stacks`; returns the files written. */
export function writeFlowDiagrams(outdir: string, options: { ungrouped?: boolean } = {}): string[] {
  const stacksDir = path.join(outdir, 'stacks');
  return fs.readdirSync(stacksDir).sort()
    .filter(stack => fs.existsSync(path.join(stacksDir, stack, 'cdk.tf.json')))
    .map(stack => {
      const file = path.join(stacksDir, stack, 'flows.mmd');
      fs.writeFileSync(file, diagramOf(path.join(stacksDir, stack, 'cdk.tf.json'), options));
      return file;
    });
}

/** Runs the command; returns its exit code (0 done, 1 failed, 2 usage). */
export function main(args: string[], out: (s: string) => void, err: (s: string) => void): number {
  let ungrouped = false;
  let output: string | undefined;
  const inputs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-h' || a === '--help') {
      out(USAGE);
      return 0;
    } else if (a === '--ungrouped') {
      ungrouped = true;
    } else if (a === '-o' || a === '--output') {
      output = args[++i];
      if (!output) {
        err(`confluxdb-flows: ${a} needs a file name\n${USAGE}`);
        return 2;
      }
    } else if (a.startsWith('-')) {
      err(`confluxdb-flows: unknown option ${a}\n${USAGE}`);
      return 2;
    } else {
      inputs.push(a);
    }
  }
  if (inputs.length > 1) {
    err(`confluxdb-flows: one stack file or folder at a time, got ${inputs.length}\n${USAGE}`);
    return 2;
  }
  const input = inputs[0] ?? 'cdktf.out';
  try {
    if (!fs.existsSync(input)) {
      err(`confluxdb-flows: ${input} does not exist. Synthesize first (cdktf synth), then pass cdktf.out/stacks/<stack>/cdk.tf.json.\n`);
      return 1;
    }
    const isDir = fs.statSync(input).isDirectory();
    if (isDir && fs.existsSync(path.join(input, 'stacks')) && !fs.existsSync(path.join(input, 'cdk.tf.json'))) {
      if (output) {
        err('confluxdb-flows: -o takes one stack; a cdktf output folder gets flows.mmd next to each stack\n');
        return 2;
      }
      const written = writeFlowDiagrams(input, { ungrouped });
      if (written.length === 0) {
        err(`confluxdb-flows: no stacks/<stack>/cdk.tf.json under ${input}\n`);
        return 1;
      }
      written.forEach(f => out(`${f}\n`));
      return 0;
    }
    const stackFile = isDir ? path.join(input, 'cdk.tf.json') : input;
    if (!fs.existsSync(stackFile)) {
      err(`confluxdb-flows: ${input} holds neither cdk.tf.json nor stacks/\n`);
      return 1;
    }
    const mermaid = diagramOf(stackFile, { ungrouped });
    if (output) {
      fs.writeFileSync(output, mermaid);
      out(`${output}\n`);
    } else {
      out(mermaid);
    }
    return 0;
  } catch (e) {
    err(`confluxdb-flows: ${(e as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), s => process.stdout.write(s), s => process.stderr.write(s));
}
