/** Builds the server bundle when stale and returns the path of its entry point (dist/server/main.mjs). */
export function serverBundle(): Promise<string>;
