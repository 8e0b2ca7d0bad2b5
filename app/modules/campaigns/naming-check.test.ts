import { describe, expect, test } from 'vitest'
import { checkNaming, splitSentences } from './naming-check.ts'

const names = (text: string, allowed: string[] = []) =>
  checkNaming([text], allowed)
    .filter((finding) => finding.kind === 'name')
    .map((finding) => finding.text)
const dates = (text: string) =>
  checkNaming([text])
    .filter((finding) => finding.kind === 'date')
    .map((finding) => finding.text)

describe('capitalised words', () => {
  test('flags a name in the middle of a sentence, with its sentence', () => {
    expect(checkNaming(['Our team met Hyejin at the safe house. She was tired.'])).toEqual([
      { kind: 'name', text: 'Hyejin', sentence: 'Our team met Hyejin at the safe house.' },
    ])
  })

  test('does not flag the first word of a sentence, a heading or a list item', () => {
    expect(names('Rice arrived. Medicine too!\n\n## Winter\n\n- Blankets\n- Coats')).toEqual([])
  })

  test('accepts the built-in safe words: region, funds, months, days, Lantern', () => {
    expect(
      names(
        'People leave North Korea for China and Southeast Asia, then fly to South Korea. ' +
          'In March and on Monday, Lantern funds Rescue, Nutrition, Shelter and Medical care. ' +
          'We know God is good, I think.',
      ),
    ).toEqual([])
  })

  test('accepts the campaign’s own terms, case-insensitively and with a possessive', () => {
    expect(names("We thank Min-ji and Min-ji's sister.", ['min-ji'])).toEqual([])
    expect(names('Our friend Grandma Lee is safe.', ['Grandma Lee'])).toEqual([])
  })

  test('reports neighbouring capitalised words as one place', () => {
    expect(names('They rested near Yanji City before dawn.')).toEqual(['Yanji City'])
    expect(names('Then Mr Park and Kim left.')).toEqual(['Park', 'Kim'])
  })

  test('flags a name after a quotation at the start', () => {
    expect(names('"Thank you," said Sun-hee.')).toEqual(['Sun-hee'])
  })

  test('ignores link targets and markup', () => {
    expect(names('Read [our report](https://example.org/Yanji) on **food**.')).toEqual([])
    expect(names('Read [the story of Jin](/about).')).toEqual(['Jin'])
  })

  test('the same finding in the same sentence is listed once', () => {
    expect(names('We met Jin and Jin.')).toEqual(['Jin'])
  })

  test('checks several texts (title, summary, story)', () => {
    expect(checkNaming(['A title with Hoeryong', 'A summary.', 'And Chongjin.'])).toHaveLength(2)
  })
})

describe('dates', () => {
  test.each([
    ['She crossed on 12/03 at night.', '12/03'],
    ['She crossed on 12.03.2024 at night.', '12.03.2024'],
    ['They left on 2024-05-01 early.', '2024-05-01'],
    ['They left on March 3 early.', 'March 3'],
    ['They left on March 3rd, 2024 early.', 'March 3rd, 2024'],
    ['They left on 3 March early.', '3 March'],
    ['They left in May 2024 at last.', 'May 2024'],
  ])('%s', (text, expected) => {
    expect(dates(text)).toEqual([expected])
  })

  test('plain numbers and amounts are not dates', () => {
    expect(
      dates('We need 3,000 meals and 25 blankets for 5,000 km. It costs $45.50 or 12.50 each.'),
    ).toEqual([])
  })
})

test('a clean text has no findings', () => {
  expect(
    checkNaming([
      'A mother and her two children reached safety after weeks on the road. Your gift paid for food.',
    ]),
  ).toEqual([])
})

test('splitSentences splits after punctuation and at line breaks', () => {
  expect(splitSentences('One. Two? Three!\nFour')).toEqual(['One.', 'Two?', 'Three!', 'Four'])
})
