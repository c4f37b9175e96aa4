import { Testing } from 'cdktf';
import { shapeProblem } from './support/refusal-shape';
import { REFUSALS } from '../src/shared/private/validation';

Testing.setupJest();

// Every refusal any test provokes is checked for the one shape (issue 22, requirement 3): the
// construct path, the prop the user set, the value and what is allowed. A malformed one fails the
// test file it happened in, whatever the test itself expected.
const malformed: string[] = [];
REFUSALS.observer = (refusal) => {
  const problem = shapeProblem(refusal);
  if (problem) malformed.push(`${problem}: ${refusal.message}`);
};
afterAll(() => {
  REFUSALS.observer = undefined;
  expect(malformed).toEqual([]);
});
