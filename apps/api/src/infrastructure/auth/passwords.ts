export {
  currentScryptParams,
  hashPassword,
  verifyPassword,
  needsRehash,
  hashChannelKey,
} from '@aftersale/server/persistence';
