import { eventBridgeHandler } from '../lib/callers/eventbridge.ts';

/** EventBridge events `BCS Quit Consortium Requested` and `BCS Remove Channel Orgs Requested`. */
export const handler = eventBridgeHandler();
