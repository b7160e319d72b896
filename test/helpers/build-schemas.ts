import { operationsByName } from '../../lib/operations/catalogue.ts';
import { listOperationRecords } from '../../lib/operations/list-operation-records.ts';
import { safeParse } from '../../lib/schemas/schema.ts';
import { quitInput, removeOrgsInput } from './operation-inputs.ts';

/**
 * A setup file for mutation testing (vitest.mutation.config.ts): builds every operation's
 * schema before any test runs. The schemas are built lazily, once, by whichever test first
 * validates an input; Stryker would credit their construction to that one test only, and run
 * only it against a mutant of a rule's message or of a combinator, which then "survives" the
 * tests that would kill it. Built here, that code runs outside every test, as it does in a
 * Lambda container (once, before the request that needs it): Stryker counts it as static and
 * runs every test against its mutants (`npx stryker run`; `--ignoreStatic` leaves them out).
 */
try {
  safeParse(operationsByName['quit-consortium'].schema, quitInput({ token: 'MIItoken' }));
  safeParse(operationsByName['remove-channel-orgs'].schema, removeOrgsInput({ token: 'MIItoken' }));
  // ListOpRecord is in no table of operationsByName (read over HTTP and Slack only): its query's
  // value rules and their messages would be credited to the first test that reads a query.
  safeParse(listOperationRecords.schema, {
    path: { project_id: 'p1' },
    query: 'operation_id=BCSSVC01-06-1',
  });
} catch {
  // A mutant broke a schema: building it throws again in the tests that use it, which fail and
  // kill it (a setup file that throws would only count as an error, not as a killed mutant).
}
