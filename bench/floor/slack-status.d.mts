/** The floor's handler, for the tests that check it does its work (test/bench/floors.test.ts). */
// biome-ignore lint/suspicious/noExplicitAny: the floor takes and answers plain Lambda JSON.
export declare const handler: (event: any) => Promise<any>;
