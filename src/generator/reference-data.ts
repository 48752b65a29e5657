/** Fixed tables the generator draws from: geography, attribution, prices, UI vocabulary. */

export type Currency = 'USD' | 'EUR' | 'GBP';
export type Platform = 'web' | 'ios' | 'android';

export interface Country {
  /** ISO-3166 alpha-2. */
  code: string;
  /** Share of learners, relative. */
  weight: number;
  /** Typical UTC offset in hours (no daylight saving: good enough for activity curves). */
  utcOffset: number;
  currency: Currency;
}

export const COUNTRIES: readonly Country[] = [
  { code: 'US', weight: 24, utcOffset: -5, currency: 'USD' },
  { code: 'GB', weight: 10, utcOffset: 0, currency: 'GBP' },
  { code: 'DE', weight: 9, utcOffset: 1, currency: 'EUR' },
  { code: 'IN', weight: 9, utcOffset: 5.5, currency: 'USD' },
  { code: 'FR', weight: 6, utcOffset: 1, currency: 'EUR' },
  { code: 'CA', weight: 5, utcOffset: -5, currency: 'USD' },
  { code: 'BR', weight: 5, utcOffset: -3, currency: 'USD' },
  { code: 'ES', weight: 4, utcOffset: 1, currency: 'EUR' },
  { code: 'NL', weight: 4, utcOffset: 1, currency: 'EUR' },
  { code: 'PL', weight: 4, utcOffset: 1, currency: 'EUR' },
  { code: 'AU', weight: 3, utcOffset: 10, currency: 'USD' },
  { code: 'IE', weight: 2, utcOffset: 0, currency: 'EUR' },
  { code: 'SE', weight: 2, utcOffset: 1, currency: 'EUR' },
  { code: 'IT', weight: 3, utcOffset: 1, currency: 'EUR' },
  { code: 'MX', weight: 3, utcOffset: -6, currency: 'USD' },
  { code: 'JP', weight: 2, utcOffset: 9, currency: 'USD' },
  { code: 'SG', weight: 2, utcOffset: 8, currency: 'USD' },
  { code: 'NG', weight: 2, utcOffset: 1, currency: 'USD' },
  { code: 'ZA', weight: 1, utcOffset: 2, currency: 'USD' },
];

export const COUNTRY_WEIGHTS = COUNTRIES.map((c) => c.weight);

export const PLATFORMS: readonly Platform[] = ['web', 'ios', 'android'];
export const PLATFORM_WEIGHTS = [62, 21, 17];

export interface Attribution {
  utm_source: string;
  utm_medium: string;
  utm_campaign: string;
  utm_term: string;
  utm_content: string;
  referrer: string;
}

/** Paid and organic campaigns that bring solo learners and anonymous visitors in. */
export const CAMPAIGNS: readonly Attribution[] = [
  {
    utm_source: 'google',
    utm_medium: 'cpc',
    utm_campaign: 'brand-search',
    utm_term: 'learnmetrics courses',
    utm_content: '',
    referrer: 'https://www.google.com/',
  },
  {
    utm_source: 'google',
    utm_medium: 'cpc',
    utm_campaign: 'data-skills',
    utm_term: 'learn sql online',
    utm_content: 'ad-a',
    referrer: 'https://www.google.com/',
  },
  { utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'data-skills', utm_term: 'python course', utm_content: 'ad-b', referrer: 'https://www.google.com/' },
  {
    utm_source: 'facebook',
    utm_medium: 'paid_social',
    utm_campaign: 'spring-sale',
    utm_term: '',
    utm_content: 'carousel',
    referrer: 'https://www.facebook.com/',
  },
  {
    utm_source: 'linkedin',
    utm_medium: 'paid_social',
    utm_campaign: 'career-switch',
    utm_term: '',
    utm_content: 'video',
    referrer: 'https://www.linkedin.com/',
  },
  { utm_source: 'newsletter', utm_medium: 'email', utm_campaign: 'weekly-digest', utm_term: '', utm_content: 'hero', referrer: '' },
  { utm_source: 'youtube', utm_medium: 'video', utm_campaign: 'free-lesson', utm_term: '', utm_content: '', referrer: 'https://www.youtube.com/' },
  {
    utm_source: 'partner-blog',
    utm_medium: 'referral',
    utm_campaign: 'affiliate',
    utm_term: '',
    utm_content: 'review-post',
    referrer: 'https://blog.example.org/',
  },
];
export const CAMPAIGN_WEIGHTS = [14, 10, 8, 9, 6, 7, 5, 3];

/** Where unattributed visitors come from. */
export const ORGANIC_REFERRERS: readonly string[] = [
  '',
  '',
  'https://www.google.com/',
  'https://duckduckgo.com/',
  'https://www.bing.com/',
  'https://news.ycombinator.com/',
];

export interface Plan {
  id: string;
  interval: 'month' | 'year';
  price: Record<Currency, string>;
}

export const PLANS: readonly Plan[] = [
  { id: 'basic-monthly', interval: 'month', price: { USD: '19.99', EUR: '18.99', GBP: '16.99' } },
  { id: 'pro-monthly', interval: 'month', price: { USD: '49.00', EUR: '45.00', GBP: '39.00' } },
  { id: 'pro-annual', interval: 'year', price: { USD: '399.00', EUR: '369.00', GBP: '319.00' } },
];
export const PLAN_WEIGHTS = [45, 38, 17];

export const COURSE_CATEGORIES: readonly string[] = ['data', 'programming', 'design', 'management', 'marketing', 'security'];

/** Topic words for course titles, per category. */
export const COURSE_TOPICS: Readonly<Record<string, readonly string[]>> = {
  data: ['SQL Fundamentals', 'Data Analysis with Python', 'Statistics for Analysts', 'Dashboards that Work', 'ClickHouse in Practice'],
  programming: ['TypeScript from Zero', 'Node.js APIs', 'Testing Legacy Code', 'Git for Teams', 'GraphQL Basics'],
  design: ['UX Research Methods', 'Design Systems', 'Accessible Interfaces', 'Figma Essentials'],
  management: ['First-Time Manager', 'Running Effective Meetings', 'OKRs in Practice', 'Feedback Conversations'],
  marketing: ['Growth Experiments', 'SEO Foundations', 'Email Campaigns', 'Marketing Analytics'],
  security: ['Security Awareness', 'Phishing Defence', 'Secure Coding', 'GDPR for Teams'],
};

export const COURSE_LEVELS: readonly string[] = ['beginner', 'intermediate', 'advanced'];

export const DASHBOARD_CLICKS: readonly string[] = ['continue-learning', 'open-course-card', 'notifications', 'search', 'profile-menu'];
export const CATALOGUE_CLICKS: readonly string[] = ['filter-category', 'sort-popular', 'search', 'course-card'];
export const COURSE_PAGE_CLICKS: readonly string[] = ['syllabus-toggle', 'preview-lesson', 'reviews-tab', 'share'];
export const LESSON_CLICKS: readonly string[] = ['play', 'pause', 'speed-1.5x', 'transcript', 'next-lesson', 'bookmark'];
export const LANDING_CLICKS: readonly string[] = ['hero-cta', 'see-pricing', 'browse-courses', 'sign-up'];

/** Pages an anonymous visitor may wander through after landing. */
export const MARKETING_PAGES: readonly string[] = ['/', '/pricing', '/courses', '/for-teams', '/about', '/blog/learning-paths'];

export interface ErrorKind {
  code: string;
  message: string;
}

export const ERROR_KINDS: readonly ErrorKind[] = [
  { code: 'VIDEO_PLAYBACK_FAILED', message: 'The video could not be loaded' },
  { code: 'NETWORK_TIMEOUT', message: 'Request timed out' },
  { code: 'QUIZ_SUBMIT_FAILED', message: 'Could not submit answers, please retry' },
  { code: 'PAYMENT_WIDGET_ERROR', message: 'Payment form failed to load' },
  { code: 'UNEXPECTED', message: 'Something went wrong' },
];

export const CONSULTATION_TOPICS: readonly string[] = ['career-advice', 'course-guidance', 'exam-preparation', 'team-onboarding', 'technical-help'];

export const PAYMENT_FAILURE_REASONS: readonly string[] = ['card_declined', 'insufficient_funds', 'expired_card', 'authentication_required'];

export const REVIEW_COMMENTS: Readonly<Record<number, readonly string[]>> = {
  1: ['Too basic, not what I expected', 'Videos kept failing'],
  2: ['Hard to follow', 'Needs more exercises'],
  3: ['Okay overall', 'Some lessons are too long'],
  4: ['Good course, clear examples', 'Useful, would recommend'],
  5: ['Excellent, exactly what I needed', 'Best course I have taken', ''],
};
