import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bundleHandler, lambdaEntries, zipOneFile } from '../../scripts/bundle-lambdas';

const root = path.resolve(__dirname, '..', '..');

/** Lists a zip with Python's zipfile (an independent reader): name, size, mode, date. */
function zipEntries(file: string): Array<{ name: string; size: number; mode: string; date: number[] }> {
  const script = 'import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\n'
    + 'print(json.dumps([{"name":i.filename,"size":i.file_size,"mode":oct(i.external_attr>>16),"date":list(i.date_time)} for i in z.infolist()]))';
  return JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' }));
}

describe('Lambda bundling (scripts/bundle-lambdas.ts)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-test-'));
    fs.writeFileSync(path.join(dir, 'rules.ts'), 'export const greeting = (n: string): string => `hello ${n}`;\n');
    fs.writeFileSync(path.join(dir, 'fixture.lambda.ts'), [
      "import { SQSClient } from '@aws-sdk/client-sqs';",
      "import { greeting } from './rules';",
      'const sqs = new SQSClient({});',
      'export const handler = async () => ({ text: greeting("lambda"), region: typeof sqs });',
      '',
    ].join('\n'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const request = (out = 'out') => ({
    entry: path.join(dir, 'fixture.lambda.ts'),
    outdir: path.join(dir, out, 'fixture.lambda'),
    zipFile: path.join(dir, out, 'fixture.lambda.zip'),
    stampFile: path.join(dir, out, '.bundle-inputs', 'fixture.lambda.json'),
    // node_modules of the repository resolve the SDK types; the stamp paths stay inside dir.
    baseDir: dir,
  });

  test('the AWS SDK stays out of the bundle: the Lambda runtime provides it', () => {
    bundleHandler(request());
    const code = fs.readFileSync(path.join(dir, 'out', 'fixture.lambda', 'index.js'), 'utf8');
    expect(code).toMatch(/require\("@aws-sdk\/client-sqs"\)/);
    expect(code).toContain('hello ');
    expect(code).not.toMatch(/@smithy|SQSServiceException/);
    expect(code.length).toBeLessThan(2000);
  });

  test('an unchanged handler is not bundled again; a changed input is', () => {
    expect(bundleHandler(request()).status).toBe('bundled');
    expect(bundleHandler(request()).status).toBe('unchanged');
    fs.appendFileSync(path.join(dir, 'rules.ts'), 'export const other = 1;\n');
    expect(bundleHandler(request()).status).toBe('bundled');
    expect(bundleHandler(request()).status).toBe('unchanged');
    fs.rmSync(path.join(dir, 'out', 'fixture.lambda.zip'));
    expect(bundleHandler(request()).status).toBe('bundled');
  });

  test('the stamp records every input esbuild read, relative to the base folder', () => {
    bundleHandler(request());
    const stamp = JSON.parse(fs.readFileSync(request().stampFile, 'utf8'));
    expect(stamp.inputs).toEqual(['fixture.lambda.ts', 'rules.ts']);
    expect(stamp.key).toMatch(/^[0-9a-f]{64}$/);
  });

  test('bundles and zips are reproducible, and the zip is a valid archive with index.js at its root', () => {
    bundleHandler(request('a'));
    bundleHandler(request('b'));
    const a = fs.readFileSync(path.join(dir, 'a', 'fixture.lambda.zip'));
    expect(a.equals(fs.readFileSync(path.join(dir, 'b', 'fixture.lambda.zip')))).toBe(true);
    const entries = zipEntries(path.join(dir, 'a', 'fixture.lambda.zip'));
    expect(entries).toEqual([{
      name: 'index.js',
      size: fs.statSync(path.join(dir, 'a', 'fixture.lambda', 'index.js')).size,
      mode: '0o100644',
      date: [1980, 1, 1, 0, 0, 0],
    }]);
  });

  test('zipOneFile round-trips arbitrary bytes', () => {
    const data = Buffer.from(Array.from({ length: 70000 }, (_, i) => (i * 7919) % 256));
    const file = path.join(dir, 'x.zip');
    fs.writeFileSync(file, zipOneFile('index.js', data));
    const out = execFileSync('python3', ['-c', 'import sys,zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read("index.js"))', file]);
    expect(out.equals(data)).toBe(true);
  });
});

describe('the library\'s handler bundles in assets/ (built by the bundle task before the tests)', () => {
  const names = lambdaEntries(path.join(root, 'src')).map(e => path.basename(e, '.ts'));

  test.each(names)('%s: deployment zip present, no AWS SDK inside', (name) => {
    const code = fs.readFileSync(path.join(root, 'assets', name, 'index.js'), 'utf8');
    expect(fs.existsSync(path.join(root, 'assets', `${name}.zip`))).toBe(true);
    expect(code).toMatch(/require\("@aws-sdk\/client-[a-z-]+"\)/);
    expect(code).not.toMatch(/@smithy\/|ServiceException extends/);
  });

  test('the webhook bundle is at most 150 KB', () => {
    expect(fs.statSync(path.join(root, 'assets', 'webhook.lambda', 'index.js')).size).toBeLessThanOrEqual(150 * 1024);
  });
});
