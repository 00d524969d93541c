import type { ReactNode } from 'react';
import { Box, Typography } from '@mui/material';

/** A label above a value, for show pages. */
export function Labeled({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box sx={{ minWidth: { xs: 130, sm: 160 } }}>
      <Typography variant="caption" color="text.secondary" component="div">
        {label}
      </Typography>
      <Box>{children}</Box>
    </Box>
  );
}
