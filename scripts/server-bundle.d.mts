/** Builds the server bundle when stale and returns the path of its entry point (dist/server/main.mjs). */
export function serverBundle(): Promise<string>;
/** Node's flags for the server process, as package.json's start script passes them. */
export const SERVER_NODE_FLAGS: string[];
