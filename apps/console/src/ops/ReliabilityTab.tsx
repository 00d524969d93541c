import { Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useLocaleState, useTranslate } from 'react-admin';
import { opsApi, percent } from './api';

/** Per seller, last 30 days (docs/operations.md "Seller reliability"). */
export function ReliabilityTab() {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const rows = useQuery({ queryKey: ['ops', 'reliability'], queryFn: opsApi.reliability });
  const columns = [
    'seller',
    'orders',
    'cancellation_rate',
    'in_time',
    'median_decision',
    'return_rate',
    'defect_rate',
    'disputes',
  ] as const;
  return (
    <Table size="small" data-testid="reliability-table">
      <TableHead>
        <TableRow>
          {columns.map((column) => (
            <TableCell key={column} align={column === 'seller' ? 'left' : 'right'}>
              {translate(`aftersale.ops.reliability.${column}`)}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {(rows.data ?? []).map((row) => (
          <TableRow key={row.sellerId} data-testid={`reliability-${row.sellerId}`}>
            <TableCell>{row.sellerName}</TableCell>
            <TableCell align="right">{row.orders30d}</TableCell>
            <TableCell align="right">{percent(row.cancellationRate, locale)}</TableCell>
            <TableCell align="right">{percent(row.decidedInTimeShare, locale)}</TableCell>
            <TableCell align="right">
              {row.medianDecisionMinutes === null
                ? '—'
                : translate('aftersale.ops.minutes', { count: row.medianDecisionMinutes })}
            </TableCell>
            <TableCell align="right">{percent(row.returnRate, locale)}</TableCell>
            <TableCell align="right">{percent(row.defectRate, locale)}</TableCell>
            <TableCell align="right">
              {row.disputesWon} / {row.disputesLost}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
