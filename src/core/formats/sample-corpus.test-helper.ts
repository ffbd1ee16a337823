// Every file under public/samples/<format-id>/, for tests that check a sniffer claims its own
// samples and no one else's (other directories, such as broken/ and hostile/, are left out).

import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readSample, withoutName } from './fixture-trace.test-helper.ts';
import { detectFormat, isFormatId } from './index.ts';
import { describe, expect, it } from 'vitest';
import type { InputText } from '../input/input-text.ts';
import type { FormatModule } from './types.ts';

export interface SampleFile {
  /** Path relative to public/samples, e.g. "phoenix-spans/basic.json". */
  rel: string;
  /** The directory name = the format id the sample belongs to. */
  formatId: string;
  input: InputText;
}

export function allSamples(): SampleFile[] {
  const root = fileURLToPath(new URL('../../../public/samples/', import.meta.url));
  const out: SampleFile[] = [];
  for (const dir of readdirSync(root, { withFileTypes: true })) {
    // Only <format-id>/ directories: broken/ and hostile/ hold cases, not one format each.
    if (!dir.isDirectory() || !isFormatId(dir.name)) continue;
    for (const f of readdirSync(`${root}${dir.name}`, { withFileTypes: true })) {
      if (!f.isFile()) continue;
      const rel = `${dir.name}/${f.name}`;
      out.push({ rel, formatId: dir.name, input: readSample(rel) });
    }
  }
  return out;
}

/** `format` claims none of the other formats' samples (its sniff returns null for each). */
export function expectNoOtherSampleClaimed(format: FormatModule): void {
  for (const sample of allSamples()) {
    if (sample.formatId === format.id) continue;
    expect(format.sniff(sample.input), sample.rel).toBeNull();
  }
}

/**
 * One test per sample file: `format` claims its own samples and no other, with and without the
 * file name, and detection picks it for its own.
 */
export function describeCorpusDetection(format: FormatModule): void {
  describe(`${format.id} detection across the sample corpus`, () => {
    for (const sample of allSamples()) {
      const mine = sample.formatId === format.id;
      it(`${mine ? 'claims' : 'does not claim'} ${sample.rel}, with and without its name`, () => {
        expect(Boolean(format.sniff(sample.input))).toBe(mine);
        expect(Boolean(format.sniff(withoutName(sample.input)))).toBe(mine);
        if (mine) {
          expect(detectFormat(sample.input).format?.id).toBe(format.id);
          expect(detectFormat(withoutName(sample.input)).format?.id).toBe(format.id);
        }
      });
    }
  });
}
