import { useRef, useState } from 'react';
import { Box, Button, Card, CardContent, Chip, Stack, TextField, Typography } from '@mui/material';
import AttachFileIcon from '@mui/icons-material/AttachFile';
import type { MarketplaceRepliesView, MessageCaseType, MessageView } from '@aftersale/contracts';
import { useCreate, useDataProvider, useGetList, useNotify, useRefresh, useTranslate } from 'react-admin';
import type { AftersaleDataProvider } from '../api/dataProvider';
import { EvidenceGallery } from './EvidenceGallery';
import { ReplyPushStatus } from './ReplyPushStatus';
import { useFormatDate } from './dates';
import { useNotifyProblem } from './useCommand';

/**
 * The case's thread read like a chat: the buyer (channel) on the left, the seller's people on the right,
 * system messages centred; newest at the bottom, the reply box under it. On a case from Ozon each reply says where
 * it stands with Ozon's chat (`replies`, the case's `marketplace.replies`).
 */
export function ConversationPanel({
  caseType,
  caseId,
  replies,
}: {
  caseType: MessageCaseType;
  caseId: string;
  replies?: MarketplaceRepliesView;
}) {
  const translate = useTranslate();
  const formatDate = useFormatDate();
  const refresh = useRefresh();
  const pushOf = new Map(replies?.messages.map((reply) => [reply.messageId, reply]));
  const { data = [], refetch } = useGetList<MessageView>('messages', {
    filter: { caseType, caseId },
    sort: { field: 'createdAt', order: 'ASC' },
    pagination: { page: 1, perPage: 200 },
  });
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h6" gutterBottom>
          {translate('aftersale.conversation.title')}
        </Typography>
        <Stack spacing={1.5} data-testid="conversation">
          {data.length === 0 && (
            <Typography color="text.secondary">{translate('aftersale.conversation.empty')}</Typography>
          )}
          {data.map((message) => {
            const side =
              message.author.kind === 'system'
                ? 'center'
                : message.author.kind === 'channel'
                  ? 'flex-start'
                  : 'flex-end';
            const push = pushOf.get(message.id);
            return (
              <Box key={message.id} sx={{ display: 'flex', justifyContent: side }}>
                <Box
                  sx={{
                    maxWidth: '80%',
                    px: 1.5,
                    py: 1,
                    borderRadius: 2,
                    bgcolor:
                      message.author.kind === 'system'
                        ? 'action.hover'
                        : message.author.kind === 'channel'
                          ? 'grey.100'
                          : 'rgba(25, 118, 210, 0.08)',
                    border: 1,
                    borderColor: 'divider',
                  }}
                >
                  <Typography variant="caption" color="text.secondary">
                    {message.author.kind === 'system'
                      ? translate('aftersale.conversation.author_system')
                      : message.author.name}
                    {' · '}
                    {formatDate(message.createdAt)}
                  </Typography>
                  <Typography sx={{ whiteSpace: 'pre-wrap' }}>{message.body}</Typography>
                  <EvidenceGallery ids={message.attachmentIds} />
                  {push && <ReplyPushStatus reply={push} />}
                </Box>
              </Box>
            );
          })}
        </Stack>
        {/* the case too: a reply on a case from Ozon shows "Sending to Ozon…" at once */}
        <ReplyBox caseType={caseType} caseId={caseId} onSent={() => (replies ? refresh() : refetch())} />
      </CardContent>
    </Card>
  );
}

function ReplyBox({ caseType, caseId, onSent }: { caseType: MessageCaseType; caseId: string; onSent: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const notifyProblem = useNotifyProblem();
  const dataProvider = useDataProvider<AftersaleDataProvider>();
  const [create, { isPending }] = useCreate();
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [uploading, setUploading] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const send = async () => {
    try {
      setUploading(true);
      const attachmentIds: string[] = [];
      for (const file of files) attachmentIds.push((await dataProvider.upload(file)).data.id);
      setUploading(false);
      await create('messages', { data: { caseType, caseId, body, attachmentIds } }, { returnPromise: true });
      setBody('');
      setFiles([]);
      notify('aftersale.conversation.sent', { type: 'success' });
      onSent();
    } catch (error) {
      setUploading(false);
      notifyProblem(error);
    }
  };
  return (
    <Stack spacing={1} sx={{ mt: 2 }}>
      <TextField
        multiline
        minRows={2}
        label={translate('aftersale.conversation.reply')}
        value={body}
        onChange={(e) => setBody(e.target.value)}
      />
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <input
          ref={input}
          type="file"
          accept="image/*,video/*"
          multiple
          hidden
          data-testid="reply-files"
          onChange={(e) => setFiles(Array.from(e.target.files ?? []))}
        />
        <Button startIcon={<AttachFileIcon />} onClick={() => input.current?.click()}>
          {translate('aftersale.conversation.attach')}
        </Button>
        {files.length > 0 && (
          <Chip size="small" label={translate('aftersale.conversation.attached', { smart_count: files.length })} />
        )}
        <Box sx={{ flex: 1 }} />
        <Button variant="contained" disabled={!body.trim() || isPending || uploading} onClick={send}>
          {translate('aftersale.conversation.send')}
        </Button>
      </Stack>
    </Stack>
  );
}
