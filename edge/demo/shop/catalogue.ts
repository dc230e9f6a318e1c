/** Products of the demo shop, named after items in the UCI Online Retail data the demo customers bought. */
export interface DemoProduct {
  slug: string;
  name: string;
  category: string;
  price: string;
  blurb: string;
}

export const DEMO_PRODUCTS: readonly DemoProduct[] = [
  { slug: 'heart-t-light-holder', name: 'White hanging heart T-light holder', category: 'home', price: '2.95', blurb: 'The shop’s best seller for years: a warm glow for any windowsill.' },
  { slug: 'regency-cakestand', name: 'Regency cakestand, 3 tier', category: 'kitchen', price: '12.75', blurb: 'Fine bone china in three tiers, for afternoon tea done properly.' },
  { slug: 'jumbo-bag-red-retrospot', name: 'Jumbo bag, red retrospot', category: 'bags', price: '2.08', blurb: 'A roomy shopper in the classic red polka dot.' },
  { slug: 'party-bunting', name: 'Party bunting', category: 'party', price: '4.95', blurb: 'Ten metres of cotton flags for garden parties and birthdays.' },
  { slug: 'bird-ornament', name: 'Assorted colour bird ornament', category: 'home', price: '1.69', blurb: 'Hand-painted birds to hang from branches, shelves and trees.' },
  { slug: 'lunch-bag-red-retrospot', name: 'Lunch bag, red retrospot', category: 'bags', price: '1.65', blurb: 'Insulated, wipe-clean and cheerful.' },
];

/** Content the demo workspace starts with: one variant per classic RFM segment in the hero, two banners. */
export const DEMO_CONTENT_RULES = [
  { slot: 'hero', segmentKey: 'champions', priority: 50, name: 'Champions: early access', html: '<h2>Welcome back — you’re one of our champions</h2><p>Early access to the new collection starts today, just for you.</p><a class="button" href="/products/regency-cakestand">Shop early access</a>' },
  { slot: 'hero', segmentKey: 'cant_lose_them', priority: 48, name: 'Can’t lose them: 25% off', html: '<h2>It’s been a while, and we’ve missed you</h2><p>Here is 25% off your next order with code <strong>MISSEDYOU25</strong>.</p><a class="button" href="/products/heart-t-light-holder">See what’s new</a>' },
  { slot: 'hero', segmentKey: 'at_risk', priority: 45, name: 'At risk: 15% off', html: '<h2>Come back for 15% off</h2><p>Use <strong>COMEBACK15</strong> at checkout this week.</p><a class="button" href="/products/party-bunting">Browse favourites</a>' },
  { slot: 'hero', segmentKey: 'loyal', priority: 40, name: 'Loyal: free delivery', html: '<h2>Thank you for shopping with us so often</h2><p>Delivery is on us for the rest of the month.</p>' },
  { slot: 'hero', segmentKey: 'new', priority: 30, name: 'New: second order', html: '<h2>Welcome to the shop!</h2><p>Your second order ships free — our way of saying hello.</p>' },
  { slot: 'hero', segmentKey: 'potential_loyalist', priority: 20, name: 'Potential loyalist: membership', html: '<h2>Members save 10% on every order</h2><p>Join free and collect points from your next purchase.</p>' },
  { slot: 'hero', segmentKey: 'need_attention', priority: 15, name: 'Need attention: picks', html: '<h2>Picked for you</h2><p>New arrivals in the categories you love.</p>' },
  { slot: 'hero', segmentKey: 'hibernating', priority: 10, name: 'Hibernating: what’s new', html: '<h2>A lot has changed since your last visit</h2><p>Take a look at this season’s arrivals.</p>' },
  { slot: 'hero', segmentKey: 'lost', priority: 10, name: 'Lost: reintroduction', html: '<h2>Still looking for the perfect gift?</h2><p>Free gift wrap on every order this month.</p>' },
  { slot: 'banner', segmentKey: 'short_often_premium', priority: 20, name: 'VIP hotline', html: '<p><strong>VIP:</strong> your personal shopper is one call away — 0800 123 456.</p>' },
  { slot: 'banner', segmentKey: 'long_premium', priority: 10, name: 'Premium drifting away', html: '<p>Your premium perks are waiting: free express delivery on your next order.</p>' },
] as const;
