// Limits the gift page's form shows in the browser as well as the server enforces: kept out of
// recurring.server.ts, whose exports the browser bundle leaves out (the pause menu was empty).
export const MAX_PAUSE_MONTHS = 3
