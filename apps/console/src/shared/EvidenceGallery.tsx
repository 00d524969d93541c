import { useEffect, useState } from 'react';
import { Box, ButtonBase, Dialog, IconButton, Skeleton, Stack } from '@mui/material';
import CloseIcon from '@mui/icons-material/Close';
import ChevronLeftIcon from '@mui/icons-material/ChevronLeft';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import { useTranslate } from 'react-admin';
import { attachmentUrl } from '../api/dataProvider';

function useAttachment(id: string): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    let live = true;
    attachmentUrl(id).then(
      (u) => live && setUrl(u),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [id]);
  return url;
}

function Thumbnail({ id, onOpen, size }: { id: string; onOpen: () => void; size: number }) {
  const url = useAttachment(id);
  const translate = useTranslate();
  return (
    <ButtonBase onClick={onOpen} aria-label={translate('aftersale.lightbox.open')} sx={{ borderRadius: 1 }}>
      {url ? (
        <Box
          component="img"
          src={url}
          alt=""
          sx={{ width: size, height: size, objectFit: 'cover', borderRadius: 1, border: 1, borderColor: 'divider' }}
        />
      ) : (
        <Skeleton variant="rectangular" width={size} height={size} />
      )}
    </ButtonBase>
  );
}

function Full({ id }: { id: string }) {
  const url = useAttachment(id);
  return url ? (
    <Box component="img" src={url} alt="" sx={{ maxWidth: '90vw', maxHeight: '85vh', display: 'block' }} />
  ) : (
    <Skeleton variant="rectangular" width={480} height={360} />
  );
}

/** Photos in place: thumbnails that open a lightbox (arrow keys move, Escape closes). */
export function EvidenceGallery({ ids, size = 72 }: { ids: string[]; size?: number }) {
  const [open, setOpen] = useState<number | null>(null);
  const translate = useTranslate();
  if (ids.length === 0) return null;
  const move = (step: number) => setOpen((i) => (i === null ? i : (i + step + ids.length) % ids.length));
  return (
    <>
      <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', mt: 0.5 }}>
        {ids.map((id, index) => (
          <Thumbnail key={id} id={id} size={size} onOpen={() => setOpen(index)} />
        ))}
      </Stack>
      <Dialog
        open={open !== null}
        onClose={() => setOpen(null)}
        maxWidth={false}
        onKeyDown={(e) => {
          if (e.key === 'ArrowRight') move(1);
          if (e.key === 'ArrowLeft') move(-1);
        }}
      >
        {open !== null && (
          <Box sx={{ position: 'relative', bgcolor: 'black' }} data-testid="lightbox">
            <Full id={ids[open]} />
            <IconButton
              aria-label={translate('aftersale.lightbox.close')}
              onClick={() => setOpen(null)}
              sx={{ position: 'absolute', top: 8, right: 8, color: 'white' }}
            >
              <CloseIcon />
            </IconButton>
            {ids.length > 1 && (
              <>
                <IconButton
                  aria-label={translate('aftersale.lightbox.previous')}
                  onClick={() => move(-1)}
                  sx={{ position: 'absolute', top: '50%', left: 8, color: 'white' }}
                >
                  <ChevronLeftIcon />
                </IconButton>
                <IconButton
                  aria-label={translate('aftersale.lightbox.next')}
                  onClick={() => move(1)}
                  sx={{ position: 'absolute', top: '50%', right: 8, color: 'white' }}
                >
                  <ChevronRightIcon />
                </IconButton>
              </>
            )}
          </Box>
        )}
      </Dialog>
    </>
  );
}
