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

describe('Korean text', () => {
  const found = (text: string, allowed: string[] = []) =>
    checkNaming([text], allowed).map((finding) => `${finding.kind}:${finding.text}`)

  test.each([
    ['그녀는 혜산에서 강을 건넜습니다.', 'place:혜산'],
    ['가족은 신의주를 떠났습니다.', 'place:신의주'],
    ['선양까지 가는 길은 멀었습니다.', 'place:선양'],
    ['회령 근처에서 잠시 쉬었습니다.', 'place:회령'],
    ['무산과 청진은 국경에서 가깝습니다.', 'place:무산'],
    ['함경북도의 겨울은 길고 춥습니다.', 'place:함경북도'],
    ['양강도 출신의 한 어머니가 있습니다.', 'place:양강도'],
    ['단둥의 안전가옥에 머물렀습니다.', 'place:단둥'],
    ['옌지로 가는 버스를 탔습니다.', 'place:옌지'],
    ['두만강을 건너 라오스로 향했습니다.', 'place:두만강'],
  ])('flags the place in “%s”', (text, expected) => {
    expect(found(text)).toContain(expected)
  })

  test('reports each place with its sentence', () => {
    expect(checkNaming(['혜산에서 출발했습니다. 모두 안전합니다.'])).toEqual([
      { kind: 'place', text: '혜산', sentence: '혜산에서 출발했습니다.' },
    ])
  })

  test.each([
    ['김민지 씨는 무사히 도착했습니다.', 'name:김민지'],
    ['이서연의 아이는 건강합니다.', 'name:이서연'],
    ['박지훈이 먼저 떠났습니다.', 'name:박지훈'],
    ['우리는 최영희 할머니를 만났습니다.', 'name:최영희'],
    ['정은숙과 두 아이가 함께 있습니다.', 'name:정은숙'],
    ['박지은 씨가 편지를 보냈습니다.', 'name:박지은'],
    ['남궁민수 씨에게 감사드립니다.', 'name:남궁민수'],
  ])('flags the possible name in “%s”', (text, expected) => {
    expect(found(text)).toContain(expected)
  })

  test('flags Korean dates', () => {
    expect(found('그녀는 2024년 5월 1일 밤에 떠났습니다.')).toEqual(['date:2024년 5월 1일'])
    expect(found('가족은 3월 12일에 도착했습니다.')).toEqual(['date:3월 12일'])
    expect(found('2023년 11월에 연락이 왔습니다.')).toEqual(['date:2023년 11월'])
    expect(found('3월에는 날씨가 풀립니다.')).toEqual([])
  })

  test('accepts the campaign’s own Korean terms (pseudonyms, places it may name)', () => {
    expect(found('김민지 씨는 두만강을 건넜습니다.', ['김민지', '두만강'])).toEqual([])
  })

  test('words that contain or resemble a place are not places', () => {
    expect(
      found(
        '계획이 무산되었습니다. 의사 선생님이 청진기를 댔습니다. 원산지를 확인한 쌀입니다. ' +
          '보온성이 좋은 담요를 보냅니다. 나선형 계단을 올랐습니다. 기도해주세요.',
      ),
    ).toEqual([])
  })

  test('ordinary Korean appeal text has no findings', () => {
    const appeal = [
      '## 겨울을 안전하게',
      '중국에서 붙잡힌 탈북민은 북한으로 강제 송환됩니다. 그래서 안전한 길이 필요합니다.',
      '많은 분들이 신분증도 없이, 중국어도 모른 채 약 5,000km를 이동합니다.',
      '여성과 어린아이들이 대부분이며, 이동 중에 체중과 면역력이 빠르게 떨어집니다.',
      '여러분의 후원금은 식량과 영양제, 의약품, 그리고 임시 쉼터에 쓰입니다.',
      '지난해 우리는 이주민 가정과 이재민을 돕고, 고아원과 연수원 교육도 지원했습니다.',
      '국적이 없어 병원에 갈 수 없는 이들에게 진료와 약을 전합니다.',
      '북한에서는 약을 장마당에서 사야 하고, 라벨도 없는 경우가 많습니다.',
      '인신매매 피해 여성 150~200명에게 상담과 직업 훈련을 제공합니다.',
      '한국에 도착한 뒤에는 낯선 말과 문화, 일하는 방식에 적응해야 합니다.',
      '정착을 위해 교육과 취업 준비, 공동체를 함께 만들어 갑니다.',
      '최선을 다하겠습니다. 진정한 변화는 여러분의 소중한 정기 후원에서 시작됩니다.',
      '정성을 다해 준비한 옥수수와 쌀, 유동식을 전달했습니다.',
      '이번 겨울에도 여러분의 따뜻한 마음이 큰 힘이 됩니다. 감사합니다!',
      '지금은 이용자 수가 늘어, 지원자를 더 모으고 있습니다.',
      '동남아를 거쳐 한국으로 오는 길은 수천 킬로미터입니다.',
      '임신한 여성에게 필요한 영양을 최소한이라도 전하고 싶습니다.',
    ].join('\n')
    expect(found(appeal)).toEqual([])
  })
})
