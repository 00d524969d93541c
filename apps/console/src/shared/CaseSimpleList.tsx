import { SimpleList } from 'react-admin';
import { Countdown } from './Countdown';
import { ReasonText } from './reasons';
import { StateChip } from './StateChip';

interface CaseRecord {
  id: string;
  postingNumber: string;
  reasonId: string | null;
  state: string;
}

/**
 * A queue of cases on a phone (README "Using the console"): one case per line — its posting number, the
 * buyer's reason, and the countdown while it waits for the seller (its state once decided). Deciding happens on
 * the case's page.
 */
export function CaseSimpleList<T extends CaseRecord>(props: {
  namespace: 'cancellation' | 'return';
  /** the deadline while the case waits for the seller, null once it does not */
  deadline: (record: T) => string | null;
}) {
  return (
    <SimpleList<T>
      rowClick="show"
      primaryText={(r) => r.postingNumber}
      secondaryText={(r) => <ReasonText id={r.reasonId} />}
      tertiaryText={(r) => {
        const deadline = props.deadline(r);
        return deadline ? <Countdown deadline={deadline} /> : <StateChip source="state" namespace={props.namespace} />;
      }}
      data-testid="simple-list"
    />
  );
}
