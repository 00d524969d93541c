import { useMediaQuery, type Theme } from '@mui/material';

/**
 * Phones and small tablets (below MUI's `sm`, 600 px): lists show react-admin's SimpleList, one case per line
 * with large touch targets, instead of a table that would scroll sideways (README "Using the console").
 */
export function useSmallScreen(): boolean {
  return useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
}
