// Static Markdown content for the About and Privacy pages, one version per language (Korean in
// pages-ko.ts). Figures are estimates and are presented as such.
import { DEFAULT_LOCALE, type Locale } from '#app/i18n/locale.ts'
import { aboutMarkdownKo, privacyMarkdownKo } from './pages-ko.ts'

export const aboutMarkdown = `## Who we are

We are a humanitarian NGO working with North Koreans who have fled their country. We pay for rescue, food, medical care and safe shelter for refugees in hiding and on the move. We also help women who have survived trafficking, and we support new arrivals in South Korea as they build lives of their own. Lantern is the platform we use to run our appeals and to receive your gifts.

## The people we serve

North Korea has a population of an estimated 25.7 million. Around 300,000 Christians are thought to live there in secret, and an estimated 50,000 to 70,000 of them are held in prison camps. More than 100,000 North Koreans are believed to live without nationality in China and Russia, most of them women in China and men in Russia. Without papers they cannot see a doctor, work legally or ask the police for help, and anyone caught in China is sent back to North Korea.

All of these numbers are estimates. Exact counts are impossible to obtain from a closed country, or from people who have to stay hidden.

## What each fund pays for

Every gift goes to one of six funds.

### Rescue

Safe passage out of China to Southeast Asia, a journey of an estimated 3,000 miles (about 5,000 km) through brokers and safe houses, followed by a flight to South Korea.

### Nutrition

Food, baby formula and supplements for refugees in hiding and on the move, most of whom are women, small children and babies.

### Medical

Medicines and care for people who cannot use a hospital because they have no nationality and no money.

### Shelter

Safe houses along the way, where people can rest, eat and recover before the next stage of their journey.

### Survivors of trafficking

Practical help, trauma support and skills training for women who were trafficked into China and sold into marriage or servitude. This work reaches an estimated 150 to 200 women a year, and around 10 of them are trained as leaders each year.

### Resettlement

Education, job skills and community for new arrivals in South Korea, where the words, customs and ways of working are often unfamiliar.

## Why our stories use pseudonyms

The people we help are in danger, and so are the relatives they left behind. That is why every name in our stories is changed and some details are left out. We never show faces, and we never say where someone is, when they crossed a border or which way they went. We check every story and update before it is published to catch any detail that could identify someone.

We take the same care with you. Lantern runs no third-party trackers or analytics scripts, and your name is never shown publicly unless you choose to show it.

## How your donation is handled

Card payments are processed by Stripe, a specialist payment provider. Your card details go straight to Stripe, and we never see or store your full card number. We keep a record of each gift so that we can send you a receipt, and our finance team checks every payment against our bank records. You can read exactly what we collect, and why, in our privacy policy.

Thank you for standing with people who have risked everything for a life in freedom.
`

export const privacyMarkdown = `## Our approach

We collect as little about you as we can: only what we need to process your gift, send your receipt and meet the law. We know that some of our supporters have good reason to be careful, so we have built Lantern to be careful too.

## What we collect

When you give, we ask for:

- your name and email address, so we can send your receipt
- the amount of your gift and the campaign you chose
- any message or dedication you decide to add
- whether you would like your name shown publicly with your gift

Your card details are entered into a secure payment form and go directly to Stripe, our payment processor. We never see or store your card number. Stripe tells us whether your payment went through so that we can record your gift.

Messages are checked by our staff and filtered for spam before they appear anywhere.

## Why we collect it

- **Receipts:** to confirm your gift and answer any questions about it.
- **Tax law:** to keep the records of donations that the law requires.
- **Fraud prevention:** to spot and stop misuse, such as payments made with stolen cards.

## What we do not do

- We do not use third-party trackers or analytics scripts.
- We do not use advertising cookies.
- We do not sell, rent, swap or share our donor lists.
- We do not show your name publicly unless you choose to show it.

## Cookies

Lantern sets one cookie: a strictly necessary session cookie that keeps our staff signed in while they work. If you are simply reading about our work or making a gift, we set no cookies at all. Stripe's payment form may use its own cookies to prevent fraud; these are covered by Stripe's own privacy policy.

## Why this matters

Many of our donors are part of the Korean diaspora, and some still have family inside North Korea. Defectors report that North Korean state hackers work to track refugees and the groups that help them. A list of donors could put people at risk, so the safest data is the data we never collect. That is why we keep tracking off the site and keep your name private by default.

## How long we keep your data

We keep records of gifts for as long as tax law requires, which is typically up to 7 years. After that we delete them. Anything else, such as a message you sent us, is deleted once we no longer need it.

Some things go sooner, automatically:

- A gift you started but never paid is deleted after {unpaidPledgeDays} days, together with any message you wrote on it.
- After {stripeEventDays} days, our copies of Stripe's payment notifications keep only amounts, currencies, dates and reference numbers: names, email and postal addresses and card details are removed from them.
- Sign-in links, password-reset links and sessions are deleted once they expire.
- The counters we use to stop abuse (they hold an email address or a network address) are deleted when their time window ends.

## Your rights

Depending on where you live, you have the right to:

- ask for a copy of the information we hold about you
- ask us to correct anything that is wrong
- ask us to delete your information, where the law allows

Some gift records must be kept for the period that tax law requires, even if you ask us to delete them. We will explain if that applies to you.

## Erasing your details

You can erase your details yourself: sign in to your giving account (Manage my giving), choose "Erase my details" and type the word shown to confirm. If you write to us instead, a member of staff can do the same for you. This is exactly what happens:

- Any monthly or annual gift is cancelled first, so no further payment is taken, and we send you one email to confirm.
- We delete your customer record at Stripe, together with any card saved there.
- We delete your messages on appeals, gifts you started but never paid, and our stored copies of the emails we sent you.
- We remove your name, the names and email addresses in your dedications, and your name and email address wherever they appear in our records of Stripe's payment notifications and in our staff activity log. Your email address is replaced by a meaningless placeholder that can never receive mail.
- You are signed out everywhere, and every link we emailed you stops working.

What stays is the amount, currency and date of each gift, the appeal and fund it went to, and each receipt's number. Tax law requires these receipt records, and our accounts must still match the money our bank received. They no longer say who you are: our staff see "Erased donor", and a receipt downloaded later names "Erased donor" too. Erasure cannot be undone.

## How to contact us

To make a request or ask a question about your data, write to privacy@example.org. Please tell us the email address you used when you gave, so that we can find your records. We will reply as soon as we can and within the time the law allows.
`

export type ProsePageName = 'about' | 'privacy'

/** Each page by language code; pages.test.ts fails when a configured language lacks one. */
export const PAGE_MARKDOWN: Record<ProsePageName, Record<string, string>> = {
  about: { en: aboutMarkdown, ko: aboutMarkdownKo },
  privacy: { en: privacyMarkdown, ko: privacyMarkdownKo },
}

/** A page in `locale`, or in English for a language that has none yet. */
export function pageMarkdown(page: ProsePageName, locale: Locale): string {
  const versions = PAGE_MARKDOWN[page]
  return versions[locale] ?? (versions[DEFAULT_LOCALE.code] as string)
}

/** The retention periods the privacy page states: the site's configured ones. */
export type StatedRetention = { unpaidPledgeDays: number; stripeEventDays: number }

/** The privacy page in `locale`, stating the retention periods this site is configured with. */
export function privacyPageMarkdown(locale: Locale, periods: StatedRetention): string {
  return pageMarkdown('privacy', locale)
    .replaceAll('{unpaidPledgeDays}', String(periods.unpaidPledgeDays))
    .replaceAll('{stripeEventDays}', String(periods.stripeEventDays))
}
