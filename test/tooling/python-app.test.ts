import * as fs from 'fs';
import * as path from 'path';

const app = path.resolve(__dirname, '..', '..', 'examples', 'python', 'confluxdb', 'main.py');

// The AWS provider's Python import spends ~40% of its Python time in cyclic-GC passes over the
// objects it is still creating (`npm run bench -- --python` measures the reference app with and
// without the cut); the reference app, which Python users copy, switches the collector off around
// its imports and back on before it builds anything.
test('the Python reference app imports cdktf, the provider and the library with the cyclic GC off, then turns it back on', () => {
  const lines = fs.readFileSync(app, 'utf8').split('\n');
  const at = (re: RegExp) => lines.findIndex(l => re.test(l));
  const lastAt = (re: RegExp) => lines.length - 1 - [...lines].reverse().findIndex(l => re.test(l));
  const imports = /^(from|import) (cdktf|cdktf_cdktf_provider_aws|confluxdb_cdktf_blueprint|constructs)\b/;
  expect(at(/^gc\.disable\(\)$/)).toBeGreaterThan(-1);
  expect(at(/^gc\.disable\(\)$/)).toBeLessThan(at(imports));
  expect(at(/^gc\.enable\(\)$/)).toBeGreaterThan(lastAt(imports));
  expect(at(/^gc\.enable\(\)$/)).toBeLessThan(at(/^class |^def /));
});
