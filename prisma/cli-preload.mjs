// Preloaded into the Prisma CLI (`node --import ./prisma/cli-preload.mjs`).
// Prisma 6.19's WASM schema engine arms a 10 s timer for its advisory-lock timeout and never
// clears it, so `prisma migrate deploy` finishes its work in ~0.2 s and then idles for 10 s
// before the process exits. Unref'ing long timers lets the process exit when the real work
// (database sockets, files) is done; a timer alone never keeps the CLI alive.
const LONG_TIMER_MS = 5_000
const setTimeoutOriginal = globalThis.setTimeout
globalThis.setTimeout = function setTimeoutUnrefLong(callback, ms, ...args) {
  const timer = setTimeoutOriginal(callback, ms, ...args)
  if (typeof ms === 'number' && ms >= LONG_TIMER_MS) timer.unref?.()
  return timer
}
