export interface WizardStepperProps<S extends number> {
  steps: readonly S[];
  step: S;
  /** The furthest step reached so far. */
  furthest: S;
  /** No going back while main works or once the last step (the import) has begun. */
  locked: boolean;
  /** The navigation's accessible name. */
  label: string;
  stepLabel: (n: S) => string;
  /** „Schritt 2 von 6: Tabelle“ for screen readers. */
  stepAria: (n: S, label: string) => string;
  onGo: (step: S) => void;
}

/** "1 Datei · 2 Tabelle · …": where the planner is; steps already reached (not the last) can be revisited. */
export function WizardStepper<S extends number>({ steps, step, furthest, locked, label, stepLabel, stepAria, onGo }: WizardStepperProps<S>) {
  const last = steps.at(-1);
  return (
    <nav className="vw-stepper" aria-label={label}>
      <ol>
        {steps.map((n) => {
          const text = stepLabel(n);
          const content = (
            <>
              <span className="vw-step-number" aria-hidden="true">
                {n}
              </span>
              <span className="vw-step-label">{text}</span>
            </>
          );
          const aria = stepAria(n, text);
          const state = n === step ? 'current' : n < step || n <= furthest ? 'done' : 'todo';
          return (
            <li key={n} className={`vw-step vw-step--${state}`}>
              {n === step ? (
                <span aria-current="step" aria-label={aria}>
                  {content}
                </span>
              ) : n <= furthest && n !== last && !locked ? (
                <button type="button" className="vw-step-button" aria-label={aria} onClick={() => onGo(n)}>
                  {content}
                </button>
              ) : (
                <span aria-label={aria}>{content}</span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
