import { afterEach, describe, expect, it, vi } from 'vitest';
import { MOTO_MISSING_MESSAGE, startMoto } from './moto.ts';

describe('startMoto', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it.each([
    ['plain', false],
    ['with IAM checks on resources', true],
  ])(
    'fails loudly, with the install command, when moto_server is not on PATH (%s)',
    async (_, iamResourceChecks) => {
      // Prepare
      vi.stubEnv('PATH', '/nonexistent');

      // Act
      const started = startMoto({ iamResourceChecks });

      // Assess
      await expect(started).rejects.toThrow(MOTO_MISSING_MESSAGE);
      expect(MOTO_MISSING_MESSAGE).toContain("pip install 'moto[server]'");
    },
  );
});
