import { Table, TableBody, TableCell, TableContainer, TableHead, TableRow } from '@mui/material';
import type { OrderView } from '@aftersale/contracts';
import { useTranslate } from 'react-admin';
import { useFormatMoney } from './MoneyField';

/** An order's lines with prices; line totals are integer products of minor units. */
export function OrderLines({ order }: { order: OrderView }) {
  const translate = useTranslate();
  const format = useFormatMoney();
  return (
    // on a phone the lines scroll sideways inside their card rather than widening the page
    <TableContainer>
      <Table size="small" data-testid="order-lines">
        <TableHead>
          <TableRow>
            <TableCell>{translate('aftersale.common.sku')}</TableCell>
            <TableCell>{translate('aftersale.common.name')}</TableCell>
            <TableCell align="right">{translate('aftersale.common.quantity')}</TableCell>
            <TableCell align="right">{translate('aftersale.common.unit_price')}</TableCell>
            <TableCell align="right">{translate('aftersale.common.line_total')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {order.lines.map((line) => (
            <TableRow key={line.sku}>
              <TableCell>{line.sku}</TableCell>
              <TableCell>{line.name}</TableCell>
              <TableCell align="right">{line.quantity}</TableCell>
              <TableCell align="right">{format(line.unitPrice)}</TableCell>
              <TableCell align="right">
                {format({ amount: line.unitPrice.amount * line.quantity, currency: line.unitPrice.currency })}
              </TableCell>
            </TableRow>
          ))}
          <TableRow>
            <TableCell colSpan={4} align="right">
              <b>{translate('resources.orders.fields.paid')}</b>
            </TableCell>
            <TableCell align="right">
              <b>{format(order.paid)}</b>
            </TableCell>
          </TableRow>
        </TableBody>
      </Table>
    </TableContainer>
  );
}
