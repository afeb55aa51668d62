'use client';

import { useMemo, useRef, useState } from 'react';
import { usePipeline } from '@/lib/store/pipeline';
import { nodeName } from '@/lib/document/node-name';
import { inputChoices, sourceChoices, type InputChoice, type SourceChoice } from '@/lib/connect/choices';
import { rankByQuery } from '@/lib/search/rank';
import { CloseButton, Modal } from '@/components/ui/modal';

interface Row {
  key: string;
  testId: string;
  title: string;
  detail: string;
  pick: () => void;
}

/**
 * Connects ports without a mouse: pick one of the selected node's inputs (skipped when it has
 * one), then the output that should feed it. Typing filters, arrows move, Enter picks.
 * Mount it only while open (keyed by the node), so each opening starts afresh.
 */
export function ConnectPicker({ nodeId, onClose }: { nodeId: string; onClose: () => void }) {
  const filterRef = useRef<HTMLInputElement>(null);
  const doc = usePipeline((s) => s.doc);
  const connect = usePipeline((s) => s.connect);
  const [chosenInput, setChosenInput] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const [active, setActive] = useState(0);

  const node = doc.nodes.find((n) => n.id === nodeId);
  const inputs = useMemo(() => inputChoices(doc, nodeId), [doc, nodeId]);
  const input: InputChoice | undefined = inputs.length === 1 ? inputs[0] : inputs.find((i) => i.port.id === chosenInput);
  const sources = useMemo(
    () => (input ? sourceChoices(doc, nodeId, input.port.id) : { choices: [], hidden: 0 }),
    [doc, nodeId, input],
  );

  if (!node) return null;
  const name = nodeName(node);

  const chooseInput = (id: string | null) => {
    setChosenInput(id);
    setFilter('');
    setActive(0);
    filterRef.current?.focus();
  };

  const rows: Row[] = input
    ? rankByQuery(sources.choices, filter, sourceText).map((s: SourceChoice) => ({
        key: `${s.nodeId}.${s.port.id}`,
        testId: `connect-source-${s.nodeId}-${s.port.id}`,
        title: `${s.nodeLabel} · ${s.port.label}`,
        detail: [s.kindLabel === s.nodeLabel ? '' : s.kindLabel, s.nodeId, s.unused ? 'not connected yet' : ''].filter(Boolean).join(' · '),
        pick: () => {
          connect({ source: s.nodeId, sourcePort: s.port.id, target: node.id, targetPort: input.port.id });
          onClose();
        },
      }))
    : rankByQuery(inputs, filter, (i) => ({ label: i.port.label, description: i.feeder?.nodeLabel })).map((i) => ({
        key: i.port.id,
        testId: `connect-input-${i.port.id}`,
        title: i.port.label,
        detail: i.feeder
          ? `Taken: fed by ${feederName(i.feeder)}. A new source replaces it.`
          : 'Free',
        pick: () => chooseInput(i.port.id),
      }));
  const highlighted = Math.min(active, rows.length - 1);

  const heading = input ? `Connect into ${name} · ${input.port.label}` : `Connect an input of ${name}`;
  const empty =
    inputs.length === 0
      ? `${name} has no inputs. Select the node its output should go to, and press C there.`
      : input && sources.choices.length === 0
        ? `No output on the canvas can feed “${input.port.label}”${sources.hidden > 0 ? `: ${sources.hidden} ${sources.hidden === 1 ? 'output has' : 'outputs have'} the wrong type, would make a loop or ${sources.hidden === 1 ? 'is' : 'are'} wired here already` : ''}. Add a node that gives what it needs first.`
        : `Nothing matches “${filter}”.`;

  return (
    <Modal
      open={true}
      onClose={onClose}
      labelledBy="connect-title"
      testId="connect-picker"
      initialFocus={filterRef}
      placement="top"
      className="flex max-h-[min(520px,100%)] max-w-[460px] flex-col"
    >
      <div className="flex items-start justify-between gap-3 px-4 pt-3.5">
        <div className="min-w-0">
          <h2 id="connect-title" className="text-[14.5px] leading-snug font-semibold text-zinc-50">
            {heading}
          </h2>
          <p className="mt-0.5 text-[12px] leading-[1.4] text-zinc-400">
            {input
              ? input.feeder
                ? `Now fed by ${feederName(input.feeder)}; the source you pick replaces it.`
                : 'Pick the output that should feed it.'
              : 'Pick the input to connect; free inputs come first.'}
          </p>
        </div>
        <CloseButton onClick={onClose} size="sm" />
      </div>
      <div className="flex items-center gap-2 px-4 pt-3">
        {input && inputs.length > 1 && (
          <button
            type="button"
            data-testid="connect-back"
            onClick={() => chooseInput(null)}
            className="h-8 shrink-0 rounded-lg border border-zinc-700 px-2.5 text-[12px] text-zinc-300 hover:bg-zinc-800 focus-visible:border-indigo-500 focus-visible:outline-none"
          >
            ← Inputs
          </button>
        )}
        <input
          ref={filterRef}
          data-testid="connect-filter"
          type="text"
          role="combobox"
          aria-expanded="true"
          aria-controls="connect-options"
          aria-activedescendant={rows[highlighted] ? `connect-option-${highlighted}` : undefined}
          aria-label={input ? 'Filter outputs' : 'Filter inputs'}
          placeholder={input ? 'Type to filter outputs' : 'Type to filter inputs'}
          value={filter}
          onChange={(e) => {
            setFilter(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              if (rows.length > 0) setActive((highlighted + (e.key === 'ArrowDown' ? 1 : -1) + rows.length) % rows.length);
            } else if (e.key === 'Enter') {
              e.preventDefault();
              rows[highlighted]?.pick();
            } else if (e.key === 'Backspace' && filter === '' && input && inputs.length > 1) {
              chooseInput(null);
            }
          }}
          className="h-8 min-w-0 flex-1 rounded-lg border border-zinc-800 bg-zinc-900 px-2.5 text-[13px] text-zinc-100 placeholder:text-zinc-500 focus:border-indigo-500 focus:outline-none"
        />
      </div>
      <ul id="connect-options" role="listbox" aria-label={input ? 'Outputs' : 'Inputs'} className="mt-2 min-h-0 overflow-y-auto px-2 pb-3">
        {rows.length === 0 && <li className="px-2 py-4 text-[12.5px] leading-[1.45] text-zinc-400">{empty}</li>}
        {rows.map((row, i) => (
          <li key={row.key} role="presentation">
            <button
              type="button"
              id={`connect-option-${i}`}
              role="option"
              aria-selected={i === highlighted}
              data-testid={row.testId}
              data-active={i === highlighted}
              onClick={row.pick}
              onMouseMove={() => setActive(i)}
              className="flex w-full flex-col rounded-lg px-2.5 py-1.5 text-left focus-visible:ring-1 focus-visible:ring-indigo-500 focus-visible:outline-none data-[active=true]:bg-zinc-800/80"
            >
              <span className="truncate text-[13px] font-medium text-zinc-100">{row.title}</span>
              <span className="truncate text-[11.5px] text-zinc-500">{row.detail}</span>
            </button>
          </li>
        ))}
      </ul>
    </Modal>
  );
}

const feederName = (f: NonNullable<InputChoice['feeder']>) => `${f.nodeLabel} (${f.nodeId}) · ${f.portLabel}`;
const sourceText = (s: SourceChoice) => ({ label: s.nodeLabel, kind: `${s.nodeId} ${s.port.label}`, description: s.kindLabel });
