import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deploySettingProblems } from '../../scripts/deploy-settings.ts';

const ACCOUNT = fc.stringMatching(/^\d{12}$/);
const REGION = fc.constantFrom('eu-west-1', 'us-east-1', 'ap-southeast-1', 'cn-north-1');
/** Secret names as Secrets Manager allows them: letters, digits and `/_+=.@-`. */
const SECRET_NAME = fc.stringMatching(/^[\w/+=.@-]{1,64}$/);
const SUFFIX = fc.stringMatching(/^[A-Za-z0-9]{6}$/);

const secretArn = () =>
  fc
    .tuple(REGION, ACCOUNT, SECRET_NAME, SUFFIX)
    .map(
      ([region, account, name, suffix]) =>
        `arn:aws:secretsmanager:${region}:${account}:secret:${name}-${suffix}`,
    );

const valid = { requestEventBus: 'default', eventSources: 'bcs-offboard.requests' };

describe('deploySettingProblems, for any setting', () => {
  it('accepts the full ARN of any secret', () => {
    fc.assert(
      fc.property(secretArn(), (arn) => {
        // Act
        const problems = deploySettingProblems({ ...valid, credentialsSecretArn: arn });

        // Assess
        expect(problems).toEqual([]);
      }),
    );
  });

  it('refuses anything that does not start as an ARN, naming the param and quoting the value', () => {
    fc.assert(
      fc.property(
        fc
          .string({ minLength: 1 })
          .filter((text) => !text.trim().startsWith('arn:') && text.trim() !== ''),
        (text) => {
          // Act
          const problems = deploySettingProblems({ ...valid, credentialsSecretArn: text });

          // Assess
          expect(problems).toHaveLength(1);
          expect(problems[0]).toMatch(/^credentialsSecretArn /);
          expect(problems[0]).toContain(`"${text.trim()}"`);
        },
      ),
    );
  });

  it('refuses every source list holding an aws.* source, and only those among well-formed lists', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z][a-z0-9.-]{0,30}$/), { minLength: 1, maxLength: 5 }),
        (sources) => {
          // Act
          const problems = deploySettingProblems({
            ...valid,
            credentialsSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:x-AbCdEf',
            eventSources: sources.join(','),
          });

          // Assess
          const reserved = sources.filter((source) => source.startsWith('aws.'));
          expect(problems).toHaveLength(reserved.length);
        },
      ),
    );
  });
});
