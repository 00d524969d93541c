import { Alert, Chip } from '@mui/material';
import type { MarketplaceLinkView } from '@aftersale/contracts';
import { useTranslate } from 'react-admin';

/** A case from Ozon, and where our decision stands with Ozon (docs/ozon.md#push): sending, accepted, refused. */
export function MarketplacePushChip({ link }: { link?: MarketplaceLinkView | null }) {
  const translate = useTranslate();
  if (!link) return null;
  if (!link.push) return <Chip size="small" variant="outlined" label={translate('aftersale.ozon.from_ozon')} />;
  const color = link.push === 'accepted' ? 'success' : link.push === 'sending' ? 'info' : 'error';
  return (
    <>
      <Chip
        size="small"
        color={color}
        data-testid="marketplace-push"
        data-push={link.push}
        label={translate(`aftersale.ozon.push.${link.push}`)}
      />
      {link.pushError && (
        <Alert severity="error" data-testid="marketplace-push-error" sx={{ py: 0 }}>
          {link.pushError}
        </Alert>
      )}
    </>
  );
}
