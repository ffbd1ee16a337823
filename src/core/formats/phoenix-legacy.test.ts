import { describe, expect, it } from 'vitest';
import { InputText } from '../input/input-text.ts';
import { expectFixtureTrace, readSample, withoutName } from './fixture-trace.test-helper.ts';
import { phoenixLegacy } from './phoenix-legacy.ts';
import { phoenixSpans } from './phoenix-spans.ts';
import { expectNoOtherSampleClaimed } from './sample-corpus.test-helper.ts';

/** One legacy span line (spans_to_jsonl) with nested attributes. */
function legacyLine(spanId: string, parentId: string | null, extra: Record<string, unknown> = {}) {
  return JSON.stringify({
    name: 'llm',
    context: { trace_id: '7d3a1f2c9b8e4d6fa1c2b3d4e5f60718', span_id: spanId },
    span_kind: 'LLM',
    parent_id: parentId,
    start_time: '2025-01-15T10:30:00.105000+00:00',
    end_time: '2025-01-15T10:30:00.905250+00:00',
    status_code: 'UNSET',
    status_message: '',
    attributes: {
      openinference: { span: { kind: 'LLM' } },
      llm: {
        input_messages: [{ message: { role: 'user', content: 'hi' } }],
        token_count: { prompt: 42 },
      },
      tag: { tags: ['demo', 'weather'] },
    },
    events: [],
    conversation: null,
    ...extra,
  });
}

describe('phoenix-legacy', () => {
  it('reads the spans_to_jsonl sample as the fixture trace', () => {
    const result = phoenixLegacy.parse(readSample('phoenix-legacy/basic.jsonl'));
    const spans = expectFixtureTrace(result, { otelKind: false, serviceName: false });
    expect(spans.map(s => s.source.line)).toEqual([1, 2, 3]);
    expect(result.dialect).toContain('JSON Lines');
  });

  it('flattens nested attributes back to dotted OpenInference keys', () => {
    const [span] = phoenixLegacy.parse(new InputText(legacyLine('8e1f2a3b4c5d6e7f', null))).spans;
    expect({ ...span?.attributes }).toEqual({
      'openinference.span.kind': 'LLM',
      'llm.input_messages.0.message.role': 'user',
      'llm.input_messages.0.message.content': 'hi',
      'llm.token_count.prompt': 42,
      'tag.tags': ['demo', 'weather'],
    });
    expect(span?.oiKind).toBe('LLM');
    expect(span?.startNs).toBe(1736937000105000000n);
  });

  it('sniffs its sample with and without the file name', () => {
    const input = readSample('phoenix-legacy/basic.jsonl');
    expect(phoenixLegacy.sniff(input)).toMatch(/conversation/);
    expect(phoenixLegacy.sniff(withoutName(input))).toMatch(/conversation/);
  });

  it('claims no other format’s sample', () => {
    expectNoOtherSampleClaimed(phoenixLegacy);
  });

  it('recognises nested attributes even without a conversation key', () => {
    const line = legacyLine('8e1f2a3b4c5d6e7f', null);
    const withoutConversation = JSON.stringify({ ...JSON.parse(line), conversation: undefined });
    const input = new InputText(`${withoutConversation}\n${withoutConversation}`);
    expect(phoenixLegacy.sniff(input)).toMatch(/nested/);
    expect(phoenixSpans.sniff(input)).toBeNull();
  });

  it('notes a conversation id', () => {
    const line = legacyLine('8e1f2a3b4c5d6e7f', null, { conversation: { conversation_id: 'c-1' } });
    expect(phoenixLegacy.parse(new InputText(line)).spans[0]?.notes).toEqual([
      'Phoenix conversation id c-1',
    ]);
  });

  it('reports a cut-off last line and reads the lines before it', () => {
    const text = [
      legacyLine('8e1f2a3b4c5d6e7f', '3c5d7e9f1a2b4c6d'),
      legacyLine('3c5d7e9f1a2b4c6d', null),
    ].join('\n');
    const result = phoenixLegacy.parse(new InputText(text.slice(0, -40)));
    expect(result.spans.map(s => s.spanId)).toEqual(['8e1f2a3b4c5d6e7f']);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        code: 'parse.json.invalid',
        severity: 'error',
        message: expect.stringContaining('last line (2) is cut off'),
        location: expect.objectContaining({ line: 2 }),
      }),
    ]);
  });
});
