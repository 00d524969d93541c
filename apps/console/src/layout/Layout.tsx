import type { ReactNode } from 'react';
import { Layout } from 'react-admin';
import { AppMenu } from './Menu';

/**
 * react-admin's layout is at least as wide as its widest content (`min-width: fit-content`), which on a phone
 * made every page wider than the screen (a long title in the app bar was enough). Below `sm` the layout keeps
 * to the screen; wide parts (order lines, tables) scroll inside their card (README "Using the console").
 */
export function AppLayout({ children }: { children: ReactNode }) {
  return (
    <Layout
      menu={AppMenu}
      sx={(theme) => ({
        [theme.breakpoints.down('sm')]: {
          minWidth: 0,
          // flex items shrink to the screen instead of to their content; tables then scroll inside their cards
          '& .RaLayout-content, & .RaList-main, & .MuiGrid-root': { minWidth: 0 },
          // a table left on a small screen (refunds, the team) scrolls sideways inside the list
          '& .RaDatagrid-tableWrapper': { overflowX: 'auto' },
          // the language button shows its icon only
          '& .RaAppBar-toolbar .MuiButton-root': { fontSize: 0, minWidth: 0 },
          '& .RaAppBar-toolbar .MuiButton-root .MuiButton-startIcon': { mr: 0 },
        },
        // the app bar's title gives way (ellipsis) to the buttons
        '& #react-admin-title': { minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
      })}
    >
      {children}
    </Layout>
  );
}
