import { Readable } from 'node:stream'
import { text } from 'node:stream/consumers'
import { expect, test } from 'vitest'
import { withoutNulBytes } from './entry.server.tsx'

test('NUL bytes from the renderer are removed and multi-byte characters survive', async () => {
  const chunks = [Buffer.from('<p>₩50,000'), Buffer.from([0, 0, 0]), Buffer.from(' café</p>\u0000')]
  const output = await text(Readable.from(chunks).pipe(withoutNulBytes()))
  expect(output).toBe('<p>₩50,000 café</p>')
})
