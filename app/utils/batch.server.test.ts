import { describe, expect, test } from 'vitest'
import { groupCommit } from './batch.server.ts'

/** A write whose batches are recorded and finish only when the test lets them. */
function controlledWrite() {
  const batches: number[][] = []
  const pending: Array<() => void> = []
  const write = (items: number[]) => {
    batches.push(items)
    return new Promise<string[]>((resolve) =>
      pending.push(() => resolve(items.map((item) => `stored ${item}`))),
    )
  }
  const finishNext = async () => {
    // Let the callers' promises and the next batch start before looking again.
    for (let tick = 0; tick < 5; tick++) await Promise.resolve()
    pending.shift()?.()
    for (let tick = 0; tick < 5; tick++) await Promise.resolve()
  }
  return { write, batches, finishNext }
}

describe('group commit', () => {
  test('a lone item is written at once, in a batch of its own', async () => {
    const { write, batches, finishNext } = controlledWrite()
    const store = groupCommit(write)

    const result = store(1)
    expect(batches).toEqual([[1]])
    await finishNext()

    expect(await result).toBe('stored 1')
  })

  test('items that arrive while a batch is written go together in the next, each with its own result', async () => {
    const { write, batches, finishNext } = controlledWrite()
    const store = groupCommit(write)

    const results = [store(1), store(2), store(3), store(4)]
    await finishNext()
    await finishNext()

    expect(batches).toEqual([[1], [2, 3, 4]])
    expect(await Promise.all(results)).toEqual(['stored 1', 'stored 2', 'stored 3', 'stored 4'])
  })

  test('no batch is larger than the limit', async () => {
    const { write, batches, finishNext } = controlledWrite()
    const store = groupCommit(write, 2)

    const results = [1, 2, 3, 4, 5, 6].map(store)
    for (let batch = 0; batch < 4; batch++) await finishNext()

    expect(batches).toEqual([[1], [2, 3], [4, 5], [6]])
    expect(await Promise.all(results)).toHaveLength(6)
  })

  test('a failed batch fails its own callers only; the next batch is still written', async () => {
    let calls = 0
    const store = groupCommit(async (items: string[]) => {
      calls++
      if (calls === 1) throw new Error('database unavailable')
      return items.map((item) => item.toUpperCase())
    })

    const first = store('a')
    const second = store('b')

    await expect(first).rejects.toThrow('database unavailable')
    expect(await second).toBe('B')
  })

  test('a write that answers the wrong number of results fails its callers', async () => {
    const store = groupCommit(async (items: string[]) => items.slice(1))

    await expect(store('a')).rejects.toThrow('a batch of 1 answered 0 results')
  })
})
