import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import cases from './cases.json' with { type: 'json' };
import { MAX_VARIANT_LENGTH, sanitizeHtml, VariantTooLargeError } from './index.ts';

interface SanitizeCase {
  name: string;
  input: string;
  output: string;
  removed?: string[];
}

const table: SanitizeCase[] = cases.cases;

describe('sanitizeHtml cases', () => {
  for (const testCase of table) {
    it(testCase.name, () => {
      const result = sanitizeHtml(testCase.input);
      expect(result.html).toBe(testCase.output);
      if (testCase.removed?.length === 0) expect(result.removed).toEqual([]);
      for (const expected of testCase.removed ?? []) {
        expect(result.removed.some((note) => note.includes(expected)), `"${expected}" in ${JSON.stringify(result.removed)}`).toBe(true);
      }
    });
  }
});

describe('size limit', () => {
  it('accepts a variant at the limit and refuses one above it', () => {
    expect(sanitizeHtml('a'.repeat(MAX_VARIANT_LENGTH)).html).toHaveLength(MAX_VARIANT_LENGTH);
    const tooLarge = () => sanitizeHtml('a'.repeat(MAX_VARIANT_LENGTH + 1));
    expect(tooLarge).toThrow(VariantTooLargeError);
    expect(tooLarge).toThrow(/100001 characters/);
  });

  it('stays fast on hostile input of the largest size', () => {
    const hostile = [
      '<div>'.repeat(20_000),
      '<b><i>'.repeat(8_000) + '</u>'.repeat(10_000),
      '<p><table>' + '<span>'.repeat(10_000) + '<div>'.repeat(5_000),
      '<!---->'.repeat(14_000),
      '<a href="x" '.repeat(8_000),
      '<svg>'.repeat(20_000),
      '</>'.repeat(33_000),
      '&#'.repeat(50_000),
      '<img srcset="' + 'a,'.repeat(49_000) + '">',
    ];
    const started = performance.now();
    for (const input of hostile) sanitizeHtml(input.slice(0, MAX_VARIANT_LENGTH));
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

const ALLOWED_ELEMENTS = new Set([
  'a', 'abbr', 'article', 'b', 'blockquote', 'br', 'button', 'caption', 'code', 'div', 'em', 'figcaption', 'figure',
  'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'i', 'img', 'li', 'mark', 'ol', 'p', 'picture', 'pre',
  's', 'section', 'small', 'source', 'span', 'strong', 'sub', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead',
  'time', 'tr', 'u', 'ul',
]);
const VOID_ELEMENTS = new Set(['br', 'hr', 'img', 'source']);
const TAG = /<(\/?)([a-z][a-z0-9]*)((?: [a-z][a-z0-9_.-]*="[^"<>]*")*)>/g;
const ATTRIBUTE = / ([a-z][a-z0-9_.-]*)="([^"]*)"/g;
const DANGEROUS_SCHEME = /^(?:javascript|vbscript|data):/;

const decodeForTest = (value: string) =>
  value.replace(/&(?:#(\d+);?|#x([0-9a-f]+);?|(amp|lt|gt|quot);)/gi, (_, decimal?: string, hex?: string, named?: string) => {
    if (named !== undefined) return { amp: '&', lt: '<', gt: '>', quot: '"' }[named.toLowerCase() as 'amp'];
    return String.fromCodePoint(Math.min(Number.parseInt(decimal ?? hex!, decimal ? 10 : 16), 0xfffd));
  });
const compactUrl = (url: string) => url.replace(/[\s\u0000-\u001f\u007f-\u009f]/g, '').toLowerCase();

/** Asserts everything the page relies on when it inserts `html` with innerHTML. */
function expectSafe(html: string) {
  expect(html).not.toMatch(/<(?:script|iframe|style)/i);
  // Outside well-formed allowed tags there is no markup left at all.
  expect(html.replace(TAG, '')).not.toMatch(/[<>]/);
  const open: string[] = [];
  for (const [, closing, element, attributes] of html.matchAll(TAG)) {
    expect(ALLOWED_ELEMENTS.has(element!), element).toBe(true);
    if (closing) {
      expect(open.pop()).toBe(element);
      continue;
    }
    if (!VOID_ELEMENTS.has(element!)) open.push(element!);
    for (const [, name, value] of attributes!.matchAll(ATTRIBUTE)) {
      expect(name).not.toMatch(/^on/);
      expect(name).not.toBe('style');
      if (name !== 'href' && name !== 'src' && name !== 'srcset') continue;
      // Any other named reference would be invisible to decodeForTest, but not to a browser.
      expect(value).not.toMatch(/&(?!(?:amp|lt|gt|quot);)[a-z]/i);
      const decoded = decodeForTest(value!);
      const urls = name === 'srcset' ? decoded.split(/[\t\n\f\r ,]+/) : [decoded];
      for (const url of urls.map(compactUrl)) {
        if (element === 'img' && name === 'src' && url.startsWith('data:image/')) continue;
        expect(url, `${name} on <${element}>`).not.toMatch(DANGEROUS_SCHEME);
      }
    }
  }
  expect(open).toEqual([]);
}

const FRAGMENTS = [
  '<', '>', '</', '/>', '/', '"', "'", '=', ' ', '\t', '\n', '\u0000', '\u0001', '\u00a0', '&', ';', '#', ',', 'x', ' 1x',
  '<script', '<script>', '</script>', '<SCRIPT ', '<sCrIpT/', '<style>', '</style', '<iframe', '<IFRAME ', '<svg>', '</svg>',
  '<svg/>', '<math>', '<template>', '<noscript>', '</noscript>', '<textarea>', '<title>', '<xmp>', '<plaintext>',
  '<!--', '-->', '--!>', '<!', '<?', '<![CDATA[', ']]>', '<!doctype html>',
  '<a', '<a href=', '<img', '<img src=', '<source', '<button', '<p>', '<div>', '</div>', '<b>', '</b>', '<li>', '<td>', '<table>',
  ' href=', ' src=', ' srcset=', ' onerror=', ' onclick=', ' on', 'load=', ' ONLOAD=', ' style=', ' type=', ' target=_blank', ' rel=',
  'javascript:', 'JaVaScRiPt:', 'java', 'script:', 'vbscript:', 'data:', 'data:image/png;base64,', 'data:text/html,', 'alert(1)',
  '&#x6a;', '&#X6A', '&#106', '&#58;', '&colon;', '&Tab;', '&NewLine;', '&amp;', '&lt;', '&gt;', '&quot;', '&#0;', '&eacute;',
];
const htmlLike = fc
  .array(fc.oneof({ arbitrary: fc.constantFrom(...FRAGMENTS), weight: 4 }, { arbitrary: fc.string({ maxLength: 4 }), weight: 1 }), { maxLength: 60 })
  .map((parts) => parts.join(''));
const anyText = fc.string({ unit: 'binary', maxLength: 200 });
const URL_PARTS = [
  'java', 'script', ':', 'javascript:', 'JaVaScRiPt:', 'vbscript:', 'data:', 'data:image/png;base64,', 'data:image/svg+xml,', 'data:text/html,',
  'https://shop.example/', '/p', '#', ',', ' ', '\t', '\n', '\u0001', '\u00a0', '&#x6a;', '&#106', '&#58;', '&colon;', '&Tab;', '&NewLine;',
  '&amp;', '&quot;', '&eacute;', '"', "'", '<', '>', ' 1x', ' 2w', '_blank', 'button', 'submit',
];
const attributeValue = fc.array(fc.constantFrom(...URL_PARTS), { maxLength: 8 }).map((parts) => parts.join(''));
const attribute = fc
  .tuple(
    fc.constantFrom('href', 'src', 'SRC', 'srcset', 'onerror', 'onclick', 'ONLOAD', 'style', 'title', 'alt', 'class', 'target', 'rel', 'type', 'data-rfm-slot', 'data-x', 'aria-label', 'formaction'),
    fc.constantFrom('"', "'", ''),
    attributeValue,
  )
  .map(([name, quote, value]) => ` ${name}=${quote}${value}${quote}`);
const tag = fc
  .tuple(fc.constantFrom('a', 'A', 'img', 'source', 'button', 'div', 'p', 'td', 'script', 'svg', 'iframe', 'style', 'form'), fc.array(attribute, { maxLength: 4 }), fc.constantFrom('>', '/>', ' >'))
  .map(([name, attributes, end]) => `<${name}${attributes.join('')}${end}`);
const tagShaped = fc.array(fc.oneof(tag, fc.constantFrom(...FRAGMENTS)), { maxLength: 12 }).map((parts) => parts.join(''));

describe('sanitizeHtml properties', () => {
  for (const [label, inputs, numRuns] of [['HTML-like input', htmlLike, 3_000], ['tag-shaped input', tagShaped, 3_000], ['arbitrary strings', anyText, 1_000]] as const) {
    it(`never lets script through, for ${label}`, () => {
      fc.assert(
        fc.property(inputs, (input) => {
          expectSafe(sanitizeHtml(input).html);
        }),
        { numRuns },
      );
    });

    it(`is idempotent, for ${label}`, () => {
      fc.assert(
        fc.property(inputs, (input) => {
          const once = sanitizeHtml(input).html;
          expect(sanitizeHtml(once).html).toBe(once);
        }),
        { numRuns },
      );
    });
  }

  it('reports nothing when sanitising its own output', () => {
    fc.assert(
      fc.property(htmlLike, (input) => {
        expect(sanitizeHtml(sanitizeHtml(input).html).removed).toEqual([]);
      }),
      { numRuns: 2_000 },
    );
  });
});
