import { Tab, Tabs } from '@mui/material';
import { useGetList, useListContext, useTranslate } from 'react-admin';

export interface TabSpec {
  id: string;
  /** the state filter of the tab; undefined = every state */
  states?: string[];
  sort?: { field: string; order: 'ASC' | 'DESC' };
}

function TabLabel({ resource, label, states }: { resource: string; label: string; states?: string[] }) {
  const { total } = useGetList(
    resource,
    { filter: states ? { state: states } : {}, pagination: { page: 1, perPage: 1 } },
    { refetchInterval: 60_000 },
  );
  return (
    <span>
      {label}
      {total !== undefined ? ` (${total})` : ''}
    </span>
  );
}

const sameStates = (a: unknown, b: string[] | undefined) =>
  JSON.stringify(a === undefined ? undefined : Array.isArray(a) ? a : [a]) === JSON.stringify(b);

/** Tabs by state with server-side counts (the list total of each tab's filter), like the demo's order tabs. */
export function StateTabs({ tabs, labelPrefix }: { tabs: TabSpec[]; labelPrefix: string }) {
  const { resource, filterValues, setFilters, setSort, displayedFilters } = useListContext();
  const translate = useTranslate();
  const current = tabs.find((t) => sameStates(filterValues.state, t.states))?.id ?? false;
  return (
    <Tabs
      value={current}
      variant="scrollable"
      allowScrollButtonsMobile
      // on a phone the tabs scroll inside the screen's width instead of widening the page
      sx={{ maxWidth: { xs: 'calc(100vw - 16px)', sm: 'none' } }}
      onChange={(_, id) => {
        const tab = tabs.find((t) => t.id === id)!;
        const { state: _state, ...rest } = filterValues;
        setFilters(tab.states ? { ...rest, state: tab.states } : rest, displayedFilters);
        if (tab.sort) setSort(tab.sort);
      }}
    >
      {tabs.map((tab) => (
        <Tab
          key={tab.id}
          value={tab.id}
          label={<TabLabel resource={resource} label={translate(`${labelPrefix}.${tab.id}`)} states={tab.states} />}
        />
      ))}
    </Tabs>
  );
}
