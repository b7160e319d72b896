/** The floors' bare signer, for the test that checks it against AWS's (test/bench/floors.test.ts). */
export declare const authorization: (
  request: { method: string; url: URL; headers: Record<string, string>; body: string },
  options: { accessKeyId: string; secretAccessKey: string; region: string; service: string },
) => string;
