// Seed data for Lantern campaigns.
// Every person in these stories is a pseudonym; no faces, places, dates of crossing or routes.
// Figures drawn from the NGO's context notes are estimates and are described as such.

export type SeedFund = 'RESCUE' | 'NUTRITION' | 'MEDICAL' | 'SHELTER' | 'SURVIVORS' | 'RESETTLEMENT'
export type SeedStatus = 'DRAFT' | 'PUBLISHED' | 'CLOSED' | 'ARCHIVED'
export type SeedCampaign = {
  slug: string // lowercase-kebab, unique
  title: string // <= 80 chars
  summary: string // one or two sentences, <= 200 chars, shown on cards
  story: string // Markdown: 250-500 words, with a couple of "##" headings, a bullet list, one **bold** phrase; may include ONE link to "/about" written as a Markdown link; no raw HTML
  fund: SeedFund
  currency: 'USD' | 'GBP' | 'EUR' | 'KRW' | 'JPY'
  goalMinor: number // integer minor units: USD/GBP/EUR cents; KRW and JPY have NO minor unit, so ₩50,000,000 is 50000000
  status: SeedStatus
  featured: boolean
  startsInDays: number // relative to seeding time; negative = already started
  endsInDays: number | null // null = no deadline
  totals: { raisedMinor: number; giftCount: number; donorCount: number } // plausible: donorCount <= giftCount; raised between 10% and 90% of goal for published ones; average gift plausible for the currency
  suggestedAmounts: Array<{ amountMinor: number; impact: string }> // 3 or 4, ascending, each impact line concrete and short (<= 90 chars), e.g. "$45 keeps a family in a safe house for a week" style but your own wording, and WITHOUT the amount in the text (the UI shows the amount next to it), e.g. "Keeps a family in a safe house for a week"
}

const rescueStory = `We'll call her Eun-hye. Her real name, like every name in our stories, has been changed, and some details have been left out to keep her and her family safe.

Eun-hye left North Korea in search of food and work. For years she lived in hiding in China with no papers and very little Chinese, knowing that one identity check could end with her being sent back to North Korea. When she finally reached out for help, she was clear about what she wanted: a life in which her daughter would not grow up afraid.

## What a rescue involves

Getting out is not one trip but a chain of them. The road from hiding in China to safety in Southeast Asia is an estimated 3,000 miles (about 5,000 km) long, and every stage has to be planned with care. Gifts to this fund pay for:

- guides and brokers who know when it is safe to move and when to wait
- rest, meals and a bed in safe houses between stages
- transport for each stage of the journey
- the final flight to South Korea, where a new life can begin

Each stage costs money, and **every stage carries risk**. Careful planning keeps that risk as low as it can be, but it cannot be rushed and it cannot be done on the cheap.

## Why your gift matters now

More than 100,000 North Koreans are estimated to live without nationality in China and Russia. Most of those in China are women, many with children. Without papers they cannot see a doctor, report abuse or take a regular job, and they can be sent back at any moment.

Rescue is the most costly work we fund, and often the most urgent. A single journey can take weeks and pass through several pairs of hands before a family boards a plane. Gifts of every size are pooled in the rescue fund, so a small gift joins many others to pay for the next stage of someone's journey.

Eun-hye and her daughter are safe now. Others are still waiting for their turn. We never publish faces, places or routes, and you can read more about [how we protect the people in our stories](/about). What we can promise is that each gift to this appeal moves someone closer to freedom.`

const nutritionStory = `Hye-jin (not her real name) grew up in the North Korean countryside, where going to bed hungry was simply part of life. By the time she reached one of the safe houses we support, she was carrying her toddler on her back and had eaten very little for days. Her son was listless and underweight, and both of them seemed to catch every illness going.

Her story is a common one. People in rural North Korea often grow up chronically hungry, and the journey out makes things worse. Most refugees on the move are women, small children and babies, and they lose weight and immunity quickly when meals are irregular and rest is short.

## What your gift provides

The nutrition fund buys food and supplements for people in hiding and on the move:

- filling, nourishing meals in safe houses, so people can regain strength
- baby formula and soft foods for infants and toddlers
- vitamins and mineral supplements for mothers and young children
- light, easy-to-carry food for the long days between stops

## Strength for what comes next

Good food is not a luxury on this journey. It is what helps a child fight off an infection, and what keeps a mother on her feet through a long wait or a sudden move. **A well-fed family is a safer family**, better able to cope with whatever the next stage brings.

Hye-jin and her son stayed long enough to eat properly and rest. When they moved on, he had put on weight and was laughing again, and she felt ready for the road ahead.

We change every name in our stories and never show faces or places, because the people we help are still at risk, and so are the relatives they left behind.

This appeal has no end date. Hunger does not follow a timetable, and neither does our support. Every gift, large or small, goes into the nutrition fund and is spent on food and supplements for the people who need them most, wherever they are on their journey.`

const medicalStory = `When Young-soo (a pseudonym) reached a safe house, he had been coughing for weeks. In North Korea he had bought medicine the only way most people can: on the black market, the jangmadang, where pills are sold loose, with no labels, and nobody can say for certain what they contain. Later, hiding in China with no papers and no money, he could not go near a hospital. Walking into one could have meant being reported and sent back.

## Care that does not ask for papers

Refugees without nationality cannot register with a clinic, buy insurance or risk a visit to a public hospital. The medical fund fills that gap by paying for:

- medicines with clear labels, in date and at the right dose
- check-ups and treatment from doctors and nurses we trust
- care for pregnant women, new mothers and babies
- treatment for infections, injuries and long-term conditions picked up along the way

For Young-soo, this meant a proper diagnosis, a full course of treatment and time to rest. Within a few weeks he was strong enough to continue his journey.

## Why it matters

Many of the people we help have never had reliable health care. Some remember epidemics such as cholera, which took the lives of many children living on the streets. Experience has taught them to distrust medicine and to hide illness for as long as they can. **Safe, honest care** can begin to change that, one patient at a time.

Because a refugee who falls ill cannot simply stop and wait, speed matters too. A stocked medicine box in a safe house, or a doctor who can be reached quickly and quietly, can turn a dangerous illness into a manageable one.

We change names and leave out places in every story we tell, because our patients are still in danger. You can read more about [how we keep people safe](/about).

Your gift will help us buy medicines and pay for care in the months ahead, wherever the need is greatest.`

const shelterStory = `Kyung-ah (not her real name) still remembers the first night she slept without listening for footsteps. She and her young son had been on the move for days, and the safe house was the first place in a long time where she could close a door, wash, eat a hot meal and sleep.

## Why safe houses matter

The journey from hiding to safety is long, an estimated 3,000 miles (about 5,000 km), with little chance to rest along the way. People arrive exhausted, often unwell, sometimes injured and nearly always afraid. A safe house gives them a few days or weeks to recover before the next stage.

Your gift helps keep these homes running:

- rent, heating and water, so the doors stay open
- beds, blankets, clean clothes and basic toiletries
- hot meals and safe drinking water
- a trusted caretaker who keeps the household running quietly

## More than a roof

Safe houses are where people catch their breath. Children play again. Mothers sleep through the night. For many, it is the first time in years that they have felt **safe enough to rest**. It is also where the people caring for them can check on their health, plan the next stage carefully and make sure nobody moves on before they are ready.

We keep safe houses small and quiet. We never publish where they are, who runs them or who stays there, and every name in our stories is changed. You can read more [about how we work](/about).

Kyung-ah and her son stayed until they had recovered their strength, and they have since reached safety. Other families keep arriving at the same door, tired and unsure of what comes next, and your support means someone is there to open it.

This appeal has no deadline. Safe houses need steady support all year round, which is why regular gifts make such a difference here: they let us plan ahead and keep every bed ready for the next arrival.`

const survivorsStory = `Ji-yeon (a pseudonym) was barely out of her teens when she left North Korea, promised a job in a restaurant across the border. Instead she was sold to a man she had never met, in a place where nobody spoke her language. She spent years there before she found a way out.

Her experience is shared by many North Korean women. Most of the more than 100,000 refugees estimated to live without nationality in China are women, and many have been trafficked and sold into marriage or servitude. Without papers they cannot turn to the police, and trying to leave can mean losing their children or being sent back to North Korea.

## How we help

Our survivors project reaches an estimated 150 to 200 trafficked women each year. It offers:

- practical help with safety, housing and everyday needs
- trauma support from trained listeners who speak Korean
- training in skills that lead to paid work
- a community of women who understand, because they have lived it too

Each year, around 10 women from the project are trained as leaders. They go on to support others, run small groups and speak up for women who are still trapped. **Survivors helping survivors** is at the heart of this work.

## What recovery looks like

Recovery is slow, and it looks different for everyone. For Ji-yeon it began with a safe place to sleep and someone who listened without judging her. Later it meant learning to sew and to keep simple accounts. Today she leads a small group of her own and helps newer members find their feet.

We have changed Ji-yeon's name and some details of her story, and we never share faces, places or dates. You can read more about [how we protect survivors](/about).

Your gift will pay for support sessions, training and the everyday help that allows women to rebuild their lives on their own terms, and to help others do the same.`

const resettlementStory = `Chul-min (not his real name) stepped off the plane in South Korea into a country that spoke his language yet often felt foreign. Signs were full of borrowed English words. Paying for a bus with a card, opening a bank account, applying for a job: all of it was new. At his first workplace he could not understand why colleagues expected him to share his opinions in meetings.

New arrivals face unfamiliar words, customs and ways of working. Many left school early or studied under a very different system. Without help, it is easy to feel lost, lonely and left behind, even when the dangerous part of the journey is over.

## What your gift supports

The resettlement fund helps people build a life, not just get through the first few months:

- tutoring and study support, from basic reading to exam preparation
- job skills training, including computer skills and workplace customs
- mentoring from people who have made the same move before
- community gatherings, so nobody has to spend the holidays alone

## Belonging takes time

For Chul-min, the turning point was a weekly evening class where he could ask questions without feeling foolish. He learned to use spreadsheets, rehearsed job interviews and met others who had come the same long way. Today he works full time and helps newer arrivals with their first job applications.

**A safe arrival is only the beginning.** What happens next decides whether someone simply survives in a new country or truly belongs there. Education, work and friendship are what turn a refugee into a friend, a colleague and, in time, a mentor for the next person to arrive.

Every name in our stories is changed, and we never show faces or share details that could identify someone or the family they may still have in North Korea. You can read more [about our approach](/about).

This appeal has no deadline. Your gift, of any size, helps a new arrival take the next step to a settled, independent life.`

const winterDraftStory = `This draft appeal will raise money to keep safe houses warm through the coldest months of the year.

## What it will pay for

- heating fuel for safe houses
- warm blankets and winter clothing
- hot meals for people arriving cold and tired

**Nobody should have to recover from a hard journey in a cold room.** Names in every story are changed, and we never publish faces or places.

## Before publishing

Add a pseudonymous story, check it for names, places and dates, and set the goal and deadline.`

const archivedStory = `This emergency appeal raised money for urgent medical care when a sudden rise in illness among refugees in hiding stretched our medical fund.

## What your gifts paid for

- medicines and treatment for people who could not use a hospital
- extra supplies for safe houses
- follow-up care for the most vulnerable patients

**Thank you to everyone who gave.** The appeal is now closed and archived. Names in every story are changed, and we never publish faces or places.

## Where to give now

Ongoing medical care is funded through our current medical appeal.`

export const seedCampaigns: SeedCampaign[] = [
  {
    slug: 'safe-passage-rescue',
    title: 'Safe passage: help one more person reach freedom',
    summary:
      'Refugees caught in China are sent back to North Korea. Your gift helps pay for the long journey to safety and a flight to South Korea.',
    story: rescueStory,
    fund: 'RESCUE',
    currency: 'USD',
    goalMinor: 15_000_000, // $150,000
    status: 'PUBLISHED',
    featured: true,
    startsInDays: -40,
    endsInDays: 45,
    totals: { raisedMinor: 9_675_000, giftCount: 1_420, donorCount: 1_180 },
    suggestedAmounts: [
      { amountMinor: 2_500, impact: 'Buys food and water for one person for a day on the road' },
      { amountMinor: 4_500, impact: 'Pays for a safe bed and meals for one person for two nights' },
      { amountMinor: 10_000, impact: "Helps cover a guide's fee for one stage of the journey" },
      {
        amountMinor: 25_000,
        impact: 'Pays for transport for one person across a full stage of the route',
      },
    ],
  },
  {
    slug: 'food-for-the-journey',
    title: 'Food for the journey: nutrition for mothers and children',
    summary:
      'Refugees in hiding and on the move, mostly women and small children, lose weight and strength fast. Your gift buys food and supplements.',
    story: nutritionStory,
    fund: 'NUTRITION',
    currency: 'KRW',
    goalMinor: 30_000_000, // ₩30,000,000
    status: 'PUBLISHED',
    featured: false,
    startsInDays: -90,
    endsInDays: null,
    totals: { raisedMinor: 14_250_000, giftCount: 410, donorCount: 352 },
    suggestedAmounts: [
      { amountMinor: 10_000, impact: 'Buys a month of vitamins for a mother and her child' },
      { amountMinor: 30_000, impact: 'Feeds one person in a safe house for about a week' },
      {
        amountMinor: 50_000,
        impact: 'Provides baby formula and soft food for an infant for two weeks',
      },
      {
        amountMinor: 100_000,
        impact: 'Stocks a safe house kitchen with rice and staples for a family',
      },
    ],
  },
  {
    slug: 'medicine-without-papers',
    title: 'Medicine for people who cannot go to hospital',
    summary:
      'Without nationality or money, refugees cannot use hospitals. Your gift pays for safe medicines and care from doctors and nurses we trust.',
    story: medicalStory,
    fund: 'MEDICAL',
    currency: 'GBP',
    goalMinor: 4_000_000, // £40,000
    status: 'PUBLISHED',
    featured: false,
    startsInDays: -25,
    endsInDays: 21,
    totals: { raisedMinor: 1_136_000, giftCount: 298, donorCount: 241 },
    suggestedAmounts: [
      { amountMinor: 1_500, impact: 'Buys a full course of antibiotics for one patient' },
      { amountMinor: 3_000, impact: 'Pays for a check-up and basic medicines for a child' },
      { amountMinor: 7_500, impact: 'Covers pregnancy check-ups for an expectant mother' },
      {
        amountMinor: 15_000,
        impact: 'Funds treatment for a serious infection, from diagnosis to recovery',
      },
    ],
  },
  {
    slug: 'safe-houses-on-the-way',
    title: 'Safe houses: a place to rest on the road to freedom',
    summary:
      'The journey out is long, with little chance to rest. Your gift keeps safe houses open, stocked and secure for the families who need them.',
    story: shelterStory,
    fund: 'SHELTER',
    currency: 'EUR',
    goalMinor: 6_000_000, // €60,000
    status: 'PUBLISHED',
    featured: false,
    startsInDays: -120,
    endsInDays: null,
    totals: { raisedMinor: 4_812_000, giftCount: 905, donorCount: 612 },
    suggestedAmounts: [
      { amountMinor: 2_000, impact: 'Gives one person a clean bed and hot meals for two nights' },
      { amountMinor: 4_000, impact: 'Buys warm blankets and clean clothes for a family' },
      {
        amountMinor: 9_000,
        impact: 'Gives a mother and child a week of rest, meals and a safe bed',
      },
      { amountMinor: 20_000, impact: 'Covers a month of heating and water for one safe house' },
    ],
  },
  {
    slug: 'survivors-of-trafficking',
    title: 'Survivors of trafficking: care, skills and a way forward',
    summary:
      'Many North Korean women in China have been trafficked and sold into marriage or servitude. Your gift funds trauma support, practical help and training.',
    story: survivorsStory,
    fund: 'SURVIVORS',
    currency: 'USD',
    goalMinor: 8_000_000, // $80,000
    status: 'PUBLISHED',
    featured: false,
    startsInDays: -14,
    endsInDays: 60,
    totals: { raisedMinor: 2_284_000, giftCount: 390, donorCount: 344 },
    suggestedAmounts: [
      { amountMinor: 3_000, impact: 'Pays for a trauma support session with a trained listener' },
      { amountMinor: 7_500, impact: 'Buys sewing supplies for a woman learning a trade' },
      { amountMinor: 15_000, impact: 'Covers a month of job skills training for one woman' },
      { amountMinor: 50_000, impact: 'Helps train a survivor to lead and support other women' },
    ],
  },
  {
    slug: 'new-start-in-south-korea',
    title: 'A new start in South Korea: learning, work and belonging',
    summary:
      'Arriving in South Korea is a beginning, not an ending. Your gift funds classes, job skills and a welcoming community for new arrivals.',
    story: resettlementStory,
    fund: 'RESETTLEMENT',
    currency: 'JPY',
    goalMinor: 3_000_000, // ¥3,000,000
    status: 'PUBLISHED',
    featured: false,
    startsInDays: -60,
    endsInDays: null,
    totals: { raisedMinor: 1_023_000, giftCount: 176, donorCount: 150 },
    suggestedAmounts: [
      { amountMinor: 3_000, impact: 'Buys textbooks and study materials for one student' },
      { amountMinor: 5_000, impact: 'Pays for a month of evening classes for a new arrival' },
      { amountMinor: 10_000, impact: 'Covers four one-to-one tutoring sessions' },
      { amountMinor: 30_000, impact: 'Funds a full job skills course for one new arrival' },
    ],
  },

  // Non-public campaigns, used by tests.
  {
    slug: 'winter-shelter-draft',
    title: 'Winter warmth for safe houses',
    summary:
      'Heating, blankets and warm clothes to keep safe houses warm through the coldest months.',
    story: winterDraftStory,
    fund: 'SHELTER',
    currency: 'USD',
    goalMinor: 4_000_000, // $40,000
    status: 'DRAFT',
    featured: false,
    startsInDays: 14,
    endsInDays: 60,
    totals: { raisedMinor: 0, giftCount: 0, donorCount: 0 },
    suggestedAmounts: [
      { amountMinor: 2_500, impact: 'Buys a warm blanket and winter socks for one person' },
      { amountMinor: 5_000, impact: 'Buys a winter coat for a child' },
      { amountMinor: 15_000, impact: 'Heats a safe house room for a month' },
    ],
  },
  {
    slug: 'emergency-appeal-archived',
    title: 'Emergency appeal: urgent medical care',
    summary:
      'A past appeal for urgent medical care for refugees in hiding. Thank you to everyone who gave.',
    story: archivedStory,
    fund: 'MEDICAL',
    currency: 'USD',
    goalMinor: 2_500_000, // $25,000
    status: 'ARCHIVED',
    featured: false,
    startsInDays: -420,
    endsInDays: -360,
    totals: { raisedMinor: 2_150_000, giftCount: 512, donorCount: 463 },
    suggestedAmounts: [
      { amountMinor: 2_500, impact: 'Buys basic medicines for one patient' },
      { amountMinor: 5_000, impact: 'Pays for a doctor to see a patient in a safe house' },
      { amountMinor: 10_000, impact: 'Covers a full course of treatment for a serious illness' },
    ],
  },
]
