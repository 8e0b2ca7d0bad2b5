/**
 * The naming check's Korean rules (./naming-check.ts runs them on every sentence). Korean has no
 * capital letters and glues particles to nouns (혜산에서, 김민지 씨는), so the English rule
 * cannot work; instead:
 * - places: North Korean provinces and towns, Chinese border towns and cities on the escape
 *   route, the border rivers and the transit countries, in Hangul, found at the start of a word
 *   with any particle after it. Names that are also common words carry the exception that keeps
 *   ordinary text clean (무산되다, 청진기, 원산지, 함흥차사, 나선형);
 * - possible names: a common surname (or a two-syllable one, 남궁 …) and two syllables common in
 *   given names, alone or before a particle or a title (김민지, 이서연의, 박지훈 씨, 최영희 할머니).
 *   The syllable lists leave out the ones that mostly make ordinary words (하, 한, 해, 도 …), and
 *   the few ordinary words still shaped like a name are listed (이주민, 고아원, 이미지 …).
 * A given name alone (민지가) cannot be told from a word; pseudonyms should be added to the
 * campaign's allowed terms anyway. Like the English rules, this points at likely slips only.
 */

export type KoreanFinding = { kind: 'name' | 'place'; text: string }

const WORD_START = '(?<![가-힣])'

// Each entry is a regular expression source for one place (exceptions in look-aheads).
const PLACES = [
  // North Korea: provinces, then cities and towns near the border and on the way to it.
  '양강도',
  '량강도',
  '함경북도',
  '함경남도',
  '자강도',
  '평안북도',
  '평안남도',
  '황해북도',
  '황해남도',
  '평양',
  '혜산',
  '신의주',
  '회령',
  '무산(?!되|돼|됐|시키|시켜|시켰)',
  '청진(?!기)',
  '함흥(?!차사)',
  '원산(?!지)',
  '남포',
  '나선(?!형)',
  '라선',
  '나진',
  '김책',
  '길주',
  '단천',
  '강계',
  '만포',
  '온성',
  '삼지연',
  '대홍단',
  '보천보',
  '사리원',
  '해주(?=$|[^가-힣]|에서|에|로|까지|의|와|지역|시[^가-힣])',
  '개성(?=시|공단|에서|까지)',
  // China: border towns and cities on the route.
  '선양',
  '심양',
  '단둥',
  '단동',
  '연길',
  '옌지',
  '연변',
  '옌볜',
  '옌벤',
  '투먼',
  '도문',
  '장백',
  '창바이',
  '훈춘',
  '용정',
  '룽징',
  '화룡',
  '허룽',
  '린장',
  '지린',
  '길림',
  '창춘',
  '장춘',
  '하얼빈',
  '무단장',
  '목단강',
  '베이징',
  '북경',
  '상하이',
  '칭다오',
  '청도',
  '다롄',
  '대련',
  '쿤밍',
  '곤명',
  '난닝',
  '남녕',
  // Rivers and mountains of the border, and the countries of the route to the south.
  '두만강',
  '압록강',
  '메콩강',
  '백두산',
  '장백산',
  '라오스',
  '태국',
  '베트남',
  '캄보디아',
  '미얀마',
  '몽골',
  '방콕',
  '비엔티안',
]
const PLACE_PATTERN = new RegExp(`${WORD_START}(?:${PLACES.join('|')})`, 'g')

const SURNAMES = new Set(
  (
    '김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 유 전 홍 고 문 양 손 배 백 허 남 ' +
    '심 노 하 곽 성 차 주 우 구 민 진 나 지 엄 채 원 천 방 공 현 함 변 염 여 추 석 선 설 마 ' +
    '길 연 위 표 명 반 왕 금 옥 육 인 맹 제 모 탁 국 어 은 편 용 예 경 봉 리 림'
  ).split(' '),
)
const COMPOUND_SURNAMES = ['남궁', '황보', '제갈', '선우', '독고']
/** Common first syllables of given names. */
const GIVEN_FIRST = new Set(
  (
    '가 건 경 광 규 기 나 남 다 동 명 미 민 상 서 석 선 성 세 소 수 순 승 시 신 아 영 예 옥 ' +
    '용 우 유 윤 은 인 일 재 정 종 주 준 지 진 채 철 태 하 현 혜 호 효 희 금'
  ).split(' '),
)
/** Common second syllables of given names (은 only before a particle or a title). */
const GIVEN_SECOND = new Set(
  (
    '경 람 리 린 름 미 민 빈 상 서 석 선 성 수 숙 순 아 애 연 영 우 욱 운 원 윤 율 은 인 일 자 ' +
    '재 정 주 준 지 진 철 태 현 호 혁 환 훈 휘 희 혜 규 명 동 향 후 란'
  ).split(' '),
)
/** Ordinary words shaped like surname + given name. */
const NOT_NAMES = new Set(
  (
    '이주민 이민자 이재민 이용자 이미지 조선인 고아원 연수원 하나원 구성원 옥수수 동남아 ' +
    '지하철 지원자 지원서 정보원'
  ).split(' '),
)
const TITLES = ['씨', '님', '양', '군', '할머니', '할아버지', '어머니', '아버지', '자매', '형제']
const PARTICLES = [
  '은',
  '는',
  '이',
  '가',
  '을',
  '를',
  '의',
  '에게',
  '에게서',
  '한테',
  '께',
  '께서',
  '와',
  '과',
  '도',
  '만',
  '랑',
  '이랑',
  '하고',
  '처럼',
  '로',
  '으로',
  '이가',
  '이는',
  '이를',
  '이의',
  '이와',
  '이에게',
  '이도',
]
const SUFFIXES = new Set([
  '',
  ...PARTICLES,
  ...TITLES.flatMap((title) => [title, ...PARTICLES.map((particle) => title + particle)]),
])

const HANGUL_WORD = /[가-힣]+/g

function possibleName(word: string, nextWord: string | undefined): string | null {
  const surnames = COMPOUND_SURNAMES.filter((surname) => word.startsWith(surname))
  if (SURNAMES.has(word.charAt(0))) surnames.push(word.charAt(0))
  for (const surname of surnames) {
    const first = word.charAt(surname.length)
    const second = word.charAt(surname.length + 1)
    const suffix = word.slice(surname.length + 2)
    const name = word.slice(0, surname.length + 2)
    if (!GIVEN_FIRST.has(first) || !GIVEN_SECOND.has(second) || !SUFFIXES.has(suffix)) continue
    if (NOT_NAMES.has(name)) continue
    // 최선은, 정성은: a word and the topic particle, unless a title follows (박지은 씨).
    if (second === '은' && suffix === '' && !TITLES.some((t) => nextWord?.startsWith(t))) continue
    return name
  }
  return null
}

/** Korean place names and possible personal names in one sentence. */
export function checkKoreanSentence(sentence: string): KoreanFinding[] {
  const findings: KoreanFinding[] = []
  for (const match of sentence.matchAll(PLACE_PATTERN)) {
    findings.push({ kind: 'place', text: match[0] })
  }
  const words = [...sentence.matchAll(HANGUL_WORD)].map((match) => match[0])
  words.forEach((word, index) => {
    const name = possibleName(word, words[index + 1])
    if (name) findings.push({ kind: 'name', text: name })
  })
  return findings
}

/** Korean dates: 2024년 5월, 5월 1일, 2024년 5월 1일 (a month alone is not a date). */
export const KOREAN_DATE_PATTERNS = [
  /\d{4}\s*년\s*\d{1,2}\s*월(?:\s*\d{1,2}\s*일)?/g,
  /\d{1,2}\s*월\s*\d{1,2}\s*일/g,
]
