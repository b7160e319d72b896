import { describe, expect, it } from 'vitest';
import { commaSeparated, isHttpsOrLoopback } from '../../../lib/config/environment.ts';

describe('commaSeparated', () => {
  it('reads the trimmed items of a comma-separated setting, leaving empty ones out', () => {
    // Prepare
    const value = ' p1, p2 ,,p3';

    // Act
    const items = commaSeparated(value);

    // Assess
    expect(items).toEqual(new Set(['p1', 'p2', 'p3']));
  });

  it('is undefined for a setting that is unset or blank', () => {
    // Prepare
    const values = [undefined, '', '  '];

    // Act
    const read = values.map(commaSeparated);

    // Assess
    expect(read).toEqual([undefined, undefined, undefined]);
  });

  it('is an empty set, allowing nothing, for a setting of commas alone', () => {
    // Prepare
    const value = ' , ,';

    // Act
    const items = commaSeparated(value);

    // Assess
    expect(items).toEqual(new Set());
  });
});

describe('isHttpsOrLoopback', () => {
  it('takes https anywhere and plain http to this machine only', () => {
    // Prepare
    const taken = [
      'https://bcs.cn-north-4.myhuaweicloud.com',
      'http://127.0.0.1:4010',
      'http://localhost',
      'http://[::1]:8080/x',
    ];
    const refused = ['http://bcs.example.com', 'http://127.0.0.2', 'ftp://localhost', 'file:///x'];

    // Act
    const verdicts = [...taken, ...refused].map((url) => isHttpsOrLoopback(new URL(url)));

    // Assess
    expect(verdicts).toEqual([...taken.map(() => true), ...refused.map(() => false)]);
  });
});
