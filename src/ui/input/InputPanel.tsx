import { useRef, useState, type DragEvent } from 'react';
import samples from 'virtual:samples';
import { FORMATS, isFormatId } from '../../core/formats/index.ts';
import {
  clearInput,
  setInputFormat,
  loadInputBlob,
  loadInputText,
  setInputText,
  useInputStore,
} from '../../state/input-store.ts';
import { useAnalysisStore } from '../../state/analysis-store.ts';
import { clearStageMarks, markStage } from '../worker/load-marks.ts';
import { decodeFile, MAX_FILE_BYTES, tooLargeMessage } from './decode-file.ts';

/** Above this size the text is kept (and analysed) but not put into the editable box. */
const EDITOR_LIMIT = 512_000;

function groupSamples(): [string, string[]][] {
  const groups = new Map<string, string[]>();
  for (const s of samples) {
    const dir = s.includes('/') ? s.slice(0, s.lastIndexOf('/')) : '';
    const list = groups.get(dir) ?? [];
    list.push(s);
    groups.set(dir, list);
  }
  return [...groups];
}

export function InputPanel() {
  const text = useInputStore(s => s.text);
  const fileName = useInputStore(s => s.fileName);
  const format = useInputStore(s => s.format);
  const hydrated = useInputStore(s => s.hydrated);
  const analysis = useAnalysisStore(s => s.analysis);
  const [dragging, setDragging] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  async function openFile(file: File) {
    clearStageMarks();
    markStage('file');
    setLoadError(null);
    if (file.size > MAX_FILE_BYTES) {
      setLoadError(tooLargeMessage(file));
      return;
    }
    // Large files go to the worker as they are: the page never decodes or copies them.
    if (file.size > EDITOR_LIMIT) {
      loadInputBlob(file, file.name);
      return;
    }
    const result = await decodeFile(file);
    if ('error' in result) setLoadError(result.error);
    else loadInputText(result.text, file.name);
  }

  async function loadSample(path: string) {
    if (!path) return;
    setLoadError(null);
    try {
      const res = await fetch(`${import.meta.env.BASE_URL}samples/${path}`);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      loadInputText(await res.text(), path.split('/').pop() ?? path);
    } catch (e) {
      setLoadError(`Could not load sample ${path}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  function onDrop(e: DragEvent) {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file) void openFile(file);
    else {
      const dropped = e.dataTransfer.getData('text/plain');
      if (dropped) loadInputText(dropped, null);
    }
  }

  const blob = useInputStore(s => s.blob);
  const large = blob !== null || text.length > EDITOR_LIMIT;
  const size = blob ? blob.size : text.length;
  return (
    <section
      className={`panel input-panel${dragging ? ' dragging' : ''}`}
      aria-label="Input"
      onDragOver={e => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <div className="toolbar">
        <button type="button" onClick={() => fileInput.current?.click()}>
          Open file…
        </button>
        <input
          ref={fileInput}
          type="file"
          aria-label="Choose a file to analyse"
          hidden
          onChange={e => {
            const f = e.target.files?.[0];
            if (f) void openFile(f);
            e.target.value = '';
          }}
        />
        <select aria-label="Load sample" value="" onChange={e => void loadSample(e.target.value)}>
          <option value="">Load sample…</option>
          {groupSamples().map(([dir, files]) => (
            <optgroup key={dir} label={dir || 'samples'}>
              {files.map(f => (
                <option key={f} value={f}>
                  {f.slice(dir.length ? dir.length + 1 : 0)}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        <select
          aria-label="Input format"
          value={format ?? ''}
          onChange={e => setInputFormat(isFormatId(e.target.value) ? e.target.value : null)}
        >
          <option value="">Auto-detect format</option>
          {FORMATS.map(f => (
            <option key={f.id} value={f.id}>
              {f.label}
            </option>
          ))}
        </select>
        <button type="button" onClick={clearInput} disabled={!text && !blob}>
          Clear
        </button>
      </div>
      {large ? (
        <div className="large-input" role="status">
          <p>
            <strong>{fileName ?? 'Input'}</strong> ({(size / 1e6).toFixed(1)} MB) is loaded and
            analysed; it is too large to edit here.
          </p>
          <p className="muted">Paste or drop another dump to replace it.</p>
        </div>
      ) : (
        <label className="dump-label">
          <span className="label-text">Span dump</span>
          <textarea
            className="dump"
            spellCheck={false}
            placeholder={
              hydrated
                ? 'Paste OTLP/JSON, a ConsoleSpanExporter print, Jaeger/Zipkin/Phoenix/Arize JSON … or drop a file here.'
                : 'Restoring your last input…'
            }
            value={text}
            onChange={e => setInputText(e.target.value, null)}
          />
        </label>
      )}
      {dragging && <div className="drop-hint">Drop the file to analyse it</div>}
      {loadError && (
        <p role="alert" className="error-text">
          {loadError}
        </p>
      )}
      {analysis && (
        <p className="detected" aria-label="Detected as">
          {analysis.formatLabel ? (
            <>
              <strong>{analysis.formatLabel}</strong> — {analysis.detection}
              {analysis.dialect ? ` (${analysis.dialect})` : ''}
              {analysis.formatSpecUrl && (
                <>
                  {' '}
                  <a href={analysis.formatSpecUrl} target="_blank" rel="noreferrer noopener">
                    spec
                  </a>
                </>
              )}
            </>
          ) : (
            <>Format not recognised.</>
          )}
          {analysis.inputNotes.length > 0 && <> {analysis.inputNotes.join(' ')}</>}
        </p>
      )}
    </section>
  );
}
