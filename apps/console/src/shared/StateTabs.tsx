import { Tab, Tabs } from '@mui/material';
import { useGetList, useListContext, useTranslate } from 'react-admin';

export interface TabSpec {
  id: string;
  /** the state filter of the tab; undefined = every state */
  states?: string[];
  sort?: { field: string; order: 'ASC' | 'DESC' };
}

function TabLabel({ resource, label, filter }: { resource: string; label: string; filter: object }) {
  const { total } = useGetList(resource, { filter, pagination: { page: 1, perPage: 1 } }, { refetchInterval: 60_000 });
  return (
    <span>
      {label}
      {total !== undefined ? ` (${total})` : ''}
    </span>
  );
}

const sameStates = (a: unknown, b: string[] | undefined) =>
  JSON.stringify(a === undefined ? undefined : Array.isArray(a) ? a : [a]) === JSON.stringify(b);

/**
 * Tabs by state with server-side counts, like the demo's order tabs: each the list total of the tab's states under
 * the list's other filters (a search, a deadline window), so the open tab's count is the page's total.
 */
export function StateTabs({ tabs, labelPrefix }: { tabs: TabSpec[]; labelPrefix: string }) {
  const { resource, filterValues, setFilters, setSort, displayedFilters } = useListContext();
  const translate = useTranslate();
  const current = tabs.find((t) => sameStates(filterValues.state, t.states))?.id ?? false;
  const { state: _state, ...others } = filterValues;
  return (
    <Tabs
      value={current}
      variant="scrollable"
      allowScrollButtonsMobile
      // on a phone the tabs scroll inside the screen's width instead of widening the page
      sx={{ maxWidth: { xs: 'calc(100vw - 16px)', sm: 'none' } }}
      onChange={(_, id) => {
        const tab = tabs.find((t) => t.id === id)!;
        setFilters(tab.states ? { ...others, state: tab.states } : others, displayedFilters);
        if (tab.sort) setSort(tab.sort);
      }}
    >
      {tabs.map((tab) => (
        <Tab
          key={tab.id}
          value={tab.id}
          label={
            <TabLabel
              resource={resource}
              label={translate(`${labelPrefix}.${tab.id}`)}
              filter={tab.states ? { ...others, state: tab.states } : others}
            />
          }
        />
      ))}
    </Tabs>
  );
}
