import { useRef, useState } from 'preact/hooks';
import { count } from '../../format.ts';
import { locale } from '../../i18n.ts';
import { Card, ErrorNotice, Tabs } from '../../ui/index.tsx';
import { bandName, t } from './messages.ts';
import { heatLevels, pairDimensions, PAIRS, type HeatMetric, type Pair } from './model.ts';
import type { CellSelection, DashboardData } from './types.ts';

/** A cell's revenue in a few characters: German compact notation leaves thousands unabbreviated, so no decimals below a million. */
const shortMoney = (minor: number, currency: string) =>
  new Intl.NumberFormat(locale(), { style: 'currency', currency, notation: 'compact', maximumFractionDigits: Math.abs(minor) < 100_000_000 ? 0 : 1 }).format(minor / 100);

const STEPS: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };

/** Arrow keys move between a grid's cells, as in a spreadsheet; Tab still leaves the grid. */
function moveInGrid(event: KeyboardEvent, pair: Pair) {
  const step = STEPS[event.key];
  const at = (event.target as HTMLElement).dataset.cell?.split(':').map(Number);
  if (!step || !at) return;
  const clamp = (value: number) => Math.max(0, Math.min(2, value));
  (event.currentTarget as HTMLElement).querySelector<HTMLElement>(`[data-cell="${pair}:${clamp(at[1]! + step[0])}:${clamp(at[2]! + step[1])}"]`)?.focus();
  event.preventDefault();
}

type Selected = CellSelection;
type Dialog = typeof import('./cell.tsx').CellDialog;

/** R×F, F×M and R×M: contacts (or revenue) per pair of bands; each cell opens its contacts. */
export function Heatmaps({ data, cash }: { data: DashboardData; cash: (minor: number) => string }) {
  const [metric, setMetric] = useState<HeatMetric>('contacts');
  const [selected, setSelected] = useState<Selected | null>(null);
  // the dialog's code arrives with the first click on a cell
  const [dialog, setDialog] = useState<{ Component: Dialog } | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  const open = (next: Selected) => {
    setSelected(next);
    setUnavailable(false);
    if (!dialog) import('./cell.tsx').then((module) => setDialog({ Component: module.CellDialog }), () => setUnavailable(true));
  };
  const opener = useRef<HTMLElement | null>(null);
  return (
    <Card
      title={t('cross')}
      class="dash-heatmaps"
      actions={<Tabs label={t('colourBy')} selected={metric} onSelect={setMetric} tabs={(['contacts', 'revenue'] as const).map((key) => ({ key, label: t(key) }))} />}
    >
      <p class="muted small">{t('cellHint')}</p>
      <div class="dash-heatgrid">
        {PAIRS.map((pair) => {
          const [rows, columns] = pairDimensions(pair);
          const grid = data.heatmaps[pair];
          const levels = heatLevels(grid, metric);
          return (
            <figure class="dash-heat" data-pair={pair}>
              <figcaption>
                {t(`dim_${rows}`)} × {t(`dim_${columns}`)}
              </figcaption>
              <div class="dash-cells" onKeyDown={(event) => moveInGrid(event, pair)}>
                <span class="dash-corner faint small" aria-hidden="true">
                  {rows.toUpperCase()} ↓ {columns.toUpperCase()} →
                </span>
                {data.bands[columns].map((band) => (
                  <span class="dash-axis small" aria-hidden="true">
                    {bandName(band)}
                  </span>
                ))}
                {grid.map((cells, row) => [
                  <span class="dash-axis dash-rowhead small" aria-hidden="true">
                    {bandName(data.bands[rows][row]!)}
                  </span>,
                  ...cells.map((cell, column) => {
                    const level = levels[row]![column]!;
                    const rowName = bandName(data.bands[rows][row]!);
                    const columnName = bandName(data.bands[columns][column]!);
                    return (
                      <button
                        type="button"
                        class={`dash-cell${level > 0.55 ? ' dark' : ''}`}
                        data-cell={`${pair}:${row}:${column}`}
                        style={{ background: `rgba(79,70,229,${(0.05 + level * 0.9).toFixed(3)})` }}
                        aria-label={t('cellLabel', { row: `${t(`dim_${rows}`)} ${rowName}`, column: `${t(`dim_${columns}`)} ${columnName}`, contacts: count(cell.contacts), revenue: cash(cell.revenue) })}
                        onClick={(event) => {
                          opener.current = event.currentTarget;
                          open({ pair, row, column, name: `${rowName} × ${columnName}`, contacts: cell.contacts });
                        }}
                      >
                        <strong class="num">{count(cell.contacts)}</strong>
                        <span class="small num">{shortMoney(cell.revenue, data.currency)}</span>
                      </button>
                    );
                  }),
                ])}
              </div>
            </figure>
          );
        })}
      </div>
      {selected && unavailable ? <ErrorNotice error={{ code: 'chunk', message: t('unavailable') }} onRetry={() => open(selected)} /> : null}
      {selected && dialog ? (
        <dialog.Component
          selected={selected}
          data={data}
          cash={cash}
          onClose={() => {
            setSelected(null);
            opener.current?.focus();
          }}
        />
      ) : null}
    </Card>
  );
}
