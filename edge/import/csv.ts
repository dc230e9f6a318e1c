import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

export interface CsvRecord {
  /** 1-based line number in the file where the record starts (the header is line 1) */
  line: number;
  fields: string[];
}

/**
 * Streams CSV records (RFC 4180: quoted fields may hold commas, quotes and newlines) from a file, gunzipping
 * `.gz`. Memory stays at one chunk and one record, whatever the file's size.
 */
export async function* readCsv(path: string, onBytes?: (compressedBytesRead: number) => void): AsyncGenerator<CsvRecord> {
  const file = createReadStream(path);
  let bytes = 0;
  file.on('data', (chunk: Buffer | string) => {
    bytes += chunk.length;
    onBytes?.(bytes);
  });
  const source = path.endsWith('.gz') ? file.pipe(createGunzip()) : file;
  source.setEncoding('utf8');
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let quoteSeen = false;
  let line = 1;
  let recordLine = 1;
  for await (const chunk of source as AsyncIterable<string>) {
    for (let index = 0; index < chunk.length; index++) {
      const char = chunk[index]!;
      if (inQuotes) {
        if (char === '"') {
          if (chunk[index + 1] === '"') {
            field += '"';
            index++;
          } else if (index + 1 === chunk.length) {
            quoteSeen = true;
            inQuotes = false;
          } else inQuotes = false;
        } else {
          if (char === '\n') line++;
          field += char;
        }
        continue;
      }
      if (quoteSeen && char === '"') {
        // an escaped quote split across two chunks
        field += '"';
        inQuotes = true;
        quoteSeen = false;
        continue;
      }
      quoteSeen = false;
      if (char === '"' && field === '') inQuotes = true;
      else if (char === ',') {
        fields.push(field);
        field = '';
      } else if (char === '\n') {
        fields.push(field.endsWith('\r') ? field.slice(0, -1) : field);
        yield { line: recordLine, fields };
        fields = [];
        field = '';
        line++;
        recordLine = line;
      } else field += char;
    }
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field.endsWith('\r') ? field.slice(0, -1) : field);
    yield { line: recordLine, fields };
  }
}
