import { useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/context.tsx';
import { useCatalogue, useTopics } from '../../indicators/queries.ts';
import { useQuery } from '../../indicators/use-query.ts';
import { ValuesImportButton } from '../../imports/values/ValuesImportButton.tsx';
import type { IndicatorSummary, Topic } from '../../indicators/values.ts';

export const SEARCH_DEBOUNCE_MS = 250;

export interface CatalogueBrowserProps {
  selectedId: string | null;
  onSelect: (indicatorId: string) => void;
  onNew: () => void;
  /** „Indikator berechnen…“: opens the dialog for a derived indicator. */
  onDerive?: () => void;
  /** More „new computed indicator“ actions beside it (e.g. from facilities). */
  extraActions?: ReactNode;
  version: number;
}

interface TopicNode {
  topic: Topic;
  children: TopicNode[];
}

function buildTree(topics: readonly Topic[]): TopicNode[] {
  const nodes = new Map(topics.map((t) => [t.id, { topic: t, children: [] as TopicNode[] }]));
  const roots: TopicNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.topic.parentId ? nodes.get(node.topic.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

function subtreeIds(node: TopicNode, into = new Set<string>()): Set<string> {
  into.add(node.topic.id);
  for (const child of node.children) subtreeIds(child, into);
  return into;
}

function findNode(nodes: readonly TopicNode[], id: string): TopicNode | null {
  for (const node of nodes) {
    if (node.topic.id === id) return node;
    const inner = findNode(node.children, id);
    if (inner) return inner;
  }
  return null;
}

/**
 * The indicator catalogue: full-text search (debounced, through indicators.list), a topic tree
 * as filter, and archived indicators on request.
 */
export function CatalogueBrowser({ selectedId, onSelect, onNew, onDerive, extraActions, version }: CatalogueBrowserProps) {
  const { t } = useTranslation();
  const api = useApi();
  const searchId = useId();
  const archivedId = useId();
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [topicId, setTopicId] = useState<string | null>(null);
  const [includeArchived, setIncludeArchived] = useState(false);

  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  const topics = useTopics(version).data;
  const tree = useMemo(() => buildTree(topics ?? []), [topics]);
  const all = useCatalogue(version, includeArchived).data;
  const selectedNode = topicId ? findNode(tree, topicId) : null;
  // A leaf topic is filtered by main; a topic with sub-topics here (main matches one topic only).
  const leafTopic = selectedNode && selectedNode.children.length === 0 ? selectedNode.topic.id : null;
  const input = useMemo(
    () => ({ ...(query ? { query } : {}), ...(leafTopic ? { topicId: leafTopic } : {}), ...(includeArchived ? { includeArchived } : {}) }),
    [query, leafTopic, includeArchived],
  );
  const list = useQuery(JSON.stringify(input), () => api.call('indicators.list', input), version);
  const results = useMemo(() => {
    const found = list.data ?? [];
    if (!selectedNode || leafTopic) return found;
    const ids = subtreeIds(selectedNode);
    return found.filter((i) => i.topicId !== null && ids.has(i.topicId));
  }, [list.data, selectedNode, leafTopic]);

  const counts = useMemo(() => {
    const direct = new Map<string, number>();
    for (const i of all ?? []) if (i.topicId) direct.set(i.topicId, (direct.get(i.topicId) ?? 0) + 1);
    return direct;
  }, [all]);
  const countOf = (node: TopicNode): number => [...subtreeIds(node)].reduce((sum, id) => sum + (counts.get(id) ?? 0), 0);

  const renderNode = (node: TopicNode) => (
    <li key={node.topic.id}>
      <button
        type="button"
        className="topic-button"
        aria-pressed={topicId === node.topic.id}
        onClick={() => setTopicId(topicId === node.topic.id ? null : node.topic.id)}
      >
        <span className="topic-name">{node.topic.name}</span>
        <span className="topic-count">{countOf(node)}</span>
      </button>
      {node.children.length > 0 ? <ul>{node.children.map(renderNode)}</ul> : null}
    </li>
  );

  return (
    <aside className="catalogue" aria-label={t('catalogue.title')} data-testid="catalogue">
      <div className="catalogue-head">
        <h2 className="catalogue-title">{t('catalogue.title')}</h2>
        <button type="button" className="button button--small" onClick={onNew} data-testid="new-indicator">
          {t('catalogue.new')}
        </button>
      </div>
      <div className="catalogue-actions">
        <ValuesImportButton />
        {onDerive ? (
          <button type="button" className="button button--small" onClick={onDerive} data-testid="open-derive">
            {t('derived.open')}
          </button>
        ) : null}
        {extraActions}
      </div>
      <label htmlFor={searchId} className="visually-hidden">
        {t('catalogue.search')}
      </label>
      <input
        id={searchId}
        type="search"
        className="input catalogue-search"
        placeholder={t('catalogue.searchPlaceholder')}
        value={text}
        onChange={(e) => setText(e.target.value)}
        data-testid="catalogue-search"
      />
      <label className="checkbox-row" htmlFor={archivedId}>
        <input id={archivedId} type="checkbox" checked={includeArchived} onChange={(e) => setIncludeArchived(e.target.checked)} />
        <span>{t('catalogue.showArchived')}</span>
      </label>
      {tree.length > 0 ? (
        <nav className="topic-tree" aria-label={t('catalogue.topics')}>
          <ul>
            <li>
              <button type="button" className="topic-button" aria-pressed={topicId === null} onClick={() => setTopicId(null)}>
                <span className="topic-name">{t('catalogue.allTopics')}</span>
                <span className="topic-count">{all?.length ?? ''}</span>
              </button>
            </li>
            {tree.map(renderNode)}
          </ul>
        </nav>
      ) : null}
      <p className="catalogue-status small muted" role="status">
        {list.loading && !list.data ? t('common.loading') : t('catalogue.results', { count: results.length })}
      </p>
      {list.error ? (
        <p className="notice notice--error" role="alert">
          {list.error}
        </p>
      ) : null}
      <ul className="catalogue-list" aria-label={t('catalogue.listLabel')} data-testid="catalogue-list">
        {results.map((indicator) => (
          <CatalogueItem key={indicator.id} indicator={indicator} selected={indicator.id === selectedId} onSelect={onSelect} />
        ))}
      </ul>
    </aside>
  );
}

function CatalogueItem({ indicator, selected, onSelect }: { indicator: IndicatorSummary; selected: boolean; onSelect: (id: string) => void }) {
  const { t } = useTranslation();
  const periods = indicator.periods;
  return (
    <li>
      <button type="button" className="catalogue-item" aria-current={selected ? 'true' : undefined} onClick={() => onSelect(indicator.id)}>
        <span className="catalogue-item-name">{indicator.name}</span>
        <span className="catalogue-item-meta">
          <span className="mono">{indicator.code}</span>
          {indicator.unit ? ` · ${indicator.unit}` : ''}
          {periods.length > 0 ? ` · ${periods[0]!.slice(0, 4)}–${periods[periods.length - 1]!.slice(0, 4)}` : ` · ${t('catalogue.noValues')}`}
          {indicator.archived ? <span className="badge">{t('indicators.archived')}</span> : null}
        </span>
      </button>
    </li>
  );
}
