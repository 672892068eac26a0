import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FacilityAnalysisActions } from '../../facilities/analysis/FacilityAnalysisActions.tsx';
import { useTopics } from '../../indicators/queries.ts';
import { useDataVersion } from '../../indicators/use-query.ts';
import type { IndicatorDetail } from '../../indicators/values.ts';
import { useSelection } from '../../state/selection.tsx';
import type { ViewProps } from '../registry.ts';
import { CatalogueBrowser } from './CatalogueBrowser.tsx';
import { DeriveDialog } from './DeriveDialog.tsx';
import { IndicatorForm } from './IndicatorForm.tsx';
import { IndicatorPage } from './IndicatorPage.tsx';

type Editing = { detail: IndicatorDetail | null } | null;

/** Indikatoren: the catalogue on the left, the chosen indicator's page on the right. */
export default function IndikatorenView({ onNavigate }: ViewProps) {
  const { t } = useTranslation();
  const version = useDataVersion();
  const selection = useSelection();
  const topics = useTopics(version).data ?? [];
  const [editing, setEditing] = useState<Editing>(null);
  const [deriving, setDeriving] = useState(false);

  return (
    <div className="indikatoren-view">
      <CatalogueBrowser
        selectedId={selection.indicatorId}
        onSelect={selection.setIndicator}
        onNew={() => setEditing({ detail: null })}
        onDerive={() => setDeriving(true)}
        extraActions={<FacilityAnalysisActions />}
        version={version}
      />
      <section className="indikatoren-main" aria-label={t('indicators.pageLabel')}>
        {selection.indicatorId ? (
          <IndicatorPage
            key={selection.indicatorId}
            indicatorId={selection.indicatorId}
            version={version}
            onEdit={(detail) => setEditing({ detail })}
            {...(onNavigate ? { onNavigate } : {})}
          />
        ) : (
          <div className="empty-state">
            <h1 className="indicator-title">{t('nav.indikatoren')}</h1>
            <p className="muted">{t('indicators.chooseHint')}</p>
          </div>
        )}
      </section>
      {editing ? (
        <IndicatorForm
          detail={editing.detail}
          topics={topics}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            selection.setIndicator(saved.id);
          }}
        />
      ) : null}
      {deriving ? (
        <DeriveDialog
          version={version}
          onClose={() => setDeriving(false)}
          onSaved={(saved) => {
            setDeriving(false);
            selection.setIndicator(saved.id);
          }}
        />
      ) : null}
    </div>
  );
}
