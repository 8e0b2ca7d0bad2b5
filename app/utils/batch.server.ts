/**
 * Group commit: callers hand in one item each and wait for its own result, while the items are
 * written in batches, one batch at a time. A lone caller starts at once; under load, the items
 * that arrive while a batch is in flight go together in the next one, so a burst of N writes
 * costs a few statements and commits instead of N (bench/README.md, benchmark A).
 */
export function groupCommit<T, R>(
  /** Writes the items and answers one result per item, in the same order. */
  write: (items: T[]) => Promise<R[]>,
  maxBatch = 100,
): (item: T) => Promise<R> {
  type Waiting = { item: T; resolve: (result: R) => void; reject: (error: unknown) => void }
  let waiting: Waiting[] = []
  let writing = false

  async function drain() {
    writing = true
    while (waiting.length > 0) {
      const batch = waiting.slice(0, maxBatch)
      waiting = waiting.slice(maxBatch)
      try {
        const results = await write(batch.map((entry) => entry.item))
        if (results.length !== batch.length) {
          throw new Error(`a batch of ${batch.length} answered ${results.length} results`)
        }
        batch.forEach((entry, index) => entry.resolve(results[index] as R))
      } catch (error) {
        for (const entry of batch) entry.reject(error)
      }
    }
    writing = false
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      waiting.push({ item, resolve, reject })
      if (!writing) void drain()
    })
}
