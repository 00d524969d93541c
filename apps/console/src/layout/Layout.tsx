import type { ReactNode } from 'react';
import { Layout } from 'react-admin';
import { AppMenu } from './Menu';

/**
 * react-admin's layout is at least as wide as its widest content (`min-width: fit-content`), which on a phone
 * made every page wider than the screen (a long title in the app bar was enough). Below `sm` the layout keeps
 * to the screen; wide parts (order lines, tables) scroll inside their card (docs/console.md "Small screens").
 */
export function AppLayout({ children }: { children: ReactNode }) {
  return (
    <Layout
      menu={AppMenu}
      sx={{
        minWidth: { xs: 0, sm: 'fit-content' },
        // flex items shrink to the screen instead of to their content; tables then scroll inside their cards
        '& .RaLayout-content, & .RaList-main, & .MuiGrid-root': { minWidth: { xs: 0 } },
        // a table left on a small screen (refunds, the team) scrolls sideways inside the list
        '& .RaDatagrid-tableWrapper': { overflowX: { xs: 'auto', sm: 'visible' } },
        // on a phone the app bar's title gives way (ellipsis) and the language button shows its icon only
        '& #react-admin-title': { minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
        '& .RaAppBar-toolbar .MuiButton-root': { fontSize: { xs: 0, sm: 'inherit' }, minWidth: { xs: 0, sm: 64 } },
        '& .RaAppBar-toolbar .MuiButton-root .MuiButton-startIcon': { mr: { xs: 0, sm: 1 } },
      }}
    >
      {children}
    </Layout>
  );
}
