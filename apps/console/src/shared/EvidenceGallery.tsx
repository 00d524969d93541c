import { useEffect, useState } from 'react';
import { Box, ButtonBase, Dialog, IconButton, Skeleton, Stack } from '@mui/material';
import CloseIcon from '@mui/icons-material/Close';
import ChevronLeftIcon from '@mui/icons-material/ChevronLeft';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import PlayCircleOutlineIcon from '@mui/icons-material/PlayCircleOutline';
import { useTranslate } from 'react-admin';
import { attachmentUrl, type AttachmentBlob } from '../api/dataProvider';

/** The attachment's object URL and type; a video (the api accepts `video/*`) is shown by a player, not an img. */
function useAttachment(id: string): AttachmentBlob | undefined {
  const [url, setUrl] = useState<AttachmentBlob>();
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

const isVideo = (file: AttachmentBlob) => file.contentType.toLowerCase().startsWith('video/');

function Thumbnail({ id, onOpen, size }: { id: string; onOpen: () => void; size: number }) {
  const file = useAttachment(id);
  const translate = useTranslate();
  const frame = { width: size, height: size, objectFit: 'cover', borderRadius: 1, border: 1, borderColor: 'divider' };
  const video = !!file && isVideo(file);
  return (
    <ButtonBase
      onClick={onOpen}
      aria-label={translate(video ? 'aftersale.lightbox.open_video' : 'aftersale.lightbox.open')}
      sx={{ borderRadius: 1, position: 'relative' }}
    >
      {file && video ? (
        <>
          {/* the first frame as the thumbnail; played in the lightbox */}
          <Box
            component="video"
            src={file.url}
            muted
            playsInline
            preload="metadata"
            data-testid="evidence-video-thumbnail"
            sx={{ ...frame, display: 'block', bgcolor: 'black' }}
          />
          <PlayCircleOutlineIcon
            sx={{ position: 'absolute', color: 'white', fontSize: Math.min(40, size / 2), pointerEvents: 'none' }}
          />
        </>
      ) : file ? (
        <Box component="img" src={file.url} alt="" sx={frame} />
      ) : (
        <Skeleton variant="rectangular" width={size} height={size} />
      )}
    </ButtonBase>
  );
}

function Full({ id }: { id: string }) {
  const file = useAttachment(id);
  const sx = { maxWidth: '90vw', maxHeight: '85vh', display: 'block' };
  return file && isVideo(file) ? (
    <Box
      component="video"
      src={file.url}
      controls
      playsInline
      data-testid="evidence-video"
      // wide enough that the previous/next buttons (half-way down) stay clear of the player's controls; a portrait
      // video is letterboxed within the height
      sx={{ ...sx, width: 'min(90vw, 960px)', objectFit: 'contain', bgcolor: 'black' }}
    />
  ) : file ? (
    <Box component="img" src={file.url} alt="" sx={sx} />
  ) : (
    <Skeleton variant="rectangular" width={480} height={360} />
  );
}

/**
 * Photos and videos in place (docs/console.md "Evidence in place"): thumbnails that open a lightbox (arrow keys move,
 * except on a playing video, whose own controls take them; Escape closes).
 */
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
          if (e.target instanceof HTMLVideoElement) return; // the player seeks with the arrow keys
          if (e.key === 'ArrowRight') move(1);
          if (e.key === 'ArrowLeft') move(-1);
        }}
      >
        {open !== null && (
          <Box sx={{ position: 'relative', bgcolor: 'black' }} data-testid="lightbox">
            <Full key={ids[open]} id={ids[open]} />
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
