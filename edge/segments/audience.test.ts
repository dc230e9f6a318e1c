import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, csvRow, normaliseEmail, normalisePhone, sha256Hex } from './audience.ts';

describe('custom-audience identifiers', () => {
  it('hash normalised emails to the known SHA-256 values', async () => {
    expect(normaliseEmail('  Test@Example.COM ')).toBe('test@example.com');
    expect(await sha256Hex('test@example.com')).toBe('973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b');
    expect(await sha256Hex(normaliseEmail('Test@Example.com')!)).toBe(createHash('sha256').update('test@example.com').digest('hex'));
  });

  it('refuse what is not an email', () => {
    for (const text of ['', 'no-at-sign', 'a@b', 'two words@example.com', 42, null]) expect(normaliseEmail(text), String(text)).toBeNull();
  });

  it('normalise phones to E.164 digits', () => {
    expect(normalisePhone('+49 (30) 1234-5678')).toBe('493012345678');
    expect(normalisePhone('0049 30 12345678')).toBe('493012345678');
    expect(normalisePhone('030 12345678', '49')).toBe('493012345678');
    expect(normalisePhone('030 12345678')).toBeNull();
    expect(normalisePhone('+1 (555) 010-9999')).toBe('15550109999');
    expect(normalisePhone('+12')).toBeNull();
  });

  it('agree with node:crypto on any text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), async (text) => {
        expect(await sha256Hex(text)).toBe(createHash('sha256').update(text).digest('hex'));
      }),
      { numRuns: 50 },
    );
  });
});

describe('CSV', () => {
  it('quotes what needs quoting and defuses spreadsheet formulas', () => {
    expect(csvRow(['plain', 'a,b', 'say "hi"', 'two\nlines', null, 12])).toBe('plain,"a,b","say ""hi""","two\nlines",,12\r\n');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-5')).toBe("'-5");
    expect(csvField('@cmd')).toBe("'@cmd");
  });
});
