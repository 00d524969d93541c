import { Aggregate, AggregateProps } from './aggregate';

interface ThingProps extends AggregateProps {
  orderId: string;
  state: 'new' | 'done';
  tags: string[];
  amount: { amount: number; currency: string };
}

class Thing extends Aggregate<ThingProps, 'ThingDone', ThingProps['state'], 'orderId' | 'state' | 'tags'>({
  type: 'order',
  orderId: 'orderId',
  state: 'state',
}) {
  /** an aggregate's own getter: a copy, not the field */
  get amount() {
    return { ...this.props.amount };
  }
  finish(at: Date) {
    this.props.state = 'done';
    return this.event('ThingDone', 'new', { kind: 'system', id: null, name: 'test' } as never, at, {});
  }
}

const at = new Date('2025-03-01T10:00:00Z');
const props = (): ThingProps => ({
  id: 't-1',
  sellerId: 's-1',
  orderId: 'o-1',
  state: 'new',
  tags: ['a'],
  amount: { amount: 5, currency: 'RUB' },
  createdAt: at,
  updatedAt: at,
  version: 3,
});

describe('Aggregate', () => {
  it('shows the base fields and the named ones as properties that follow the state', () => {
    const thing = new Thing(props());
    expect([thing.id, thing.sellerId, thing.version, thing.createdAt, thing.orderId, thing.tags]).toEqual([
      't-1',
      's-1',
      3,
      at,
      'o-1',
      ['a'],
    ]);
    const event = thing.finish(at);
    expect(thing.state).toBe('done');
    expect(event).toMatchObject({ aggregateType: 'order', aggregateId: 't-1', orderId: 'o-1', to: 'done' });
  });

  it('keeps a getter the aggregate writes itself', () => {
    const thing = new Thing(props());
    thing.amount.amount = 99;
    expect(thing.amount).toEqual({ amount: 5, currency: 'RUB' });
  });

  it('owns a copy of the state it was made from, and hands out copies as snapshots', () => {
    const input = props();
    const thing = new Thing(input);
    input.tags.push('b');
    const snapshot = thing.toSnapshot();
    snapshot.tags.push('c');
    expect(thing.tags).toEqual(['a']);
    expect(thing.toSnapshot()).toEqual({ ...props(), tags: ['a'] });
  });

  it('copies the Dates and nested objects of its state too, each a value of its own', () => {
    const input = { ...props(), createdAt: new Date(at), amount: { amount: 5, currency: 'RUB' } };
    const thing = new Thing(input);
    input.createdAt.setTime(0);
    input.amount.amount = 1;
    const snapshot = thing.toSnapshot();
    snapshot.updatedAt.setTime(0);
    snapshot.amount.amount = 2;
    expect(thing.toSnapshot()).toEqual(props());
    expect(thing.createdAt).toBeInstanceOf(Date);
  });

  it('restores the aggregate of its own class from a snapshot', () => {
    const thing = Thing.fromSnapshot(new Thing(props()).toSnapshot());
    expect(thing).toBeInstanceOf(Thing);
    expect(thing.finish(at)).toMatchObject({ type: 'ThingDone', aggregateType: 'order', orderId: 'o-1', to: 'done' });
  });

  it('refuses writes through a shown field', () => {
    const thing = new Thing(props());
    expect(() => {
      (thing as { state: string }).state = 'done';
    }).toThrow(TypeError);
  });
});
