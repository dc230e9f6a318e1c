/**
 * Allowlist sanitiser for marketer-written content variants. The SDK inserts a variant into the shop page with
 * innerHTML, so whatever this returns runs with the shop's origin. Pure string code: it runs in Node and in Workers.
 *
 * Safety does not rest on parsing the input exactly like a browser: the output is rebuilt from tokens in one
 * canonical form (allowed tags only, every attribute double-quoted and escaped, `<` and `>` in text escaped), so a
 * browser parsing the output can only see the elements and attributes written here.
 */

export const MAX_VARIANT_LENGTH = 100_000;

export class VariantTooLargeError extends Error {
  constructor(readonly length: number) {
    super(`the variant HTML is ${length} characters long; the limit is ${MAX_VARIANT_LENGTH}`);
    this.name = 'VariantTooLargeError';
  }
}

export interface SanitizedHtml {
  html: string;
  /** Short notes on what was taken out, one per kind, for the marketer. */
  removed: string[];
}

const ALLOWED_ELEMENTS = new Set([
  'a', 'abbr', 'article', 'b', 'blockquote', 'br', 'button', 'caption', 'code', 'div', 'em', 'figcaption', 'figure',
  'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'i', 'img', 'li', 'mark', 'ol', 'p', 'picture', 'pre',
  's', 'section', 'small', 'source', 'span', 'strong', 'sub', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead',
  'time', 'tr', 'u', 'ul',
]);
const VOID_ELEMENTS = new Set(['br', 'hr', 'img', 'source']);

// Browsers read these as raw text up to their end tag, so their content is skipped the same way.
const RAW_TEXT_DROPPED = new Set(['script', 'style', 'iframe', 'noscript', 'textarea', 'title', 'xmp', 'noembed', 'noframes']);
const NESTED_DROPPED = new Set(['object', 'template', 'select', 'svg', 'math', 'frameset', 'head']);
// Void elements have no content: looking for their end tag would swallow the rest of the variant.
const VOID_DROPPED = new Set(['embed', 'frame']);
const DROPPED_ELEMENTS = new Set([...RAW_TEXT_DROPPED, ...NESTED_DROPPED, ...VOID_DROPPED, 'plaintext']);

const GLOBAL_ATTRIBUTES = new Set(['class', 'id', 'title', 'alt', 'lang', 'dir', 'role', 'width', 'height', 'colspan', 'rowspan', 'datetime']);
const IMAGE_ATTRIBUTES = ['src', 'srcset', 'sizes', 'loading', 'decoding'];
const ELEMENT_ATTRIBUTES: Record<string, Set<string>> = {
  a: new Set(['href', 'target', 'rel']),
  img: new Set(IMAGE_ATTRIBUTES),
  source: new Set([...IMAGE_ATTRIBUTES, 'media', 'type']),
  button: new Set(['type']),
};
// The SDK fills every [data-rfm-slot] element, so a variant must not create slots of its own.
const FORBIDDEN_DATA_ATTRIBUTES = new Set(['data-rfm-slot']);

const SAFE_SCHEMES = new Set(['http', 'https', 'mailto', 'tel']);
const IMAGE_DATA_URL = /^data:image\/(?:png|jpeg|gif|webp|avif);base64,/i;

// Bounds the stack searches below, so hostile nesting cannot make sanitising quadratic.
const MAX_DEPTH = 256;

// Browsers close these implicitly; doing the same keeps the output's tree the one the marketer saw.
const CLOSES_PARAGRAPH = new Set([
  'article', 'blockquote', 'div', 'figcaption', 'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr',
  'li', 'ol', 'p', 'pre', 'section', 'table', 'ul',
]);
const PARAGRAPH_SCOPE_LIMITS = new Set(['button', 'caption', 'table', 'td', 'th']);
// The allowed elements the browser treats as "special", except div and p, which a list item closes through.
const LIST_ITEM_SCOPE_LIMITS = new Set([
  'article', 'blockquote', 'button', 'caption', 'figcaption', 'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'header', 'ol', 'pre', 'section', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);
const TABLE_SCOPE_LIMITS = new Set(['table']);
const PARAGRAPH = new Set(['p']);
const IMPLIED_CLOSES: Record<string, { closes: Set<string>; limits: Set<string> }> = {
  li: { closes: new Set(['li']), limits: LIST_ITEM_SCOPE_LIMITS },
  td: { closes: new Set(['td', 'th']), limits: TABLE_SCOPE_LIMITS },
  th: { closes: new Set(['td', 'th']), limits: TABLE_SCOPE_LIMITS },
  tr: { closes: new Set(['tr']), limits: TABLE_SCOPE_LIMITS },
  tbody: { closes: new Set(['tbody', 'thead', 'tfoot']), limits: TABLE_SCOPE_LIMITS },
  thead: { closes: new Set(['tbody', 'thead', 'tfoot']), limits: TABLE_SCOPE_LIMITS },
  tfoot: { closes: new Set(['tbody', 'thead', 'tfoot']), limits: TABLE_SCOPE_LIMITS },
};

interface Attribute {
  name: string;
  /** As written, character references still encoded; null when the attribute had no `=`. */
  raw: string | null;
}

type Token =
  | { kind: 'text'; text: string }
  | { kind: 'start'; name: string; attributes: Attribute[]; selfClosing: boolean }
  | { kind: 'end'; name: string }
  | { kind: 'markup'; note: string }
  | { kind: 'unfinished' };

const WHITESPACE = /[\t\n\f\r ]/;
const asciiLower = (text: string) => text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
const shorten = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

/** Splits HTML into tokens the way the browser's tokenizer does, minus the parts that only matter for fidelity. */
class Tokenizer {
  private position = 0;

  constructor(private readonly input: string) {}

  next(): Token | null {
    const { input } = this;
    const start = this.position;
    if (start >= input.length) return null;
    if (input[start] !== '<') {
      const end = input.indexOf('<', start);
      this.position = end === -1 ? input.length : end;
      return { kind: 'text', text: input.slice(start, this.position) };
    }
    const after = input[start + 1] ?? '';
    if (/[A-Za-z]/.test(after)) return this.tag(start + 1, 'start');
    if (after === '/') {
      const first = input[start + 2];
      if (first !== undefined && /[A-Za-z]/.test(first)) return this.tag(start + 2, 'end');
      // Browsers ignore `</>`; an empty text token keeps this loop free of recursion.
      if (first === '>') {
        this.position = start + 3;
        return { kind: 'text', text: '' };
      }
      return this.skipThrough('>', start + 2, 'comment');
    }
    if (input.startsWith('<!--', start)) return this.comment(start + 4);
    if (input.startsWith('<![CDATA[', start)) return this.skipThrough(']]>', start + 9, 'CDATA section');
    if (after === '!') return this.skipThrough('>', start + 2, /^<!doctype/i.test(input.slice(start, start + 9)) ? '<!doctype>' : 'comment');
    if (after === '?') return this.skipThrough('>', start + 2, 'processing instruction');
    this.position = start + 1;
    return { kind: 'text', text: '<' };
  }

  /** Moves past the end tag of a raw-text element, or to the end when there is none. */
  skipRawText(name: string): void {
    const endTag = new RegExp(`</${name}[\\t\\n\\f\\r />]`, 'gi');
    endTag.lastIndex = this.position;
    const found = endTag.exec(this.input);
    if (!found) {
      this.position = this.input.length;
      return;
    }
    this.position = found.index;
    if (this.next()?.kind === 'unfinished') this.position = this.input.length;
  }

  skipToEnd(): void {
    this.position = this.input.length;
  }

  private comment(bodyStart: number): Token {
    const { input } = this;
    // `<!-->` and `<!--->` are complete (empty) comments.
    if (input.startsWith('>', bodyStart)) this.position = bodyStart + 1;
    else if (input.startsWith('->', bodyStart)) this.position = bodyStart + 2;
    else {
      const close = /--!?>/g;
      close.lastIndex = bodyStart;
      const found = close.exec(input);
      this.position = found ? found.index + found[0].length : input.length;
    }
    return { kind: 'markup', note: 'comment' };
  }

  private skipThrough(terminator: string, from: number, note: string): Token {
    const end = this.input.indexOf(terminator, from);
    this.position = end === -1 ? this.input.length : end + terminator.length;
    return { kind: 'markup', note };
  }

  private tag(nameStart: number, kind: 'start' | 'end'): Token {
    const { input } = this;
    let index = nameStart;
    while (index < input.length && !/[\t\n\f\r />]/.test(input[index]!)) index++;
    const name = asciiLower(input.slice(nameStart, index));
    const attributes: Attribute[] = [];
    let selfClosing = false;
    for (;;) {
      const gapStart = index;
      while (index < input.length && /[\t\n\f\r /]/.test(input[index]!)) index++;
      if (index >= input.length) return this.unfinished();
      if (input[index] === '>') {
        selfClosing = index > gapStart && input[index - 1] === '/';
        break;
      }
      // The first character belongs to the name even when it is `=`, as in the browser.
      const attributeStart = index++;
      while (index < input.length && !/[\t\n\f\r />=]/.test(input[index]!)) index++;
      const attributeName = asciiLower(input.slice(attributeStart, index));
      while (index < input.length && WHITESPACE.test(input[index]!)) index++;
      let raw: string | null = null;
      if (input[index] === '=') {
        index++;
        while (index < input.length && WHITESPACE.test(input[index]!)) index++;
        const quote = input[index];
        if (quote === '"' || quote === "'") {
          const close = input.indexOf(quote, index + 1);
          if (close === -1) return this.unfinished();
          raw = input.slice(index + 1, close);
          index = close + 1;
        } else {
          const valueStart = index;
          while (index < input.length && !/[\t\n\f\r >]/.test(input[index]!)) index++;
          raw = input.slice(valueStart, index);
        }
      }
      attributes.push({ name: attributeName, raw });
    }
    this.position = index + 1;
    return kind === 'start' ? { kind, name, attributes, selfClosing } : { kind, name };
  }

  // A browser drops a tag cut off by the end of the input, and so does this.
  private unfinished(): Token {
    this.position = this.input.length;
    return { kind: 'unfinished' };
  }
}

const CHARACTER_REFERENCE = /&(?:[A-Za-z][A-Za-z0-9]{0,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});/y;

/** Escapes `<`, `>` and every `&` that does not start a character reference; references stay as written. */
function escapeKeepingReferences(text: string, escapeQuotes: boolean): string {
  let result = '';
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (char === '&') {
      CHARACTER_REFERENCE.lastIndex = index;
      result += CHARACTER_REFERENCE.test(text) ? '&' : '&amp;';
    } else if (char === '<') result += '&lt;';
    else if (char === '>') result += '&gt;';
    else if (char === '"' && escapeQuotes) result += '&quot;';
    else result += char;
  }
  return result;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escapeDecoded = (value: string) => value.replace(/[&<>"]/g, (char) => ESCAPES[char]!);

// Enough named references for URLs and keywords; an unknown one is kept as literal text, which is safe because
// decoded values are written back fully escaped.
const NAMED_REFERENCES = new Map(Object.entries({
  amp: '&', AMP: '&', lt: '<', LT: '<', gt: '>', GT: '>', quot: '"', QUOT: '"', apos: "'", nbsp: '\u00a0',
  colon: ':', Tab: '\t', NewLine: '\n', sol: '/', lpar: '(', rpar: ')', period: '.', comma: ',', excl: '!', num: '#',
  quest: '?', equals: '=', commat: '@', plus: '+', percnt: '%', semi: ';', lowbar: '_',
}));

function decodeReferences(value: string): string {
  return value.replace(/&(?:#([0-9]+);?|#[xX]([0-9A-Fa-f]+);?|([A-Za-z][A-Za-z0-9]*);)/g, (reference, decimal?: string, hex?: string, named?: string) => {
    if (named !== undefined) return NAMED_REFERENCES.get(named) ?? reference;
    const code = decimal !== undefined ? Number.parseInt(decimal, 10) : Number.parseInt(hex!, 16);
    const invalid = code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff);
    return invalid ? '\ufffd' : String.fromCodePoint(code);
  });
}

/** The scheme that makes a URL unacceptable, or null when it is acceptable. */
function refusedScheme(url: string, allowImageData: boolean): string | null {
  // Browsers ignore some of these inside a scheme (`java\tscript:`); removing them all errs on the safe side.
  const compact = url.replace(/[\s\u0000-\u001f\u007f-\u009f\u200b-\u200f]/g, '');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(compact)?.[1]?.toLowerCase();
  if (scheme === undefined || SAFE_SCHEMES.has(scheme)) return null;
  if (allowImageData && IMAGE_DATA_URL.test(compact)) return null;
  return scheme;
}

const SRCSET_DESCRIPTOR = /^(?:[0-9]+[wh]|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?x)$/;

/** Parses a srcset as the browser does and rewrites it in a plain form, or says why it must go. */
function sanitizeSrcset(value: string): { srcset: string } | { problem: string } {
  const candidates: string[] = [];
  let index = 0;
  for (;;) {
    while (index < value.length && /[\t\n\f\r ,]/.test(value[index]!)) index++;
    if (index >= value.length) break;
    const urlStart = index;
    while (index < value.length && !WHITESPACE.test(value[index]!)) index++;
    let url = value.slice(urlStart, index);
    let descriptors: string[] = [];
    if (url.endsWith(',')) url = url.replace(/,+$/, '');
    else {
      const end = value.indexOf(',', index);
      descriptors = value.slice(index, end === -1 ? value.length : end).split(/[\t\n\f\r ]+/).filter(Boolean);
      index = end === -1 ? value.length : end + 1;
    }
    // Some parsers split candidates on commas alone, so every comma-separated piece must be a safe URL too.
    for (const piece of [url, ...url.split(',')]) {
      const scheme = refusedScheme(piece, false);
      if (scheme !== null) return { problem: `${shorten(scheme)}: URL in srcset` };
    }
    if (!descriptors.every((descriptor) => SRCSET_DESCRIPTOR.test(descriptor))) return { problem: 'malformed srcset' };
    candidates.push([url, ...descriptors].join(' '));
  }
  return { srcset: candidates.join(', ') };
}

function isAllowedAttribute(element: string, name: string): boolean {
  if (GLOBAL_ATTRIBUTES.has(name) || ELEMENT_ATTRIBUTES[element]?.has(name)) return true;
  if (/^aria-[a-z]+$/.test(name)) return true;
  return /^data-[a-z0-9_.-]+$/.test(name) && !FORBIDDEN_DATA_ATTRIBUTES.has(name);
}

/** The attributes of an allowed element, written out; notes what was dropped. */
function sanitizeAttributes(element: string, attributes: Attribute[], removed: Set<string>): string {
  const kept = new Map<string, string>();
  const seen = new Set<string>();
  for (const { name, raw } of attributes) {
    // A browser keeps the first of duplicated attributes.
    if (seen.has(name)) continue;
    seen.add(name);
    if (!isAllowedAttribute(element, name)) {
      removed.add(`${shorten(name)} attribute on <${element}>`);
      continue;
    }
    const decoded = decodeReferences(raw ?? '');
    if (name === 'href' || name === 'src') {
      const scheme = refusedScheme(decoded, element === 'img' && name === 'src');
      if (scheme === null) kept.set(name, escapeDecoded(decoded.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '')));
      else removed.add(`${shorten(scheme)}: URL in ${name}`);
    } else if (name === 'srcset') {
      const result = sanitizeSrcset(decoded);
      if ('srcset' in result) kept.set(name, escapeDecoded(result.srcset));
      else removed.add(`${result.problem} on <${element}>`);
    } else if (name === 'target') {
      const target = asciiLower(decoded.trim());
      if (target === '_blank' || target === '_self') kept.set(name, target);
      else removed.add(`target="${shorten(decoded)}" on <a>`);
    } else if (name === 'type' && element === 'button') {
      if (asciiLower(decoded.trim()) !== 'button') removed.add(`type="${shorten(decoded)}" on <button>`);
      kept.set(name, 'button');
    } else if (name === 'rel') {
      kept.set(name, escapeDecoded(decoded));
    } else {
      kept.set(name, escapeKeepingReferences(raw ?? '', true));
    }
  }
  // Without this a button inside a shop's form would submit it.
  if (element === 'button') kept.set('type', 'button');
  if (element === 'a' && (kept.has('rel') || kept.get('target') === '_blank')) {
    const rel = (kept.get('rel') ?? '').split(/[\t\n\f\r ]+/).filter(Boolean);
    // A page opened with _blank would otherwise get a handle on the shop's window.
    if (kept.get('target') === '_blank') {
      for (const required of ['noopener', 'noreferrer']) if (!rel.some((token) => asciiLower(token) === required)) rel.push(required);
    }
    kept.set('rel', rel.join(' '));
  }
  let written = '';
  for (const [name, value] of kept) written += ` ${name}="${value}"`;
  return written;
}

// `<svg/>` is complete in the browser; `<object/>` still opens an element.
const opensNothing = (token: { name: string; selfClosing: boolean }) => token.selfClosing && (token.name === 'svg' || token.name === 'math');

export function sanitizeHtml(input: string): SanitizedHtml {
  if (input.length > MAX_VARIANT_LENGTH) throw new VariantTooLargeError(input.length);
  const tokenizer = new Tokenizer(input.replaceAll('\0', ''));
  const removed = new Set<string>();
  const open: string[] = [];
  let html = '';

  const closeDownTo = (index: number) => {
    while (open.length > index) html += `</${open.pop()}>`;
  };
  const closeWithinScope = (names: Set<string>, limits: Set<string>) => {
    for (let index = open.length - 1; index >= 0; index--) {
      const name = open[index]!;
      if (names.has(name)) return closeDownTo(index);
      if (limits.has(name)) return;
    }
  };
  const skipNested = (name: string) => {
    for (let depth = 1; depth > 0; ) {
      const token = tokenizer.next();
      if (!token) return;
      if (token.kind === 'start' && token.name === name && !opensNothing(token)) depth++;
      else if (token.kind === 'end' && token.name === name) depth--;
    }
  };

  for (let token = tokenizer.next(); token; token = tokenizer.next()) {
    if (token.kind === 'text') html += escapeKeepingReferences(token.text, false);
    else if (token.kind === 'markup') removed.add(token.note);
    else if (token.kind === 'unfinished') removed.add('unfinished tag at the end');
    else if (token.kind === 'end') {
      const index = open.lastIndexOf(token.name);
      if (index !== -1) closeDownTo(index);
    } else {
      const { name } = token;
      if (DROPPED_ELEMENTS.has(name)) {
        if (RAW_TEXT_DROPPED.has(name)) tokenizer.skipRawText(name);
        else if (name === 'plaintext') tokenizer.skipToEnd();
        else if (NESTED_DROPPED.has(name) && !opensNothing(token)) skipNested(name);
        removed.add(`<${name}> element`);
        continue;
      }
      if (!ALLOWED_ELEMENTS.has(name)) {
        removed.add(`<${shorten(name)}> tag`);
        continue;
      }
      if (CLOSES_PARAGRAPH.has(name)) closeWithinScope(PARAGRAPH, PARAGRAPH_SCOPE_LIMITS);
      const implied = IMPLIED_CLOSES[name];
      if (implied) closeWithinScope(implied.closes, implied.limits);
      if (open.length >= MAX_DEPTH && !VOID_ELEMENTS.has(name)) {
        removed.add(`elements nested more than ${MAX_DEPTH} deep`);
        continue;
      }
      html += `<${name}${sanitizeAttributes(name, token.attributes, removed)}>`;
      if (!VOID_ELEMENTS.has(name)) open.push(name);
    }
  }
  closeDownTo(0);
  return { html, removed: [...removed] };
}
